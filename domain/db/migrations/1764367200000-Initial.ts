import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Initial app schema: organisation, accounts, sessions, households, cases, payments, audit. */
export class Initial1764367200000 implements MigrationInterface {
  name = 'Initial1764367200000';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE "assistance_case" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_no" character varying(32) NOT NULL, "household_id" uuid NOT NULL, "assistance_types" text array NOT NULL, "reason" text NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'registered', "outcome" character varying(16), "outcome_reason" text, "lead_department" character varying(32), "process_instance_id" character varying(64), "unit_code" character varying(32) NOT NULL, "registered_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_0faf01dd1c1f5d4df0c68f091cd" UNIQUE ("case_no"), CONSTRAINT "PK_85cd39597e8c22f19df4e40b3b9" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_bcbe18506b765a1720c19d61d3" ON "assistance_case"  ("household_id") `,
      `CREATE INDEX "IDX_d3a9e56fe83ae86f7f297bc067" ON "assistance_case"  ("process_instance_id") `,
      `CREATE TABLE "audit_entry" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" uuid, "username" character varying(64), "role" character varying(16), "unit_code" character varying(32), "action" character varying(200) NOT NULL, "target" character varying(200), "ip" character varying(64), "status" integer NOT NULL, "code" character varying(64), CONSTRAINT "PK_58a130a4b9da189f46ba2a01801" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_9d18bd4a32fc0cd8ff82b12037" ON "audit_entry"  ("at") `,
      `CREATE TABLE "case_event" ("id" BIGSERIAL NOT NULL, "case_id" uuid NOT NULL, "kind" character varying(32) NOT NULL, "step_name" character varying(64) NOT NULL, "actor_id" uuid, "actor_name" character varying(64) NOT NULL, "department_code" character varying(32), "opinion" text, "dedup_key" character varying(128), "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_04c8f07e6f01c50103a88662be4" UNIQUE ("dedup_key"), CONSTRAINT "PK_5b6e18b2d4fd178711a2269645e" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_85962fcd8d72296385c01a5dd4" ON "case_event"  ("case_id") `,
      `CREATE TABLE "department" ("code" character varying(32) NOT NULL, "name" character varying(64) NOT NULL, "is_lead" boolean NOT NULL DEFAULT false, "sort_order" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_62690f4fe31da9eb824d909285f" PRIMARY KEY ("code"))`,
      `CREATE TABLE "household_member" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "household_id" uuid NOT NULL, "name" character varying(64) NOT NULL, "id_number" character varying(18) NOT NULL, "relation" character varying(16) NOT NULL, CONSTRAINT "PK_84e1d1f2553646d38e7c8b72a10" PRIMARY KEY ("id"))`,
      `CREATE TABLE "household" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "household_no" character varying(32) NOT NULL, "head_name" character varying(64) NOT NULL, "head_id_number" character varying(18) NOT NULL, "phone" character varying(20), "address" character varying(200) NOT NULL, "unit_code" character varying(32) NOT NULL, "monthly_income_fen" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_16ed4d6e856e3df31a27a7264dc" UNIQUE ("household_no"), CONSTRAINT "PK_26e9111eab2b8908fefe3c645f5" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_eae5b6d46f1482be501ee11b59" ON "household"  ("head_id_number") `,
      `CREATE TABLE "payment_instruction" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "household_id" uuid NOT NULL, "monthly_amount_fen" integer NOT NULL, "household_size" integer NOT NULL, "standard_fen" integer NOT NULL, "per_capita_income_fen" integer NOT NULL, "start_month" character(7) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'instructed', "external_task_id" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_4774054433b0c18de07a7fcc267" UNIQUE ("case_id"), CONSTRAINT "PK_a57690fbf44c7b6d9b1415818d8" PRIMARY KEY ("id"))`,
      `CREATE TABLE "app_session" ("token_hash" character(64) NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_287d6ba510025cb58dd403f2d47" PRIMARY KEY ("token_hash"))`,
      `CREATE INDEX "IDX_b4956d159d2d94c92510f0986a" ON "app_session"  ("user_id") `,
      `CREATE TABLE "unit" ("code" character varying(32) NOT NULL, "name" character varying(64) NOT NULL, "level" character varying(16) NOT NULL, "parent_code" character varying(32), "dibao_standard_fen" integer, CONSTRAINT "PK_dfb75cdb2a790fb84327e1d1b15" PRIMARY KEY ("code"))`,
      `CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(64) NOT NULL, "display_name" character varying(64) NOT NULL, "password_hash" character varying(255) NOT NULL, "role" character varying(16) NOT NULL, "department_code" character varying(32) NOT NULL, "unit_code" character varying(32) NOT NULL, "must_change_password" boolean NOT NULL DEFAULT true, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_c480e576dd71729addbc2d51b67" UNIQUE ("username"), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`,
      `CREATE TABLE "worker_heartbeat" ("worker_id" character varying(128) NOT NULL, "topics" text array NOT NULL, "host" character varying(128) NOT NULL, "pid" integer NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "stopped_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_57142a5b912c5001ff15f617a54" PRIMARY KEY ("worker_id"))`,
      `ALTER TABLE "household_member" ADD CONSTRAINT "FK_6c47781879f802c55b436b40d46" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      `ALTER TABLE "assistance_case" ADD CONSTRAINT "FK_case_household" FOREIGN KEY ("household_id") REFERENCES "household"("id")`,
      `ALTER TABLE "case_event" ADD CONSTRAINT "FK_case_event_case" FOREIGN KEY ("case_id") REFERENCES "assistance_case"("id")`,
      `ALTER TABLE "payment_instruction" ADD CONSTRAINT "FK_payment_case" FOREIGN KEY ("case_id") REFERENCES "assistance_case"("id")`,
      `ALTER TABLE "app_session" ADD CONSTRAINT "FK_session_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE`,
      `ALTER TABLE "app_user" ADD CONSTRAINT "FK_user_department" FOREIGN KEY ("department_code") REFERENCES "department"("code")`,
      `ALTER TABLE "app_user" ADD CONSTRAINT "FK_user_unit" FOREIGN KEY ("unit_code") REFERENCES "unit"("code")`,
      `CREATE INDEX "IDX_household_member_household" ON "household_member" ("household_id")`,
      `CREATE INDEX "IDX_case_status_created" ON "assistance_case" ("status", "created_at")`,
      // 受理编号 sequence: SA-<year>-<6 digits>
      `CREATE SEQUENCE "case_no_seq"`,
      // The audit log is append-only: refuse UPDATE and DELETE at the database level.
      `CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_entry is append-only'; END $$`,
      `CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON "audit_entry" FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()`,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['audit_entry', 'worker_heartbeat', 'payment_instruction', 'case_event', 'assistance_case', 'household_member', 'household', 'app_session', 'app_user', 'unit', 'department']) {
      await q.query(`DROP TABLE IF EXISTS "${t}" CASCADE`);
    }
    await q.query('DROP SEQUENCE IF EXISTS "case_no_seq"');
    await q.query('DROP FUNCTION IF EXISTS audit_entry_append_only()');
  }
}
