import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 物价联动: the monthly price figures entered by 发改 (append-only; a correction
 * is a new version with its reason), each version's trigger decision with its
 * inputs, and the temporary price subsidy of a county and month (at most one,
 * so a corrected figure never pays twice). Its payments are payment lines of
 * source `price_subsidy`, at most one per household and month.
 */
export class PriceLinkage1796303718385 implements MigrationInterface {
  name = 'PriceLinkage1796303718385';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "price_figure" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "figure_no" character varying(48) NOT NULL, "county_code" character varying(32) NOT NULL, "month" char(7) NOT NULL, "version" integer NOT NULL CHECK ("version" >= 1),
        "cpi_yoy_bp" integer NOT NULL CHECK ("cpi_yoy_bp" BETWEEN -2000 AND 3000), "food_yoy_bp" integer NOT NULL CHECK ("food_yoy_bp" BETWEEN -5000 AND 5000), "source" character varying(200) NOT NULL, "correction_reason" text,
        "entered_by" uuid, "entered_by_name" character varying(64) NOT NULL, "process_instance_id" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_price_figure" PRIMARY KEY ("id"), CONSTRAINT "UQ_price_figure_no" UNIQUE ("figure_no"), CONSTRAINT "UQ_price_figure_version" UNIQUE ("county_code", "month", "version"))`,
    );
    await q.query(
      `CREATE TABLE "price_decision" ("figure_id" uuid NOT NULL REFERENCES "price_figure"("id"), "cpi_yoy_bp" integer NOT NULL, "food_yoy_bp" integer NOT NULL, "cpi_threshold_bp" integer NOT NULL, "food_threshold_bp" integer NOT NULL,
        "triggered" boolean NOT NULL, "reason" text NOT NULL, "outcome" character varying(32) NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_price_decision" PRIMARY KEY ("figure_id"))`,
    );
    await q.query(`CREATE TRIGGER price_decision_append_only BEFORE UPDATE OR DELETE ON "price_decision" FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()`);
    await q.query(
      `CREATE TABLE "price_subsidy" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "county_code" character varying(32) NOT NULL, "month" char(7) NOT NULL, "figure_id" uuid NOT NULL REFERENCES "price_figure"("id"),
        "status" character varying(16) NOT NULL DEFAULT 'computing', "kinds" text[] NOT NULL DEFAULT '{}', "amount_per_person_fen" integer, "households" integer, "persons" integer, "total_fen" bigint, "formula" text,
        "computed_by_name" character varying(64), "computed_at" TIMESTAMP WITH TIME ZONE, "funds_ref" character varying(128), "approved_by_name" character varying(64), "approved_at" TIMESTAMP WITH TIME ZONE, "finance_opinion" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_price_subsidy" PRIMARY KEY ("id"), CONSTRAINT "UQ_price_subsidy_month" UNIQUE ("county_code", "month"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_payment_line_price_subsidy" ON "payment_line" ("household_id", "month") WHERE "source" = 'price_subsidy'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "UQ_payment_line_price_subsidy"`);
    await q.query(`DROP TABLE "price_subsidy"`);
    await q.query(`DROP TABLE "price_decision"`);
    await q.query(`DROP TABLE "price_figure"`);
  }
}
