import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 物价联动: the other groups a county includes in its price subsidies besides
 * the register (孤儿, 事实无人抚养儿童, 优抚对象, 领取失业保险金人员 …) — the
 * county names the groups in its settings; 民政 keeps each group's roster here,
 * a household per member with the persons paid and the months.
 */
export class PriceOtherGroups1796328393465 implements MigrationInterface {
  name = 'PriceOtherGroups1796328393465';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "price_group_member" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "county_code" character varying(32) NOT NULL, "group_code" character varying(24) NOT NULL,
        "household_id" uuid NOT NULL REFERENCES "household"("id"), "persons" integer NOT NULL CHECK ("persons" BETWEEN 1 AND 20), "from_month" char(7) NOT NULL, "to_month" char(7), "note" text,
        "added_by_name" character varying(64) NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "ended_by_name" character varying(64), "end_reason" text,
        CONSTRAINT "PK_price_group_member" PRIMARY KEY ("id"), CONSTRAINT "CHK_price_group_member_months" CHECK ("to_month" IS NULL OR "to_month" >= "from_month"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_price_group_member_open" ON "price_group_member" ("county_code", "group_code", "household_id") WHERE "to_month" IS NULL`);
    await q.query(`CREATE INDEX "IDX_price_group_member_county" ON "price_group_member" ("county_code", "group_code")`);
    await q.query(`ALTER TABLE "price_subsidy" ADD "groups" text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "price_subsidy" DROP COLUMN "groups"`);
    await q.query(`DROP TABLE "price_group_member"`);
  }
}
