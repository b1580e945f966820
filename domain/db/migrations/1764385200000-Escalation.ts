import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 办理时限 and 问责: time-limit rules, the working-day calendar, alerts and their acknowledgements, the accountability ledger. */
export class Escalation1764385200000 implements MigrationInterface {
  name = 'Escalation1764385200000';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE "time_limit_rule" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "process_key" character varying(64) NOT NULL, "task_key" character varying(64) NOT NULL, "step_name" character varying(64) NOT NULL, "amount" integer NOT NULL CHECK ("amount" > 0), "unit" character varying(8) NOT NULL CHECK ("unit" IN ('workday','hour')), "remind_before_amount" integer NOT NULL CHECK ("remind_before_amount" >= 0), "remind_before_unit" character varying(8) NOT NULL CHECK ("remind_before_unit" IN ('workday','hour')), "grace_amount" integer NOT NULL CHECK ("grace_amount" >= 0), "grace_unit" character varying(8) NOT NULL CHECK ("grace_unit" IN ('workday','hour')), "updated_by" character varying(64), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_time_limit_rule_step" UNIQUE ("process_key", "task_key"), CONSTRAINT "PK_time_limit_rule" PRIMARY KEY ("id"))`,
      `CREATE TABLE "calendar_year" ("year" integer NOT NULL, "holidays" text array NOT NULL, "workdays" text array NOT NULL, "source" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_calendar_year" PRIMARY KEY ("year"))`,
      `CREATE TABLE "alert" ("id" BIGSERIAL NOT NULL, "level" character varying(16) NOT NULL, "task_id" character varying(64) NOT NULL, "task_name" character varying(64) NOT NULL, "process_instance_id" character varying(64) NOT NULL, "case_id" uuid, "business_key" character varying(64), "department_code" character varying(64), "rooms" text array NOT NULL, "message" text NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE, "sent_by" uuid, "dedup_key" character varying(160) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_alert_dedup" UNIQUE ("dedup_key"), CONSTRAINT "PK_alert" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_alert_task" ON "alert" ("task_id")`,
      `CREATE INDEX "IDX_alert_created" ON "alert" ("created_at")`,
      `CREATE INDEX "IDX_alert_rooms" ON "alert" USING gin ("rooms")`,
      `CREATE TABLE "alert_ack" ("alert_id" bigint NOT NULL REFERENCES "alert"("id"), "user_id" uuid NOT NULL REFERENCES "app_user"("id"), "acked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_alert_ack" PRIMARY KEY ("alert_id", "user_id"))`,
      `CREATE TABLE "accountability_record" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "task_id" character varying(64) NOT NULL, "task_name" character varying(64) NOT NULL, "process_instance_id" character varying(64) NOT NULL, "case_id" uuid, "business_key" character varying(64), "department_code" character varying(64), "handler_id" uuid, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "late_working_days" numeric(8,2) NOT NULL, "explanation" text, "decision" character varying(8) CHECK ("decision" IN ('免责','约谈','通报批评','问责')), "decision_reason" text, "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_accountability_task" UNIQUE ("task_id"), CONSTRAINT "PK_accountability_record" PRIMARY KEY ("id"))`,
      `CREATE TABLE "accountability_event" ("id" BIGSERIAL NOT NULL, "record_id" uuid NOT NULL REFERENCES "accountability_record"("id"), "kind" character varying(16) NOT NULL, "actor_id" uuid, "actor_name" character varying(64) NOT NULL, "content" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_accountability_event" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_accountability_event_record" ON "accountability_event" ("record_id")`,
      // The ledger is never deleted, and its history never rewritten.
      `CREATE FUNCTION accountability_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'accountability records are never deleted'; END $$`,
      `CREATE TRIGGER accountability_record_no_delete BEFORE DELETE ON "accountability_record" FOR EACH ROW EXECUTE FUNCTION accountability_no_delete()`,
      `CREATE TRIGGER accountability_event_append_only BEFORE UPDATE OR DELETE ON "accountability_event" FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()`,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['accountability_event', 'accountability_record', 'alert_ack', 'alert', 'calendar_year', 'time_limit_rule']) await q.query(`DROP TABLE IF EXISTS "${t}"`);
    await q.query(`DROP FUNCTION IF EXISTS accountability_no_delete()`);
  }
}
