import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 家庭情况: per member facts (encrypted JSON), per household the disaster
 * impact; the assets each verification source found (核对: 车辆/房产/存款);
 * why a department was referred; referrals can end as withdrawn.
 */
export class HouseholdFacts1796291236662 implements MigrationInterface {
  name = 'HouseholdFacts1796291236662';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "household_member" ADD "facts_enc" text`);
    await q.query(`ALTER TABLE "household" ADD "disaster_impact" varchar(16) NOT NULL DEFAULT 'none'`);
    await q.query(`ALTER TABLE "verification_result" ADD "assets" text[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "referral" ADD "reason" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "referral" DROP COLUMN "reason"`);
    await q.query(`ALTER TABLE "verification_result" DROP COLUMN "assets"`);
    await q.query(`ALTER TABLE "household" DROP COLUMN "disaster_impact"`);
    await q.query(`ALTER TABLE "household_member" DROP COLUMN "facts_enc"`);
  }
}
