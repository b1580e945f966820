/**
 * Key rotation: re-encrypts every personal-data column with the current key
 * (the first of PII_KEYS) and recomputes the blind indexes with the current
 * PII_INDEX_KEY. Values are decrypted with whichever configured key they were
 * written with, so the old key must stay in PII_KEYS until this has run.
 * Idempotent; run by `npm run pii:rekey` (scripts/pii-rekey.ts).
 */
import type { DataSource } from 'typeorm';
import { PII_LABEL, type PiiCipher } from './pii.js';

export interface RekeyResult {
  households: number;
  members: number;
  /** Objectors' contacts (only when every household is rekeyed). */
  objections?: number;
}

/** Re-encrypts the households (all, or the given ones) and their members; returns how many rows were rewritten. */
export async function rekeyPii(ds: DataSource, c: PiiCipher, householdIds?: string[]): Promise<RekeyResult> {
  const idx = (v: string) => c.blindIndex(v, 'id_number');
  const filter = householdIds ? { sql: 'WHERE id = ANY($1)', params: [householdIds] } : { sql: '', params: [] };
  const memberFilter = householdIds ? { sql: 'WHERE household_id = ANY($1)', params: [householdIds] } : { sql: '', params: [] };
  const enc = (v: string | null, label: string) => (v === null ? null : c.encrypt(c.decrypt(v, label), label));
  return ds.transaction(async (em) => {
    const hs = (await em.query(`SELECT id, head_id_enc, phone_enc, address_enc, bank_card_enc FROM household ${filter.sql} FOR UPDATE`, filter.params)) as {
      id: string;
      head_id_enc: string;
      phone_enc: string | null;
      address_enc: string;
      bank_card_enc: string | null;
    }[];
    for (const h of hs) {
      const head = c.decrypt(h.head_id_enc, PII_LABEL.headIdNumber);
      await em.query(`UPDATE household SET head_id_enc = $2, head_id_hash = $3, phone_enc = $4, address_enc = $5, bank_card_enc = $6 WHERE id = $1`, [
        h.id,
        c.encrypt(head, PII_LABEL.headIdNumber),
        idx(head),
        enc(h.phone_enc, PII_LABEL.phone),
        enc(h.address_enc, PII_LABEL.address),
        enc(h.bank_card_enc, PII_LABEL.bankCard),
      ]);
    }
    const ms = (await em.query(`SELECT id, id_number_enc, facts_enc FROM household_member ${memberFilter.sql} FOR UPDATE`, memberFilter.params)) as { id: string; id_number_enc: string; facts_enc: string | null }[];
    for (const m of ms) {
      const v = c.decrypt(m.id_number_enc, PII_LABEL.memberIdNumber);
      await em.query(`UPDATE household_member SET id_number_enc = $2, id_hash = $3, facts_enc = $4 WHERE id = $1`, [m.id, c.encrypt(v, PII_LABEL.memberIdNumber), idx(v), enc(m.facts_enc, PII_LABEL.memberFacts)]);
    }
    if (householdIds) return { households: hs.length, members: ms.length };
    const os = (await em.query(`SELECT id, contact_enc FROM notice_objection WHERE contact_enc IS NOT NULL FOR UPDATE`)) as { id: string; contact_enc: string }[];
    for (const o of os) await em.query(`UPDATE notice_objection SET contact_enc = $2 WHERE id = $1`, [o.id, enc(o.contact_enc, PII_LABEL.objectorContact)]);
    return { households: hs.length, members: ms.length, objections: os.length };
  });
}
