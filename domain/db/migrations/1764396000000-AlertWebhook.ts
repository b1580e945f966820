import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Webhook outbox on alerts: attempts, next try, when sent, last error. */
export class AlertWebhook1764396000000 implements MigrationInterface {
  name = 'AlertWebhook1764396000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "alert" ADD "webhook_attempts" integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE "alert" ADD "webhook_next_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE "alert" ADD "webhook_sent_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "alert" ADD "webhook_error" text`);
    await q.query(`CREATE INDEX "IDX_alert_webhook_pending" ON "alert" ("webhook_next_at") WHERE "webhook_sent_at" IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "IDX_alert_webhook_pending"`);
    for (const c of ['webhook_error', 'webhook_sent_at', 'webhook_next_at', 'webhook_attempts']) await q.query(`ALTER TABLE "alert" DROP COLUMN "${c}"`);
  }
}
