import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 抄送: a task's case copied to a colleague for information. */
export class TaskCopy1764392400000 implements MigrationInterface {
  name = 'TaskCopy1764392400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "task_copy" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "task_id" character varying(64) NOT NULL, "task_name" character varying(64) NOT NULL, "case_id" uuid REFERENCES "assistance_case"("id"), "from_user_id" uuid NOT NULL REFERENCES "app_user"("id"), "to_user_id" uuid NOT NULL REFERENCES "app_user"("id"), "note" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_task_copy" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_task_copy_to" ON "task_copy" ("to_user_id", "created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "task_copy"`);
  }
}
