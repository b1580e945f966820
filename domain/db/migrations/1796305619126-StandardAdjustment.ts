import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 救助标准年度调整 (自然增长): one proposal per county and year — the kinds
 * and new amounts with their reasons, the effective month, the reasoning —
 * with 财政's and the county leader's opinions; applied as new standard rows.
 */
export class StandardAdjustment1796305619126 implements MigrationInterface {
  name = 'StandardAdjustment1796305619126';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "standard_proposal" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "proposal_no" character varying(32) NOT NULL, "county_code" character varying(32) NOT NULL, "year" integer NOT NULL,
        "status" character varying(16) NOT NULL DEFAULT 'proposing', "effective_month" char(7), "items" jsonb NOT NULL DEFAULT '[]', "reasoning" text, "proposed_by_name" character varying(64),
        "finance_by_name" character varying(64), "finance_opinion" text, "leader_by_name" character varying(64), "leader_opinion" text, "applied_at" TIMESTAMP WITH TIME ZONE,
        "started_by_name" character varying(64) NOT NULL, "process_instance_id" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_standard_proposal" PRIMARY KEY ("id"), CONSTRAINT "UQ_standard_proposal_no" UNIQUE ("proposal_no"), CONSTRAINT "UQ_standard_proposal_year" UNIQUE ("county_code", "year"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "standard_proposal"`);
  }
}
