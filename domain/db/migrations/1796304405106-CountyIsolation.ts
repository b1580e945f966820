import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counties isolated in one installation: candidate groups and alert rooms name
 * the county (`dept:<county>:<code>`, `role:<county>:<role>`, `head:<county>:<code>`),
 * joint-conference matters and accountability records carry it. Rows written
 * before (an installation had one county then) get the county of their case,
 * of the user who raised them, or the installation's first county.
 */
export class CountyIsolation1796304405106 implements MigrationInterface {
  name = 'CountyIsolation1796304405106';

  async up(q: QueryRunner): Promise<void> {
    const legacy = `(SELECT code FROM unit WHERE level = 'county' ORDER BY code LIMIT 1)`;
    // `dept:civil` → `dept:<c>:civil`, `group:role:leader` → `group:role:<c>:leader`, `head:civil` → `head:<c>:civil`.
    const rewrite = (col: string, county: string) => `ARRAY(SELECT CASE
        WHEN r ~ '^(dept|role|head):[^:]+$' THEN split_part(r, ':', 1) || ':' || ${county} || ':' || split_part(r, ':', 2)
        WHEN r ~ '^group:(dept|role):[^:]+$' THEN 'group:' || split_part(r, ':', 2) || ':' || ${county} || ':' || split_part(r, ':', 3)
        ELSE r END FROM unnest(${col}) WITH ORDINALITY AS t(r, o) ORDER BY o)`;
    const caseCounty = (caseCol: string) => `coalesce((SELECT left(c.unit_code, 6) FROM assistance_case c WHERE c.id = ${caseCol}), ${legacy})`;

    await q.query(`ALTER TABLE "conference_matter" ADD "county_code" varchar(32)`);
    await q.query(`UPDATE "conference_matter" m SET county_code = coalesce((SELECT left(u.unit_code, 6) FROM app_user u WHERE u.id = m.raised_by), ${legacy}, '')`);
    await q.query(`ALTER TABLE "conference_matter" ALTER COLUMN "county_code" SET NOT NULL`);
    await q.query(`CREATE INDEX "IDX_conference_matter_county" ON "conference_matter" ("county_code")`);

    await q.query(`ALTER TABLE "accountability_record" ADD "county_code" varchar(32)`);
    await q.query(`UPDATE "accountability_record" SET county_code = ${caseCounty('case_id')}`);
    await q.query(`CREATE INDEX "IDX_accountability_record_county" ON "accountability_record" ("county_code")`);

    await q.query(`UPDATE "alert" SET rooms = ${rewrite('rooms', caseCounty('case_id'))} WHERE EXISTS (SELECT 1 FROM unnest(rooms) r WHERE r ~ '^(dept|role|head|group:dept|group:role):[^:]+$')`);
    await q.query(
      `UPDATE "task_fact" f SET candidate_groups = ${rewrite('candidate_groups', `coalesce((SELECT left(c.unit_code, 6) FROM assistance_case c WHERE c.process_instance_id = f.process_instance_id), ${legacy})`)}
       WHERE EXISTS (SELECT 1 FROM unnest(candidate_groups) r WHERE r ~ '^(dept|role):[^:]+$')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_accountability_record_county"`);
    await q.query(`ALTER TABLE "accountability_record" DROP COLUMN "county_code"`);
    await q.query(`DROP INDEX "IDX_conference_matter_county"`);
    await q.query(`ALTER TABLE "conference_matter" DROP COLUMN "county_code"`);
  }
}
