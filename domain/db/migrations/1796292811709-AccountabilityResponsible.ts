import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 问责台账 names people: who could have handled the task when it escalated, and who supervises them. */
export class AccountabilityResponsible1796292811709 implements MigrationInterface {
  name = 'AccountabilityResponsible1796292811709';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "accountability_record" ADD "responsible" jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`CREATE INDEX "IDX_accountability_responsible" ON "accountability_record" USING gin ("responsible" jsonb_path_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_accountability_responsible"`);
    await q.query(`ALTER TABLE "accountability_record" DROP COLUMN "responsible"`);
  }
}
