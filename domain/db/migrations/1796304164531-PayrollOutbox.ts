import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A payroll review's opinion names the engine task it completed (written once, live or by the
 * outbox's reconciler); a run's lines are read per township (bank files, returns, the run's page).
 */
export class PayrollOutbox1796304164531 implements MigrationInterface {
  name = 'PayrollOutbox1796304164531';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "payroll_event" ADD "task_id" character varying(64)`);
    await q.query(`CREATE UNIQUE INDEX "UQ_payroll_event_task_id" ON "payroll_event" ("task_id") WHERE "task_id" IS NOT NULL`);
    await q.query(`CREATE INDEX "IDX_payment_line_run_township" ON "payment_line" ("run_id", "township_code")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_payment_line_run_township"`);
    await q.query(`DROP INDEX "UQ_payroll_event_task_id"`);
    await q.query(`ALTER TABLE "payroll_event" DROP COLUMN "task_id"`);
  }
}
