import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The steps of 社会救助一门受理: documents on the case, verification results and
 * reports, home visits, democratic reviews, public notices and objections,
 * referrals, the township ledger; payments unique per household-month.
 */
export class ApplicationSteps1764374400000 implements MigrationInterface {
  name = 'ApplicationSteps1764374400000';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `ALTER TABLE "assistance_case" ADD "documents" text array NOT NULL DEFAULT '{}'`,
      `ALTER TABLE "assistance_case" ADD "missing_documents" text array NOT NULL DEFAULT '{}'`,
      `ALTER TABLE "assistance_case" ADD "verification_round" integer NOT NULL DEFAULT 0`,
      `CREATE TABLE "verification_result" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL REFERENCES "assistance_case"("id"), "round" integer NOT NULL, "source" character varying(32) NOT NULL, "monthly_income_fen" integer NOT NULL, "summary" text NOT NULL, "flags" text array NOT NULL DEFAULT '{}', "queried_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_verification_result_case_round_source" UNIQUE ("case_id", "round", "source"), CONSTRAINT "PK_verification_result" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_verification_result_case" ON "verification_result" ("case_id")`,
      `CREATE TABLE "verification_report" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL REFERENCES "assistance_case"("id"), "round" integer NOT NULL, "household_size" integer NOT NULL, "total_monthly_income_fen" integer NOT NULL, "per_capita_income_fen" integer NOT NULL, "flags" text array NOT NULL DEFAULT '{}', "summary" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_verification_report_case_round" UNIQUE ("case_id", "round"), CONSTRAINT "PK_verification_report" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_verification_report_case" ON "verification_report" ("case_id")`,
      `CREATE TABLE "home_visit" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL REFERENCES "assistance_case"("id"), "visitor_id" uuid NOT NULL, "findings" text NOT NULL, "recommend" boolean NOT NULL, "visited_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_home_visit" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_home_visit_case" ON "home_visit" ("case_id")`,
      `CREATE TABLE "democratic_review" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL REFERENCES "assistance_case"("id"), "participants" integer NOT NULL, "votes_for" integer NOT NULL, "votes_against" integer NOT NULL, "passed" boolean NOT NULL, "recorded_by" uuid NOT NULL, "held_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_democratic_review" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_democratic_review_case" ON "democratic_review" ("case_id")`,
      `CREATE TABLE "public_notice" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL REFERENCES "assistance_case"("id"), "notice_no" character varying(32) NOT NULL, "content" text NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', CONSTRAINT "UQ_public_notice_no" UNIQUE ("notice_no"), CONSTRAINT "PK_public_notice" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_public_notice_case" ON "public_notice" ("case_id")`,
      `CREATE INDEX "IDX_public_notice_open" ON "public_notice" ("status", "ends_at")`,
      `CREATE SEQUENCE "notice_no_seq"`,
      `CREATE TABLE "notice_objection" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "notice_id" uuid NOT NULL REFERENCES "public_notice"("id"), "case_id" uuid NOT NULL REFERENCES "assistance_case"("id"), "content" text NOT NULL, "contact" character varying(64), "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "upheld" boolean, "resolution" text, CONSTRAINT "PK_notice_objection" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_notice_objection_notice" ON "notice_objection" ("notice_id")`,
      `CREATE TABLE "referral" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL REFERENCES "assistance_case"("id"), "department_code" character varying(32) NOT NULL REFERENCES "department"("code"), "status" character varying(16) NOT NULL DEFAULT 'pending', "opinion" text, "handled_by" uuid, "handled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_referral_case_department" UNIQUE ("case_id", "department_code"), CONSTRAINT "PK_referral" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_referral_case" ON "referral" ("case_id")`,
      `CREATE TABLE "ledger_entry" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL REFERENCES "assistance_case"("id"), "household_id" uuid NOT NULL REFERENCES "household"("id"), "township_code" character varying(32) NOT NULL, "assistance_types" text array NOT NULL, "monthly_amount_fen" integer NOT NULL, "start_month" character(7), "certificate_no" character varying(32) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_ledger_entry_case" UNIQUE ("case_id"), CONSTRAINT "UQ_ledger_entry_certificate" UNIQUE ("certificate_no"), CONSTRAINT "PK_ledger_entry" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_ledger_entry_household" ON "ledger_entry" ("household_id")`,
      `CREATE INDEX "IDX_ledger_entry_township" ON "ledger_entry" ("township_code")`,
      `CREATE SEQUENCE "certificate_no_seq"`,
      // One payment per household and month, whatever case or task asks for it.
      `CREATE UNIQUE INDEX "UQ_payment_household_month" ON "payment_instruction" ("household_id", "start_month")`,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "UQ_payment_household_month"`);
    for (const t of ['ledger_entry', 'referral', 'notice_objection', 'public_notice', 'democratic_review', 'home_visit', 'verification_report', 'verification_result']) {
      await q.query(`DROP TABLE IF EXISTS "${t}"`);
    }
    await q.query(`DROP SEQUENCE IF EXISTS "notice_no_seq"`);
    await q.query(`DROP SEQUENCE IF EXISTS "certificate_no_seq"`);
    for (const c of ['documents', 'missing_documents', 'verification_round']) await q.query(`ALTER TABLE "assistance_case" DROP COLUMN IF EXISTS "${c}"`);
  }
}
