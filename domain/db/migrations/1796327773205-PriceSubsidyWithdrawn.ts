import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 物价联动: a subsidy not yet approved is withdrawn (撤销) when a corrected
 * figure of its month falls below the trigger; a later correction above the
 * trigger may open the month again, so only one subsidy per county and month
 * may be open (not withdrawn).
 */
export class PriceSubsidyWithdrawn1796327773205 implements MigrationInterface {
  name = 'PriceSubsidyWithdrawn1796327773205';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "price_subsidy" ADD "withdrawn_by_figure" uuid REFERENCES "price_figure"("id"), ADD "withdrawn_at" TIMESTAMP WITH TIME ZONE, ADD "withdraw_reason" text`);
    await q.query(`ALTER TABLE "price_subsidy" DROP CONSTRAINT "UQ_price_subsidy_month"`);
    await q.query(`CREATE UNIQUE INDEX "UQ_price_subsidy_month_open" ON "price_subsidy" ("county_code", "month") WHERE "status" <> 'withdrawn'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "price_subsidy" WHERE "status" = 'withdrawn'`);
    await q.query(`DROP INDEX "UQ_price_subsidy_month_open"`);
    await q.query(`ALTER TABLE "price_subsidy" ADD CONSTRAINT "UQ_price_subsidy_month" UNIQUE ("county_code", "month")`);
    await q.query(`ALTER TABLE "price_subsidy" DROP COLUMN "withdraw_reason", DROP COLUMN "withdrawn_at", DROP COLUMN "withdrawn_by_figure"`);
  }
}
