/**
 * Where uploaded files live, behind one interface: the data directory by
 * default (`<data dir>/uploads`), or an S3-compatible object store (MinIO in
 * docker/) when OBJECT_STORE=s3. Callers store ciphertext only (domain/crypto/pii.ts).
 */
import fs from 'node:fs/promises';
import path from 'node:path';

export interface ObjectStore {
  put(key: string, content: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
  delete(key: string): Promise<void>;
}

/** Keys are `cases/<uuid>/<uuid>`: nothing that could leave the store's root. */
export function assertKey(key: string): void {
  if (!/^[a-z]+(\/[0-9a-f-]{36})+$/.test(key)) throw new Error(`对象键不合法：${key}`);
}

/** The embedded default: one file per object under a directory, written atomically (temp file, then rename). */
export class FileObjectStore implements ObjectStore {
  constructor(private readonly root: string) {}

  async put(key: string, content: Buffer): Promise<void> {
    assertKey(key);
    const file = path.join(this.root, key);
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, content, { mode: 0o600 });
    await fs.rename(tmp, file);
  }

  async get(key: string): Promise<Buffer> {
    assertKey(key);
    return fs.readFile(path.join(this.root, key));
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    await fs.rm(path.join(this.root, key), { force: true });
  }
}
