import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 临时救助: the request (amount, emergency, source, approval level) and its one-off payment. */
export class TemporaryAssistance1764381600000 implements MigrationInterface {
  name = 'TemporaryAssistance1764381600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "temporary_request" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL REFERENCES "assistance_case"("id"), "amount_fen" integer NOT NULL CHECK ("amount_fen" > 0), "emergency" boolean NOT NULL, "source" character varying(16) NOT NULL, "approval_level" character varying(16), "township_code" character varying(32) NOT NULL, CONSTRAINT "UQ_temporary_request_case" UNIQUE ("case_id"), CONSTRAINT "PK_temporary_request" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "temporary_payment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL REFERENCES "assistance_case"("id"), "amount_fen" integer NOT NULL, "paid_first" boolean NOT NULL, "external_task_id" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_temporary_payment_case" UNIQUE ("case_id"), CONSTRAINT "PK_temporary_payment" PRIMARY KEY ("id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "temporary_payment"`);
    await q.query(`DROP TABLE IF EXISTS "temporary_request"`);
  }
}
