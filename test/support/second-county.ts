/**
 * A second county in the same installation, for the isolation tests: 兜底二县
 * (139902) with one township and one village, its own standards and its own
 * accounts (suffix `_c2`), which log in like the seeded demo accounts
 * (`loginAs('handler_civil_c2')`). Not part of the demo seed. Idempotent.
 */
import { In } from 'typeorm';
import { Unit } from '../../domain/entities/unit.entity.js';
import { User } from '../../domain/entities/user.entity.js';
import type { Role } from '../../domain/roles.js';
import { hashPassword } from '../../domain/services/auth.service.js';
import { thePlatform } from './global-fixture.js';

export const COUNTY2 = { county: '139902', township: '139902100', village: '139902100201' } as const;

const ACCOUNTS: { username: string; role: Role; department: string; unit: string; displayName: string }[] = [
  { username: 'clerk_c2', role: 'clerk', department: 'civil', unit: COUNTY2.county, displayName: '二县便民服务中心窗口' },
  { username: 'handler_civil_c2', role: 'handler', department: 'civil', unit: COUNTY2.county, displayName: '二县民政局经办人' },
  { username: 'head_civil_c2', role: 'head', department: 'civil', unit: COUNTY2.county, displayName: '二县民政局负责人' },
  { username: 'handler_finance_c2', role: 'handler', department: 'finance', unit: COUNTY2.county, displayName: '二县财政局经办人' },
  { username: 'handler_health_c2', role: 'handler', department: 'health', unit: COUNTY2.county, displayName: '二县卫健局经办人' },
  { username: 'coordinator_c2', role: 'coordinator', department: 'civil', unit: COUNTY2.county, displayName: '二县联席会议办公室' },
  { username: 'leader_c2', role: 'leader', department: 'gov', unit: COUNTY2.county, displayName: '二县分管副县长' },
  { username: 'admin_c2', role: 'admin', department: 'civil', unit: COUNTY2.county, displayName: '二县系统管理员' },
  { username: 'handler_township_c2', role: 'handler', department: 'township', unit: COUNTY2.township, displayName: '安宁镇社会救助经办人' },
  { username: 'village_anning_c2', role: 'village', department: 'village', unit: COUNTY2.village, displayName: '安宁村专干' },
];

let seeded: Promise<void> | undefined;

/** Seeds the second county once per test run. */
export function seedSecondCounty(): Promise<void> {
  seeded ??= (async () => {
    const { ds, seededAccounts } = thePlatform();
    await ds
      .createQueryBuilder()
      .insert()
      .into(Unit)
      .values([
        { code: COUNTY2.county, name: '兜底二县', level: 'county', parentCode: '139900', dibaoStandardFen: null },
        { code: COUNTY2.township, name: '安宁镇', level: 'township', parentCode: COUNTY2.county, dibaoStandardFen: null },
        { code: COUNTY2.village, name: '安宁村', level: 'village', parentCode: COUNTY2.township, dibaoStandardFen: null },
      ])
      .orIgnore()
      .execute();
    // the demo county's standards, as the second county's own
    await ds.query(
      `INSERT INTO assistance_standard (county_code, kind, amount_fen, effective_month, approval_ref, approved_by, set_by, set_by_name)
       SELECT $1, kind, amount_fen, effective_month, '二政字〔2026〕1号', '兜底二县人民政府', NULL, '测试初始化' FROM assistance_standard WHERE county_code = '139901'
       ON CONFLICT DO NOTHING`,
      [COUNTY2.county],
    );
    const password = 'County2-Test-Password-9';
    const passwordHash = await hashPassword(password);
    const existing = new Set((await ds.getRepository(User).findBy({ username: In(ACCOUNTS.map((a) => a.username)) })).map((u) => u.username));
    const fresh = ACCOUNTS.filter((a) => !existing.has(a.username));
    if (fresh.length) {
      await ds.getRepository(User).insert(fresh.map((a) => ({ username: a.username, displayName: a.displayName, passwordHash, role: a.role, departmentCode: a.department, unitCode: a.unit, mustChangePassword: false, active: true })));
    }
    for (const a of ACCOUNTS) if (!seededAccounts.some((s) => s.username === a.username)) seededAccounts.push({ username: a.username, password, role: a.role, department: a.department, unit: a.unit, displayName: a.displayName });
  })();
  return seeded;
}
