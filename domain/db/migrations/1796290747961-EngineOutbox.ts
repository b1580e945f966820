import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The write-ahead record of every engine call made on a user's behalf (engine_outbox: a task
 * completion or a process start, committed before the call and marked done with the app's
 * records), and the task facts the statistics are computed from (task_fact: written with each
 * completion, so 考核 figures outlive the engine's history cleanup).
 */
export class EngineOutbox1796290747961 implements MigrationInterface {
  name = 'EngineOutbox1796290747961';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "engine_outbox" (
        "id" bigserial PRIMARY KEY,
        "kind" varchar(32) NOT NULL,
        "state" varchar(16) NOT NULL DEFAULT 'pending' CHECK ("state" IN ('pending', 'done', 'abandoned', 'failed', 'superseded')),
        "task_id" varchar(64),
        "process_key" varchar(64),
        "business_key" varchar(64),
        "user_id" uuid,
        "payload" jsonb NOT NULL DEFAULT '{}',
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "finished_at" timestamptz
      )`);
    await q.query(`CREATE INDEX "engine_outbox_pending_idx" ON "engine_outbox" ("created_at") WHERE "state" = 'pending'`);
    await q.query(`CREATE INDEX "engine_outbox_task_idx" ON "engine_outbox" ("task_id") WHERE "task_id" IS NOT NULL`);
    await q.query(`
      CREATE TABLE "task_fact" (
        "task_id" varchar(64) PRIMARY KEY,
        "process_instance_id" varchar(64) NOT NULL,
        "process_key" varchar(64) NOT NULL,
        "task_key" varchar(64) NOT NULL,
        "task_name" varchar(128) NOT NULL,
        "candidate_groups" text[] NOT NULL DEFAULT '{}',
        "assignee" varchar(64),
        "created_at" timestamptz NOT NULL,
        "due_at" timestamptz,
        "completed_at" timestamptz NOT NULL,
        "late" boolean GENERATED ALWAYS AS ("due_at" IS NOT NULL AND "completed_at" > "due_at") STORED
      )`);
    await q.query(`CREATE INDEX "task_fact_completed_idx" ON "task_fact" ("completed_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "task_fact"`);
    await q.query(`DROP TABLE IF EXISTS "engine_outbox"`);
  }
}
