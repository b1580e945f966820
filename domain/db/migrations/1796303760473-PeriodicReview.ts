import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 定期核查: frequencies per household class, review plans, rounds per county and month, and the reviews. */
export class PeriodicReview1796303760473 implements MigrationInterface {
  name = 'PeriodicReview1796303760473';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "review_frequency" ("review_class" varchar(16) PRIMARY KEY, "months" integer NOT NULL CHECK ("months" BETWEEN 1 AND 36), "updated_by" varchar(64) NOT NULL, "updated_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`INSERT INTO "review_frequency" ("review_class", "months", "updated_by") VALUES ('tekun', 12, 'system'), ('stable', 12, 'system'), ('irregular', 6, 'system')`);
    await q.query(`CREATE TABLE "review_plan" ("recipient_id" uuid PRIMARY KEY REFERENCES "recipient"("id"), "review_class" varchar(16) NOT NULL REFERENCES "review_frequency"("review_class"), "last_reviewed_month" char(7))`);
    await q.query(
      `CREATE TABLE "review_round" ("id" uuid PRIMARY KEY DEFAULT gen_random_uuid(), "county_code" varchar(32) NOT NULL, "month" char(7) NOT NULL, "started_by_name" varchar(64) NOT NULL, "selected" integer NOT NULL DEFAULT 0, "started" integer NOT NULL DEFAULT 0, "created_at" timestamptz NOT NULL DEFAULT now())`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_review_round_month" ON "review_round" ("county_code", "month")`);
    await q.query(`CREATE SEQUENCE "review_no_seq"`);
    await q.query(`CREATE TABLE "recipient_review" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "review_no" varchar(48) NOT NULL UNIQUE,
      "recipient_id" uuid NOT NULL REFERENCES "recipient"("id"),
      "household_id" uuid NOT NULL,
      "county_code" varchar(32) NOT NULL,
      "township_code" varchar(32) NOT NULL,
      "village_code" varchar(32) NOT NULL,
      "trigger" varchar(16) NOT NULL,
      "round_id" uuid REFERENCES "review_round"("id"),
      "report_reason" varchar(16),
      "report_note" text,
      "started_by_name" varchar(64) NOT NULL,
      "status" varchar(16) NOT NULL DEFAULT 'running',
      "process_instance_id" varchar(64),
      "verified_per_capita_fen" integer,
      "verification_summary" text,
      "visit_findings" text,
      "visit_suggests_change" boolean,
      "visited_by" varchar(64),
      "decision" varchar(16),
      "decision_reason" text,
      "effective_month" char(7),
      "new_per_capita_fen" integer,
      "new_household_size" integer,
      "decided_by" varchar(64),
      "decided_at" timestamptz,
      "applied_at" timestamptz,
      "created_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "IDX_recipient_review_recipient" ON "recipient_review" ("recipient_id")`);
    await q.query(`CREATE INDEX "IDX_recipient_review_county" ON "recipient_review" ("county_code")`);
    // One review at a time per recipient: a second start (a report while the round's review runs) is refused.
    await q.query(`CREATE UNIQUE INDEX "UQ_recipient_review_running" ON "recipient_review" ("recipient_id") WHERE "status" = 'running'`);
    // Decisions not yet applied to the register, found by the payroll of their month.
    await q.query(`CREATE INDEX "IDX_recipient_review_pending" ON "recipient_review" ("county_code", "effective_month") WHERE "decided_at" IS NOT NULL AND "applied_at" IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "recipient_review"`);
    await q.query(`DROP SEQUENCE "review_no_seq"`);
    await q.query(`DROP TABLE "review_round"`);
    await q.query(`DROP TABLE "review_plan"`);
    await q.query(`DROP TABLE "review_frequency"`);
  }
}
