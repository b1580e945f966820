import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { PII_LABEL, piiColumn } from '../crypto/pii.js';
import { ATTACHMENT_KINDS, ATTACHMENT_KIND_NAMES } from '../../contracts/kinds.js';
export { ATTACHMENT_KINDS, ATTACHMENT_KIND_NAMES };
import type { AttachmentKind } from '../../contracts/kinds.js';
export type { AttachmentKind };

/** 附件: a scan of a material handed in at the window or a photo of the home visit; the file itself is encrypted in the object store. */
@Entity({ name: 'case_attachment' })
export class CaseAttachment {
  @PrimaryColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ type: 'varchar', length: 16 })
  kind: AttachmentKind;

  /** Which material a scan shows (codes from domain/documents.ts), when it is one. */
  @Column({ name: 'document_code', type: 'varchar', length: 32, nullable: true })
  documentCode: string | null;

  /** The name the file had on the uploader's device (may name a person: encrypted). */
  @Column({ name: 'file_name', type: 'text', transformer: piiColumn(PII_LABEL.attachmentFileName) })
  fileName: string;

  /** Type found in the content (magic bytes), not the one the browser claimed. */
  @Column({ name: 'mime_type', type: 'varchar', length: 64 })
  mimeType: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes: number;

  /** Key in the object store (ciphertext). */
  @Column({ name: 'storage_key', type: 'varchar', length: 120 })
  storageKey: string;

  @Column({ name: 'uploaded_by', type: 'uuid' })
  uploadedBy: string;

  @Column({ name: 'uploaded_by_name', type: 'varchar', length: 64 })
  uploadedByName: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
