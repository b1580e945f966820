import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Alert toasts shown once per user across devices and logins: the highest alert id each user was shown. */
export class AlertSeen1796304475044 implements MigrationInterface {
  name = 'AlertSeen1796304475044';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "alert_seen" (
      "user_id" uuid PRIMARY KEY REFERENCES "app_user"("id"),
      "up_to" bigint NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "alert_seen"`);
  }
}
