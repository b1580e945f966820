import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 办理时限 per county: a rule row belongs to one county (county_code) or is the
 * installation default (county_code ''); the existing rows become the defaults.
 * A county's row overrides the default of the same step for that county only.
 */
export class CountySettings1796327547015 implements MigrationInterface {
  name = 'CountySettings1796327547015';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "time_limit_rule" ADD COLUMN "county_code" varchar(6) NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE "time_limit_rule" DROP CONSTRAINT "UQ_time_limit_rule_step"`);
    await q.query(`ALTER TABLE "time_limit_rule" ADD CONSTRAINT "UQ_time_limit_rule_step" UNIQUE ("process_key", "task_key", "county_code")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "time_limit_rule" WHERE "county_code" <> ''`);
    await q.query(`ALTER TABLE "time_limit_rule" DROP CONSTRAINT "UQ_time_limit_rule_step"`);
    await q.query(`ALTER TABLE "time_limit_rule" ADD CONSTRAINT "UQ_time_limit_rule_step" UNIQUE ("process_key", "task_key")`);
    await q.query(`ALTER TABLE "time_limit_rule" DROP COLUMN "county_code"`);
  }
}
