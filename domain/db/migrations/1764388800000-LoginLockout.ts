import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Failed-login counting and temporary lockout per account. */
export class LoginLockout1764388800000 implements MigrationInterface {
  name = 'LoginLockout1764388800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "app_user" ADD "failed_logins" integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE "app_user" ADD "locked_until" TIMESTAMP WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "locked_until"`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "failed_logins"`);
  }
}
