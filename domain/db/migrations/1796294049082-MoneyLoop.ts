import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The money loop: assistance standards (append-only), the recipient register
 * with its events, monthly payrolls per county and township, the ledger of
 * payment lines and the anomalies reconciliation found. The 低保 standard that
 * lived on the county unit becomes the first standard row of each county.
 */
export class MoneyLoop1796294049082 implements MigrationInterface {
  name = 'MoneyLoop1796294049082';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "assistance_standard" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "county_code" character varying(32) NOT NULL, "kind" character varying(32) NOT NULL, "amount_fen" integer NOT NULL CHECK ("amount_fen" > 0), "effective_month" char(7) NOT NULL, "approval_ref" character varying(128) NOT NULL, "approved_by" character varying(64) NOT NULL, "set_by" uuid, "set_by_name" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_assistance_standard" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_assistance_standard_month" ON "assistance_standard" ("county_code", "kind", "effective_month")`);
    await q.query(`CREATE TRIGGER assistance_standard_append_only BEFORE UPDATE OR DELETE ON "assistance_standard" FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()`);
    await q.query(
      `INSERT INTO "assistance_standard" ("county_code", "kind", "amount_fen", "effective_month", "approval_ref", "approved_by", "set_by_name")
       SELECT u."code", k.kind, u."dibao_standard_fen", '2000-01', '迁移自原单位低保标准', '县人民政府', '系统迁移'
       FROM "unit" u CROSS JOIN (VALUES ('dibao_urban'), ('dibao_rural')) AS k(kind) WHERE u."dibao_standard_fen" IS NOT NULL`,
    );
    await q.query(
      `CREATE TABLE "recipient" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "household_id" uuid NOT NULL REFERENCES "household"("id"), "kind" character varying(16) NOT NULL, "care_level" character varying(8), "case_id" uuid REFERENCES "assistance_case"("id"), "monthly_amount_fen" integer NOT NULL CHECK ("monthly_amount_fen" >= 0), "household_size" integer NOT NULL CHECK ("household_size" > 0), "per_capita_income_fen" integer NOT NULL DEFAULT 0, "computation" text NOT NULL, "start_month" char(7) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'active', "township_code" character varying(32) NOT NULL, "village_code" character varying(32) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_recipient" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_recipient_household_kind" ON "recipient" ("household_id", "kind")`);
    await q.query(`CREATE INDEX "IDX_recipient_township_code" ON "recipient" ("township_code")`);
    await q.query(
      `CREATE TABLE "recipient_event" ("id" BIGSERIAL NOT NULL, "recipient_id" uuid NOT NULL REFERENCES "recipient"("id"), "kind" character varying(32) NOT NULL, "from_status" character varying(16), "to_status" character varying(16), "from_amount_fen" integer, "to_amount_fen" integer, "actor_id" uuid, "actor_name" character varying(64) NOT NULL, "reason" text NOT NULL, "dedup_key" character varying(128), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_recipient_event_dedup" UNIQUE ("dedup_key"), CONSTRAINT "PK_recipient_event" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_recipient_event_recipient_id" ON "recipient_event" ("recipient_id")`);
    await q.query(`CREATE TRIGGER recipient_event_append_only BEFORE UPDATE OR DELETE ON "recipient_event" FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()`);
    await q.query(
      `CREATE TABLE "payroll_run" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "run_no" character varying(48) NOT NULL, "county_code" character varying(32) NOT NULL, "month" char(7) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'building', "process_instance_id" character varying(64), "started_by_name" character varying(64) NOT NULL, "payment_date" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_payroll_run_no" UNIQUE ("run_no"), CONSTRAINT "PK_payroll_run" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_payroll_run_month" ON "payroll_run" ("county_code", "month")`);
    await q.query(
      `CREATE TABLE "payroll_township" ("run_id" uuid NOT NULL REFERENCES "payroll_run"("id"), "township_code" character varying(32) NOT NULL, "return_imported_at" TIMESTAMP WITH TIME ZONE, "return_imported_by" character varying(64), "return_sha256" char(64), "published_at" TIMESTAMP WITH TIME ZONE, "published_by" character varying(64), CONSTRAINT "PK_payroll_township" PRIMARY KEY ("run_id", "township_code"))`,
    );
    await q.query(
      `CREATE TABLE "payment_line" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "run_id" uuid REFERENCES "payroll_run"("id"), "month" char(7) NOT NULL, "source" character varying(16) NOT NULL, "household_id" uuid NOT NULL REFERENCES "household"("id"), "recipient_id" uuid REFERENCES "recipient"("id"), "case_id" uuid REFERENCES "assistance_case"("id"), "kind" character varying(16) NOT NULL, "township_code" character varying(32) NOT NULL, "village_code" character varying(32) NOT NULL, "amount_fen" integer NOT NULL CHECK ("amount_fen" > 0), "status" character varying(16) NOT NULL DEFAULT 'instructed', "fail_reason" text, "returned_at" TIMESTAMP WITH TIME ZONE, "resolution" character varying(16), "resolution_note" text, "resolved_by" character varying(64), "reissue_of" uuid REFERENCES "payment_line"("id"), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_payment_line_reissue_of" UNIQUE ("reissue_of"), CONSTRAINT "PK_payment_line" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_payment_line_run_id" ON "payment_line" ("run_id")`);
    await q.query(`CREATE INDEX "IDX_payment_line_household_id" ON "payment_line" ("household_id")`);
    // A recipient is paid once per payroll; a temporary case once.
    await q.query(`CREATE UNIQUE INDEX "UQ_payment_line_run_recipient" ON "payment_line" ("run_id", "recipient_id") WHERE "source" = 'payroll'`);
    await q.query(`CREATE UNIQUE INDEX "UQ_payment_line_temporary_case" ON "payment_line" ("case_id") WHERE "source" = 'temporary'`);
    await q.query(
      `CREATE TABLE "payment_anomaly" ("id" BIGSERIAL NOT NULL, "run_id" uuid NOT NULL REFERENCES "payroll_run"("id"), "line_id" uuid NOT NULL REFERENCES "payment_line"("id"), "kind" character varying(32) NOT NULL, "township_code" character varying(32) NOT NULL, "message" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_payment_anomaly" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_payment_anomaly" ON "payment_anomaly" ("line_id", "kind")`);
    // 审核意见 of 民政 and 财政 on a payroll (append-only).
    await q.query(
      `CREATE TABLE "payroll_event" ("id" BIGSERIAL NOT NULL, "run_id" uuid NOT NULL REFERENCES "payroll_run"("id"), "step" character varying(64) NOT NULL, "approved" boolean NOT NULL, "actor_id" uuid, "actor_name" character varying(64) NOT NULL, "opinion" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_payroll_event" PRIMARY KEY ("id"))`,
    );
    // 发放结果公示的异议 (objections to a township's published payment results).
    await q.query(
      `CREATE TABLE "payment_objection" ("id" BIGSERIAL NOT NULL, "run_id" uuid NOT NULL REFERENCES "payroll_run"("id"), "township_code" character varying(32) NOT NULL, "content" text NOT NULL, "contact" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_payment_objection" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE TRIGGER payroll_event_append_only BEFORE UPDATE OR DELETE ON "payroll_event" FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['payment_objection', 'payroll_event', 'payment_anomaly', 'payment_line', 'payroll_township', 'payroll_run', 'recipient_event', 'recipient', 'assistance_standard']) await q.query(`DROP TABLE IF EXISTS "${t}"`);
  }
}
