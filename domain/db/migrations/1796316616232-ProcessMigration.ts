import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 版本迁移: the migrations of running instances to a newer process version, one row per engine batch. */
export class ProcessMigration1796316616232 implements MigrationInterface {
  name = 'ProcessMigration1796316616232';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "process_migration" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "process_key" character varying(255) NOT NULL, "source_definition_id" character varying(64) NOT NULL, "source_version" integer NOT NULL, "target_definition_id" character varying(64) NOT NULL, "target_version" integer NOT NULL, "batch_id" character varying(64) NOT NULL, "instance_ids" jsonb NOT NULL, "mappings" jsonb NOT NULL DEFAULT '[]', "county_code" character varying(12) NOT NULL, "started_by" character varying(64) NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "rerun_of" uuid REFERENCES "process_migration"("id"), CONSTRAINT "CHK_process_migration_newer" CHECK ("target_version" > "source_version"), CONSTRAINT "PK_process_migration" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_process_migration_county" ON "process_migration" ("county_code", "started_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "process_migration"');
  }
}
