import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 系统参数 editable by admins at run time (the township approval limit of 临时救助 first). */
export class AppSettings1796291256170 implements MigrationInterface {
  name = 'AppSettings1796291256170';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "app_setting" ("key" varchar(64) PRIMARY KEY, "value" jsonb NOT NULL, "updated_by" varchar(64) NOT NULL, "updated_at" timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "app_setting"`);
  }
}
