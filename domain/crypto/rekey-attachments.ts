/**
 * Key rotation of uploads: every attachment's file in the object store and its encrypted file
 * name are re-encrypted with the current key (the first of PII_KEYS). A file already under the
 * current key is left alone, so a run that stopped half-way is simply run again. Each file is
 * replaced by one whole PUT (or rename) under the same key name; its row is rewritten after it.
 * Run by `npm run pii:rekey` after rekeyPii (scripts/pii-rekey.ts).
 */
import type { DataSource } from 'typeorm';
import type { ObjectStore } from '../storage/object-store.js';
import { attachmentLabel } from '../services/attachment.service.js';
import { PII_LABEL, type PiiCipher } from './pii.js';

/** Re-encrypts the attachments (all, or those of the given cases); returns how many files and names were rewritten. */
export async function rekeyAttachments(ds: DataSource, c: PiiCipher, store: ObjectStore, caseIds?: string[]): Promise<{ files: number; names: number }> {
  const filter = caseIds ? { sql: 'WHERE case_id = ANY($1)', params: [caseIds] } : { sql: '', params: [] };
  const rows = (await ds.query(`SELECT id, storage_key, file_name FROM case_attachment ${filter.sql} ORDER BY created_at`, filter.params)) as { id: string; storage_key: string; file_name: string }[];
  let files = 0;
  let names = 0;
  for (const r of rows) {
    const stored = await store.get(r.storage_key);
    if (c.keyIdOfBytes(stored) !== c.currentKeyId) {
      const label = attachmentLabel(r.id);
      await store.put(r.storage_key, c.encryptBytes(c.decryptBytes(stored, label), label));
      files++;
    }
    if (c.keyIdOf(r.file_name) !== c.currentKeyId) {
      const name = c.decrypt(r.file_name, PII_LABEL.attachmentFileName);
      await ds.query(`UPDATE case_attachment SET file_name = $2 WHERE id = $1`, [r.id, c.encrypt(name, PII_LABEL.attachmentFileName)]);
      names++;
    }
  }
  return { files, names };
}
