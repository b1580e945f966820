import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A payroll review's opinion names the engine task it completed: written once, live or by the outbox's reconciler. */
export class PayrollEventTask1796304164531 implements MigrationInterface {
  name = 'PayrollEventTask1796304164531';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "payroll_event" ADD "task_id" character varying(64)`);
    await q.query(`CREATE UNIQUE INDEX "UQ_payroll_event_task_id" ON "payroll_event" ("task_id") WHERE "task_id" IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "UQ_payroll_event_task_id"`);
    await q.query(`ALTER TABLE "payroll_event" DROP COLUMN "task_id"`);
  }
}
