/**
 * What an upload is, by its content (magic bytes), never by its name or the
 * Content-Type the browser claims: scans and photos only. A renamed executable
 * (MZ, ELF, a script) matches nothing and is refused.
 */
export interface FileType {
  mime: 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';
  ext: 'jpg' | 'png' | 'webp' | 'pdf';
  name: string;
}

const TYPES: { type: FileType; test: (b: Buffer) => boolean }[] = [
  { type: { mime: 'image/jpeg', ext: 'jpg', name: 'JPEG 图片' }, test: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: { mime: 'image/png', ext: 'png', name: 'PNG 图片' }, test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: { mime: 'image/webp', ext: 'webp', name: 'WebP 图片' }, test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  { type: { mime: 'application/pdf', ext: 'pdf', name: 'PDF 文件' }, test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
];

/** The accepted type the content starts with, or null. */
export function sniffFileType(content: Buffer): FileType | null {
  return TYPES.find((t) => t.test(content))?.type ?? null;
}

/** For messages: which types are accepted. */
export const ACCEPTED_TYPE_NAMES = TYPES.map((t) => t.type.name).join('、');
