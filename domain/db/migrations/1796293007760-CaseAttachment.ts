import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Uploaded scans and home-visit photos of a case; the files are encrypted in the object store. */
export class CaseAttachment1796293007760 implements MigrationInterface {
  name = 'CaseAttachment1796293007760';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "case_attachment" (
      "id" uuid PRIMARY KEY,
      "case_id" uuid NOT NULL REFERENCES "assistance_case"("id"),
      "kind" varchar(16) NOT NULL,
      "document_code" varchar(32),
      "file_name" text NOT NULL,
      "mime_type" varchar(64) NOT NULL,
      "size_bytes" integer NOT NULL,
      "storage_key" varchar(120) NOT NULL,
      "uploaded_by" uuid NOT NULL,
      "uploaded_by_name" varchar(64) NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "IDX_case_attachment_case_id" ON "case_attachment" ("case_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "case_attachment"`);
  }
}
