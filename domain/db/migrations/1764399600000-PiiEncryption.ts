import type { MigrationInterface, QueryRunner } from 'typeorm';
import { PII_LABEL, idNumberIndex, pii } from '../../crypto/pii.js';

/**
 * Personal data encrypted at rest: the clear-text ID number, phone and
 * address columns become AES-256-GCM ciphertext columns (*_enc) with a blind
 * index for ID numbers (*_hash); existing rows are converted with the current
 * key and the clear columns dropped. Adds the optional payment card number
 * (encrypted from the start) and the audit entry's detail (what was revealed
 * and why).
 */
export class PiiEncryption1764399600000 implements MigrationInterface {
  name = 'PiiEncryption1764399600000';

  async up(q: QueryRunner): Promise<void> {
    const c = pii();
    await q.query(`ALTER TABLE "household" ADD "head_id_enc" text, ADD "head_id_hash" character(64), ADD "phone_enc" text, ADD "address_enc" text, ADD "bank_card_enc" text`);
    await q.query(`ALTER TABLE "household_member" ADD "id_number_enc" text, ADD "id_hash" character(64)`);
    const households = (await q.query(`SELECT id, head_id_number, phone, address FROM "household"`)) as { id: string; head_id_number: string; phone: string | null; address: string }[];
    for (const h of households) {
      await q.query(`UPDATE "household" SET head_id_enc = $2, head_id_hash = $3, phone_enc = $4, address_enc = $5 WHERE id = $1`, [
        h.id,
        c.encrypt(h.head_id_number, PII_LABEL.headIdNumber),
        idNumberIndex(h.head_id_number),
        h.phone === null ? null : c.encrypt(h.phone, PII_LABEL.phone),
        c.encrypt(h.address, PII_LABEL.address),
      ]);
    }
    const members = (await q.query(`SELECT id, id_number FROM "household_member"`)) as { id: string; id_number: string }[];
    for (const m of members) {
      await q.query(`UPDATE "household_member" SET id_number_enc = $2, id_hash = $3 WHERE id = $1`, [m.id, c.encrypt(m.id_number, PII_LABEL.memberIdNumber), idNumberIndex(m.id_number)]);
    }
    await q.query(`ALTER TABLE "household" ALTER "head_id_enc" SET NOT NULL, ALTER "head_id_hash" SET NOT NULL, ALTER "address_enc" SET NOT NULL`);
    await q.query(`ALTER TABLE "household_member" ALTER "id_number_enc" SET NOT NULL, ALTER "id_hash" SET NOT NULL`);
    await q.query(`DROP INDEX IF EXISTS "IDX_eae5b6d46f1482be501ee11b59"`);
    await q.query(`ALTER TABLE "household" DROP COLUMN "head_id_number", DROP COLUMN "phone", DROP COLUMN "address"`);
    await q.query(`ALTER TABLE "household_member" DROP COLUMN "id_number"`);
    await q.query(`CREATE INDEX "IDX_household_head_id_hash" ON "household" ("head_id_hash")`);
    await q.query(`CREATE INDEX "IDX_household_member_id_hash" ON "household_member" ("id_hash")`);
    await q.query(`ALTER TABLE "audit_entry" ADD "detail" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    const c = pii();
    await q.query(`ALTER TABLE "audit_entry" DROP COLUMN "detail"`);
    await q.query(`ALTER TABLE "household" ADD "head_id_number" character varying(18), ADD "phone" character varying(20), ADD "address" character varying(200)`);
    await q.query(`ALTER TABLE "household_member" ADD "id_number" character varying(18)`);
    const households = (await q.query(`SELECT id, head_id_enc, phone_enc, address_enc FROM "household"`)) as { id: string; head_id_enc: string; phone_enc: string | null; address_enc: string }[];
    for (const h of households) {
      await q.query(`UPDATE "household" SET head_id_number = $2, phone = $3, address = $4 WHERE id = $1`, [
        h.id,
        c.decrypt(h.head_id_enc, PII_LABEL.headIdNumber),
        h.phone_enc === null ? null : c.decrypt(h.phone_enc, PII_LABEL.phone),
        c.decrypt(h.address_enc, PII_LABEL.address),
      ]);
    }
    const members = (await q.query(`SELECT id, id_number_enc FROM "household_member"`)) as { id: string; id_number_enc: string }[];
    for (const m of members) await q.query(`UPDATE "household_member" SET id_number = $2 WHERE id = $1`, [m.id, c.decrypt(m.id_number_enc, PII_LABEL.memberIdNumber)]);
    await q.query(`DROP INDEX IF EXISTS "IDX_household_head_id_hash"`);
    await q.query(`DROP INDEX IF EXISTS "IDX_household_member_id_hash"`);
    await q.query(`ALTER TABLE "household" DROP COLUMN "head_id_enc", DROP COLUMN "head_id_hash", DROP COLUMN "phone_enc", DROP COLUMN "address_enc", DROP COLUMN "bank_card_enc"`);
    await q.query(`ALTER TABLE "household_member" DROP COLUMN "id_number_enc", DROP COLUMN "id_hash"`);
    await q.query(`CREATE INDEX "IDX_eae5b6d46f1482be501ee11b59" ON "household" ("head_id_number")`);
  }
}
