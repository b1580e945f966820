import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Departments can be disabled by the admin (停用): kept for history, offered for nothing new. */
export class DepartmentActive1764403200000 implements MigrationInterface {
  name = 'DepartmentActive1764403200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "department" ADD "active" boolean NOT NULL DEFAULT true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "department" DROP COLUMN "active"`);
  }
}
