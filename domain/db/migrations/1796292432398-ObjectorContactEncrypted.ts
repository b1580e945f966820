import type { MigrationInterface, QueryRunner } from 'typeorm';
import { PII_LABEL, pii } from '../../crypto/pii.js';

/** The public objector's contact (usually a phone number) is personal data: encrypted like the household's phone. */
export class ObjectorContactEncrypted1796292432398 implements MigrationInterface {
  name = 'ObjectorContactEncrypted1796292432398';

  async up(q: QueryRunner): Promise<void> {
    const c = pii();
    await q.query(`ALTER TABLE "notice_objection" ADD "contact_enc" text`);
    const rows = (await q.query(`SELECT id, contact FROM "notice_objection" WHERE contact IS NOT NULL`)) as { id: string; contact: string }[];
    for (const r of rows) await q.query(`UPDATE "notice_objection" SET contact_enc = $2 WHERE id = $1`, [r.id, c.encrypt(r.contact, PII_LABEL.objectorContact)]);
    await q.query(`ALTER TABLE "notice_objection" DROP COLUMN "contact"`);
  }

  async down(q: QueryRunner): Promise<void> {
    const c = pii();
    await q.query(`ALTER TABLE "notice_objection" ADD "contact" character varying(64)`);
    const rows = (await q.query(`SELECT id, contact_enc FROM "notice_objection" WHERE contact_enc IS NOT NULL`)) as { id: string; contact_enc: string }[];
    for (const r of rows) await q.query(`UPDATE "notice_objection" SET contact = $2 WHERE id = $1`, [r.id, c.decrypt(r.contact_enc, PII_LABEL.objectorContact)]);
    await q.query(`ALTER TABLE "notice_objection" DROP COLUMN "contact_enc"`);
  }
}
