import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 冬春救助: campaigns per county and season, the households the villages list, the opinions given. */
export class WinterSpringCampaign1796305898119 implements MigrationInterface {
  name = 'WinterSpringCampaign1796305898119';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "relief_campaign" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "campaign_no" character varying(48) NOT NULL, "county_code" character varying(32) NOT NULL, "season" char(9) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "process_instance_id" character varying(64), "started_by_name" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_relief_campaign_no" UNIQUE ("campaign_no"), CONSTRAINT "PK_relief_campaign" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_relief_campaign_season" ON "relief_campaign" ("county_code", "season")`);
    await q.query(
      `CREATE TABLE "relief_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "campaign_id" uuid NOT NULL REFERENCES "relief_campaign"("id"), "household_id" uuid NOT NULL REFERENCES "household"("id"), "village_code" character varying(32) NOT NULL, "township_code" character varying(32) NOT NULL, "need" character varying(16) NOT NULL, "form" character varying(8) NOT NULL, "amount_fen" integer NOT NULL DEFAULT 0 CHECK ("amount_fen" >= 0), "description" text NOT NULL, "payment_line_id" uuid, "recorded_at" TIMESTAMP WITH TIME ZONE, "listed_by" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_relief_item_payment_line" UNIQUE ("payment_line_id"), CONSTRAINT "PK_relief_item" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_relief_item_need" ON "relief_item" ("campaign_id", "household_id", "need")`);
    await q.query(`CREATE INDEX "IDX_relief_item_campaign" ON "relief_item" ("campaign_id")`);
    await q.query(
      `CREATE TABLE "relief_campaign_event" ("id" BIGSERIAL NOT NULL, "campaign_id" uuid NOT NULL REFERENCES "relief_campaign"("id"), "step" character varying(64) NOT NULL, "unit_code" character varying(32), "approved" boolean, "actor_name" character varying(64) NOT NULL, "opinion" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_relief_campaign_event" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_relief_campaign_event_campaign" ON "relief_campaign_event" ("campaign_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "relief_campaign_event"`);
    await q.query(`DROP TABLE "relief_item"`);
    await q.query(`DROP TABLE "relief_campaign"`);
  }
}
