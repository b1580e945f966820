import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 联席会议: matters (议题) with their number sequence, department opinions,
 * agreed items (议定事项) and the matter timeline. Existing tables are untouched.
 */
export class JointConference1764377100000 implements MigrationInterface {
  name = 'JointConference1764377100000';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE "conference_matter" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "matter_no" character varying(32) NOT NULL, "title" character varying(100) NOT NULL, "background" text NOT NULL, "departments" text array NOT NULL, "related_case_id" uuid REFERENCES "assistance_case"("id"), "status" character varying(16) NOT NULL DEFAULT 'deciding', "outcome" character varying(16), "raised_by" uuid NOT NULL REFERENCES "app_user"("id"), "convene" boolean, "decision_opinion" text, "decided_by" uuid REFERENCES "app_user"("id"), "decided_at" TIMESTAMP WITH TIME ZONE, "minutes" text, "minutes_by" uuid REFERENCES "app_user"("id"), "minutes_at" TIMESTAMP WITH TIME ZONE, "report" text, "process_instance_id" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_conference_matter_no" UNIQUE ("matter_no"), CONSTRAINT "CHK_conference_matter_departments" CHECK (cardinality("departments") >= 1), CONSTRAINT "PK_conference_matter" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_conference_matter_process_instance" ON "conference_matter" ("process_instance_id")`,
      `CREATE INDEX "IDX_conference_matter_status_created" ON "conference_matter" ("status", "created_at")`,
      // Department staff list the matters that concern their department.
      `CREATE INDEX "IDX_conference_matter_departments" ON "conference_matter" USING GIN ("departments")`,
      // 议题编号 sequence: JC-<year>-<4 digits>
      `CREATE SEQUENCE "conference_matter_no_seq"`,
      `CREATE TABLE "conference_opinion" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "matter_id" uuid NOT NULL REFERENCES "conference_matter"("id"), "department_code" character varying(32) NOT NULL REFERENCES "department"("code"), "opinion" text NOT NULL, "given_by" uuid NOT NULL REFERENCES "app_user"("id"), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_conference_opinion_matter_department" UNIQUE ("matter_id", "department_code"), CONSTRAINT "PK_conference_opinion" PRIMARY KEY ("id"))`,
      `CREATE TABLE "conference_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "matter_id" uuid NOT NULL REFERENCES "conference_matter"("id"), "seq" integer NOT NULL, "content" text NOT NULL, "department_code" character varying(32) NOT NULL REFERENCES "department"("code"), "deadline" date NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "completion_note" text, "completed_by" uuid REFERENCES "app_user"("id"), "completed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_conference_item_matter_seq" UNIQUE ("matter_id", "seq"), CONSTRAINT "PK_conference_item" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_conference_item_department_status" ON "conference_item" ("department_code", "status")`,
      `CREATE TABLE "conference_event" ("id" BIGSERIAL NOT NULL, "matter_id" uuid NOT NULL REFERENCES "conference_matter"("id"), "kind" character varying(32) NOT NULL, "step_name" character varying(64) NOT NULL, "actor_id" uuid, "actor_name" character varying(64) NOT NULL, "department_code" character varying(32), "item_id" uuid REFERENCES "conference_item"("id"), "opinion" text, "dedup_key" character varying(128), "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_conference_event_dedup_key" UNIQUE ("dedup_key"), CONSTRAINT "PK_conference_event" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_conference_event_matter" ON "conference_event" ("matter_id")`,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['conference_event', 'conference_item', 'conference_opinion', 'conference_matter']) {
      await q.query(`DROP TABLE IF EXISTS "${t}" CASCADE`);
    }
    await q.query('DROP SEQUENCE IF EXISTS "conference_matter_no_seq"');
  }
}
