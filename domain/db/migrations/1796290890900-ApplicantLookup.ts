import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 求助有门: the lookup code printed on the 受理通知书 (stored as a keyed hash only)
 * and the attempts of the public lookup per source address (its rate limit).
 */
export class ApplicantLookup1796290890900 implements MigrationInterface {
  name = 'ApplicantLookup1796290890900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "assistance_case" ADD "lookup_code_hash" varchar(64)`);
    await q.query(`CREATE TABLE "public_lookup_attempt" ("id" bigserial PRIMARY KEY, "address" varchar(64) NOT NULL, "at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "IDX_public_lookup_attempt_address_at" ON "public_lookup_attempt" ("address", "at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "public_lookup_attempt"`);
    await q.query(`ALTER TABLE "assistance_case" DROP COLUMN "lookup_code_hash"`);
  }
}
