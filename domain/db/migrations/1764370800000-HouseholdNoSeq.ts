import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 户编号 sequence for households registered at the window (seeded ones use 1–999). */
export class HouseholdNoSeq1764370800000 implements MigrationInterface {
  name = 'HouseholdNoSeq1764370800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE IF NOT EXISTS "household_no_seq" START 1000`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SEQUENCE IF EXISTS "household_no_seq"`);
  }
}
