/**
 * 示范县 (demo county): departments from POLICY-MAP, an organisation tree, one
 * account per role per relevant department, and synthetic households whose
 * ID numbers pass the GB 11643 checksum but use a non-existent area code
 * (1399xx) and 演示/样例 names, so nobody can mistake them for real people.
 */
import crypto from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { Department } from '../entities/department.entity.js';
import { Household } from '../entities/household.entity.js';
import { idNumberIndex } from '../crypto/pii.js';
import { HouseholdMember } from '../entities/household-member.entity.js';
import { Unit } from '../entities/unit.entity.js';
import { AssistanceStandard } from '../entities/money.entity.js';
import { User, type Role } from '../entities/user.entity.js';
import { makeIdNumber } from '../idcard.js';
import { hashPassword } from './auth.service.js';
import type { StandardKind } from '../../contracts/kinds.js';

export const DEPARTMENTS: { code: string; name: string; isLead?: boolean }[] = [
  { code: 'civil', name: '民政局', isLead: true },
  { code: 'finance', name: '财政局' },
  { code: 'health', name: '卫生健康局' },
  { code: 'hrss', name: '人力资源和社会保障局' },
  { code: 'edu', name: '教育局' },
  { code: 'housing', name: '住房和城乡建设局' },
  { code: 'rural', name: '乡村振兴局' },
  { code: 'dpf', name: '残疾人联合会' },
  { code: 'ndrc', name: '发展和改革局' },
  { code: 'emergency', name: '应急管理局' },
  { code: 'gov', name: '县人民政府' },
  { code: 'township', name: '乡镇人民政府' },
  { code: 'town_finance', name: '乡镇财政所' },
  { code: 'village', name: '村民委员会' },
];

/** Synthetic area code: 13 = Hebei, 99 = no such city — clearly not a real address. */
export const DEMO_AREA = '139901';
export const UNITS: Omit<Unit, 'dibaoStandardFen'>[] = [
  { code: '130000', name: '河北省', level: 'province', parentCode: null },
  { code: '139900', name: '示范市', level: 'city', parentCode: '130000' },
  { code: '139901', name: '兜底示范县', level: 'county', parentCode: '139900' },
  { code: '139901100', name: '幸福镇', level: 'township', parentCode: '139901' },
  { code: '139901100201', name: '和平村', level: 'village', parentCode: '139901100' },
  { code: '139901100202', name: '团结村', level: 'village', parentCode: '139901100' },
];
/** Demo county standards from January 2026, per person per month in fen (农村低保 600.00 yuan …); admins add later ones. */
export const DEMO_STANDARDS: { kind: StandardKind; amountFen: number }[] = [
  { kind: 'dibao_rural', amountFen: 60_000 },
  { kind: 'dibao_urban', amountFen: 75_000 },
  { kind: 'tekun_basic', amountFen: 97_500 },
  { kind: 'tekun_care_full', amountFen: 60_000 },
  { kind: 'tekun_care_partial', amountFen: 30_000 },
  { kind: 'tekun_care_self', amountFen: 10_000 },
];

export interface SeededAccount {
  username: string;
  password: string;
  role: Role;
  department: string;
  unit: string;
  displayName: string;
}

const MEMBER_DEPTS = ['civil', 'finance', 'health', 'hrss', 'edu', 'housing', 'rural', 'dpf', 'ndrc', 'emergency'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];

function accountsPlan(): Omit<SeededAccount, 'password'>[] {
  const dname = (c: string) => DEPARTMENTS.find((d) => d.code === c)!.name;
  const plan: Omit<SeededAccount, 'password'>[] = [
    { username: 'clerk', role: 'clerk', department: 'civil', unit: '139901', displayName: '县便民服务中心窗口' },
    { username: 'clerk_town', role: 'clerk', department: 'township', unit: '139901100', displayName: '幸福镇便民服务中心窗口' },
    { username: 'coordinator', role: 'coordinator', department: 'civil', unit: '139901', displayName: '联席会议办公室' },
    { username: 'leader', role: 'leader', department: 'gov', unit: '139901', displayName: '分管副县长' },
    { username: 'admin', role: 'admin', department: 'civil', unit: '139901', displayName: '系统管理员' },
    { username: 'sysadmin', role: 'sysadmin', department: 'civil', unit: '130000', displayName: '省民政厅系统管理员（全省）' },
    { username: 'village_heping', role: 'village', department: 'village', unit: '139901100201', displayName: '和平村专干' },
    { username: 'village_tuanjie', role: 'village', department: 'village', unit: '139901100202', displayName: '团结村专干' },
    { username: 'handler_township', role: 'handler', department: 'township', unit: '139901100', displayName: '幸福镇社会救助经办人' },
    { username: 'finance_town', role: 'head', department: 'town_finance', unit: '139901100', displayName: '幸福镇财政所所长' },
  ];
  MEMBER_DEPTS.forEach((d, i) => {
    plan.push({ username: `handler_${d}`, role: 'handler', department: d, unit: '139901', displayName: `${dname(d)}经办人（${SURNAMES[i]}演示）` });
    plan.push({ username: `head_${d}`, role: 'head', department: d, unit: '139901', displayName: `${dname(d)}负责人（${SURNAMES[i + 10]}演示）` });
  });
  return plan;
}

/** A readable random initial password (no ambiguous characters). */
export function initialPassword(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';
  const bytes = crypto.randomBytes(12);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** Seeds the demo county when the database has no departments yet; returns the accounts created (empty when already seeded). */
/** The seeded accounts as printed once at the first start (by `npm start` and by the production server). */
export function seededAccountsText(accounts: SeededAccount[]): string {
  const lines = accounts.map((a) => `  ${a.username.padEnd(18)} ${a.password}  ${a.role.padEnd(12)} ${a.displayName}`);
  const title = accounts.every((a) => a.role === 'sysadmin') ? '已创建系统管理员（全省）账号（初始密码仅显示这一次，首次登录后请修改）：' : '首次启动，已创建示范县演示账号（初始密码仅显示这一次，首次登录后请修改）：';
  return ['', title, '  用户名              初始密码      角色         说明', ...lines, ''].join('\n');
}

/** Creates one planned account with a fresh initial password (to be changed at the first login). */
async function insertAccount(em: EntityManager, a: Omit<SeededAccount, 'password'>): Promise<SeededAccount> {
  const password = initialPassword();
  await em.insert(User, {
    username: a.username,
    displayName: a.displayName,
    passwordHash: await hashPassword(password),
    role: a.role,
    departmentCode: a.department,
    unitCode: a.unit,
    mustChangePassword: true,
    active: true,
  });
  return { ...a, password };
}

export async function seedDemoCounty(ds: DataSource): Promise<SeededAccount[]> {
  return ds.transaction(async (em) => {
    // Serialise concurrent first starts (several server nodes) on one advisory lock.
    await em.query('SELECT pg_advisory_xact_lock(72001)');
    if ((await em.count(Department)) > 0) {
      // An installation seeded before the installation-level role gets its 系统管理员（全省） once, shown like the others.
      if (await em.exists(User, { where: { role: 'sysadmin' } })) return [];
      const plan = accountsPlan().find((a) => a.role === 'sysadmin')!;
      if (await em.exists(User, { where: { username: plan.username } })) return [];
      return [await insertAccount(em, plan)];
    }
    await em.insert(
      Department,
      DEPARTMENTS.map((d, i) => ({ code: d.code, name: d.name, isLead: !!d.isLead, sortOrder: i })),
    );
    await em.insert(
      Unit,
      UNITS.map((u) => ({ ...u, dibaoStandardFen: null })),
    );
    await em.insert(
      AssistanceStandard,
      DEMO_STANDARDS.map((d) => ({ ...d, countyCode: DEMO_AREA, effectiveMonth: '2026-01', approvalRef: '示政字〔2026〕1号', approvedBy: '兜底示范县人民政府', setBy: null, setByName: '系统初始化' })),
    );
    const accounts: SeededAccount[] = [];
    for (const a of accountsPlan()) accounts.push(await insertAccount(em, a));
    const households = [
      {
        head: '王演示',
        village: '139901100201',
        income: 80_000,
        members: [
          ['王演示', '本人', '19580312'],
          ['李样例', '配偶', '19600705'],
        ],
      },
      {
        head: '赵样例',
        village: '139901100201',
        income: 30_000,
        members: [
          ['赵样例', '本人', '19750101'],
          ['赵小样', '子女', '20120918'],
          ['钱演示', '父母', '19480220'],
        ],
      },
      { head: '孙演示', village: '139901100202', income: 0, members: [['孙演示', '本人', '19400615']] },
      {
        head: '周样例',
        village: '139901100202',
        income: 250_000,
        members: [
          ['周样例', '本人', '19820411'],
          ['吴演示', '配偶', '19841103'],
          ['周小演', '子女', '20150506'],
          ['周小例', '子女', '20180827'],
        ],
      },
      {
        head: '郑演示',
        village: '139901100201',
        income: 120_000,
        members: [
          ['郑演示', '本人', '19700909'],
          ['郑小示', '子女', '20080130'],
        ],
      },
    ];
    let seq = 1;
    for (const [i, h] of households.entries()) {
      const members = h.members.map(([name, relation, birth]) => ({ name: name!, relation: relation!, idNumber: makeIdNumber(DEMO_AREA, birth!, String(seq++).padStart(3, '0')) }));
      const saved = await em.save(
        em.create(Household, {
          householdNo: `H${h.village}-${String(i + 1).padStart(5, '0')}`,
          headName: h.head,
          headIdNumber: members[0]!.idNumber,
          headIdHash: idNumberIndex(members[0]!.idNumber),
          phone: `1990000000${i}`,
          address: `${UNITS.find((u) => u.code === h.village)!.name}演示街 ${i + 1} 号`,
          unitCode: h.village,
          monthlyIncomeFen: h.income,
        }),
      );
      await em.insert(
        HouseholdMember,
        members.map((m) => ({ ...m, idHash: idNumberIndex(m.idNumber), householdId: saved.id })),
      );
    }
    return accounts;
  });
}

/**
 * Gives every demo account a fresh random password and returns them — for a
 * test run against an already-seeded (external, test-only) database.
 */
/**
 * Load drivers and the cluster run log in as the demo accounts many times: they keep their generated
 * passwords instead of changing them at the first login (that control is tested in security.test.ts).
 * Never called by the server, the workers or `npm start`.
 */
export async function waiveFirstPasswordChange(ds: DataSource): Promise<void> {
  await ds.getRepository(User).createQueryBuilder().update().set({ mustChangePassword: false }).execute();
}

export async function resetDemoPasswords(ds: DataSource): Promise<SeededAccount[]> {
  const out: SeededAccount[] = [];
  for (const a of accountsPlan()) {
    const password = initialPassword();
    // A fresh initial password: to be changed at the first login, like a seeded one.
    const r = await ds.getRepository(User).update({ username: a.username }, { passwordHash: await hashPassword(password), mustChangePassword: true, failedLogins: 0, lockedUntil: null });
    if (r.affected) out.push({ ...a, password });
  }
  return out;
}
