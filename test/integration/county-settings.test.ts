/**
 * 各县自定、全省共用: one installation for many counties. A county's admin sets
 * the county's own 办理时限 and 乡镇审批限额 (the rest inherit the installation
 * default, 恢复默认 returns to it); only the 系统管理员（全省） edits the
 * defaults, the working-day calendar and the member departments, and adds a
 * county. Real engine, real database.
 */
import { expect } from 'chai';
import { restoreCountyDefaults } from '../support/county-defaults.js';
import { AuditEntry } from '../../domain/entities/audit-entry.entity.js';
import { TemporaryPayment } from '../../domain/entities/temporary.entity.js';
import { User } from '../../domain/entities/user.entity.js';
import { seedDemoCounty, seededAccountsText } from '../../domain/services/seed.service.js';
import { makeIdNumber } from '../../domain/idcard.js';
import { engineMs } from '../../domain/services/statistics.service.js';
import { thePlatform } from '../support/global-fixture.js';
import { Browser, loginAs, waitFor } from '../support/http.js';
import { newApplication, taskOf } from '../support/application.js';
import { COUNTY2, seedSecondCounty } from '../support/second-county.js';

const STEP = { processKey: 'temporary-assistance', taskKey: 'Task_CountyTemporaryApproval' };
/** DEMO_SECONDS_PER_WORKDAY of the test platform (test/support/global-fixture.ts). */
const WORKDAY_MS = 16_000;
let seq = 810;

/** A temporary-assistance case registered by a county's window; paid first only when emergency and within the county's limit. */
async function temporaryCase(clerk: Browser, villageCode: string, amountYuan: number, emergency = false): Promise<{ id: string }> {
  const { household } = newApplication({ incomeYuan: 0, types: ['temporary'] });
  const idNumber = makeIdNumber(villageCode.slice(0, 6), '19700101', String(seq++).padStart(3, '0'));
  const h = { ...household, headIdNumber: idNumber, villageCode, members: [{ name: household.headName, idNumber, relation: '本人' }] };
  const r = await clerk.post('/api/cases/temporary', { household: h, amountYuan, emergency, reason: '家中突发重大变故，生活困难' });
  expect(r.status, JSON.stringify(r.body)).to.equal(201);
  return { id: r.body.id };
}

/** How long the county's 县民政审批 task of a case has, from its arrival to its due date (ms). */
async function approvalSpan(handler: Browser, caseId: string): Promise<number> {
  const { taskId } = await taskOf(handler, caseId, STEP.taskKey);
  const t = await thePlatform().engine.getTask(taskId);
  return engineMs(t.due!) - engineMs(t.created);
}

const ruleOf = (items: any[]) => items.find((r) => r.processKey === STEP.processKey && r.taskKey === STEP.taskKey);
const RULE = { unit: 'workday', remindBeforeAmount: 1, remindBeforeUnit: 'workday', graceAmount: 2, graceUnit: 'workday' } as const;

describe('各县自定的办理时限与乡镇审批限额 / 本县取值、全省默认值、恢复默认', function () {
  this.timeout(180_000);
  let adminA: Browser, adminB: Browser, sysadmin: Browser;

  before(async () => {
    await restoreCountyDefaults();
    await seedSecondCounty();
    [adminA, adminB, sysadmin] = await Promise.all([loginAs('admin'), loginAs('admin_c2'), loginAs('sysadmin')]);
  });

  it('一县管理员修改办理时限：本县此后的新案件按新时限，另一个县的新案件仍按全省默认；恢复默认后本县也回到默认', async () => {
    const before = ruleOf((await adminA.get('/api/admin/time-limits')).body.items);
    expect(before).to.include({ own: false, amount: 5 });
    // when county A's admin gives 县民政审批 20 working days
    const put = await adminA.put(`/api/admin/time-limits/${before.id}`, { ...RULE, amount: 20 });
    expect(put.status, JSON.stringify(put.body)).to.equal(200);
    expect(put.body).to.include({ own: true, amount: 20, countyCode: '139901' });
    expect(put.body.defaults).to.include({ amount: 5 });
    try {
      // then the other county still reads the default, as its own page shows
      expect(ruleOf((await adminB.get('/api/admin/time-limits')).body.items)).to.include({ own: false, amount: 5 });
      // and a new case in A is due in 20 working days, one in B in 5
      const [a, b] = await Promise.all([temporaryCase(await loginAs('clerk'), '139901100201', 3000), temporaryCase(await loginAs('clerk_c2'), COUNTY2.village, 3000)]);
      const [spanA, spanB] = await Promise.all([approvalSpan(await loginAs('handler_civil'), a.id), approvalSpan(await loginAs('handler_civil_c2'), b.id)]);
      expect(Math.abs(spanA - 20 * WORKDAY_MS), `A: ${spanA} ms`).to.be.below(WORKDAY_MS / 2);
      expect(Math.abs(spanB - 5 * WORKDAY_MS), `B: ${spanB} ms`).to.be.below(WORKDAY_MS / 2);
    } finally {
      // 恢复默认: the county's own rule is gone; the default applies again
      const reset = await adminA.request('DELETE', `/api/admin/time-limits/${put.body.id}/own`);
      expect(reset.status, JSON.stringify(reset.body)).to.equal(200);
      expect(reset.body).to.include({ own: false, amount: 5, id: before.id });
    }
    const c = await temporaryCase(await loginAs('clerk'), '139901100201', 3000);
    const span = await approvalSpan(await loginAs('handler_civil'), c.id);
    expect(Math.abs(span - 5 * WORKDAY_MS), `after reset: ${span} ms`).to.be.below(WORKDAY_MS / 2);
  });

  it('一县管理员不能改另一个县的取值，也不能改全省默认值：每条途径都 403（有代码和中文说明、留痕），什么都不改变', async () => {
    // given county B has its own 县民政审批 limit (7 working days) and its own township limit (1500 元)
    const defaultRule = ruleOf((await adminB.get('/api/admin/time-limits')).body.items);
    const bRule = (await adminB.put(`/api/admin/time-limits/${defaultRule.id}`, { ...RULE, amount: 7 })).body;
    expect(bRule).to.include({ own: true, amount: 7 });
    expect((await adminB.put('/api/admin/settings/township-limit', { valueYuan: 1500 })).status).to.equal(200);
    const auditBefore = await thePlatform().ds.getRepository(AuditEntry).countBy({ username: 'admin', status: 403 });
    try {
      const refusals: [string, Promise<{ status: number; body: any }>, string][] = [
        ['read B’s limits', adminA.get('/api/admin/time-limits?county=139902'), 'COUNTY_FORBIDDEN'],
        ['B’s limit by county', adminA.put(`/api/admin/time-limits/${defaultRule.id}?county=139902`, { ...RULE, amount: 1 }), 'COUNTY_FORBIDDEN'],
        ['B’s limit by its row', adminA.put(`/api/admin/time-limits/${bRule.id}`, { ...RULE, amount: 1 }), 'COUNTY_FORBIDDEN'],
        ['B’s limit reset', adminA.request('DELETE', `/api/admin/time-limits/${bRule.id}/own`), 'COUNTY_FORBIDDEN'],
        ['B’s limit applied', adminA.post(`/api/admin/time-limits/${bRule.id}/apply`, {}), 'COUNTY_FORBIDDEN'],
        ['the default limit', adminA.put(`/api/admin/time-limits/${defaultRule.id}?county=default`, { ...RULE, amount: 1 }), 'DEFAULT_VALUE_FORBIDDEN'],
        ['B’s township limit', adminA.put('/api/admin/settings/township-limit?county=139902', { valueYuan: 1 }), 'COUNTY_FORBIDDEN'],
        ['B’s township limit reset', adminA.request('DELETE', '/api/admin/settings/township-limit?county=139902'), 'COUNTY_FORBIDDEN'],
        ['the default township limit', adminA.put('/api/admin/settings/township-limit?county=default', { valueYuan: 1 }), 'DEFAULT_VALUE_FORBIDDEN'],
      ];
      for (const [what, req, code] of refusals) {
        const r = await req;
        expect([r.status, r.body.code], what).to.deep.equal([403, code]);
        expect(r.body.message, what).to.match(/[\u4e00-\u9fa5]/u);
      }
      // nothing changed: B keeps its values, the defaults are as they were
      expect(ruleOf((await adminB.get('/api/admin/time-limits')).body.items)).to.include({ own: true, amount: 7 });
      expect((await adminB.get('/api/admin/settings')).body.items[0]).to.include({ own: true, valueYuan: 1500, defaultYuan: 1000 });
      expect(ruleOf((await sysadmin.get('/api/admin/time-limits')).body.items)).to.include({ amount: 5 });
      // each refusal is in the audit log
      await waitFor('the refusals in the audit log', async () => (await thePlatform().ds.getRepository(AuditEntry).countBy({ username: 'admin', status: 403 })) >= auditBefore + refusals.length);
    } finally {
      await adminB.request('DELETE', `/api/admin/time-limits/${bRule.id}/own`);
      await adminB.request('DELETE', '/api/admin/settings/township-limit');
    }
  });

  it('乡镇审批限额各县自定：A 县调到 2000 元后 1500 元的紧急救助先行发放，B 县同样的申请仍按默认 1000 元报县审批、不先发', async () => {
    const set = await adminA.put('/api/admin/settings/township-limit', { valueYuan: 2000 });
    expect(set.status, JSON.stringify(set.body)).to.equal(200);
    expect(set.body.items[0]).to.include({ own: true, valueYuan: 2000, defaultYuan: 1000, countyCode: '139901' });
    try {
      expect((await adminB.get('/api/admin/settings')).body.items[0]).to.include({ own: false, valueYuan: 1000 });
      const [a, b] = await Promise.all([temporaryCase(await loginAs('clerk'), '139901100201', 1500, true), temporaryCase(await loginAs('clerk_c2'), COUNTY2.village, 1500, true)]);
      await waitFor('A paid first', async () => (await thePlatform().ds.getRepository(TemporaryPayment).countBy({ caseId: a.id, paidFirst: true })) === 1);
      // B: over its limit, waits for the county's approval and nothing is paid
      await taskOf(await loginAs('handler_civil_c2'), b.id, STEP.taskKey);
      expect(await thePlatform().ds.getRepository(TemporaryPayment).countBy({ caseId: b.id })).to.equal(0);
      const fileB = (await (await loginAs('clerk_c2')).get(`/api/cases/${b.id}`)).body;
      expect(fileB.temporary.approvalLevel).to.equal('county');
      expect(fileB.timeline[0].opinion).to.contain('超过乡镇审批限额 1000 元');
      // the public 明白纸 of each county states its own limit
      const pub = new Browser();
      expect((await pub.get('/api/public/policy-sheets/temporary?county=139901')).body.standards[0]).to.contain('2000 元以下由乡镇审批');
      expect((await pub.get('/api/public/policy-sheets/temporary?county=139902')).body.standards[0]).to.contain('1000 元以下由乡镇审批');
    } finally {
      const reset = await adminA.request('DELETE', '/api/admin/settings/township-limit');
      expect(reset.body.items[0]).to.include({ own: false, valueYuan: 1000 });
    }
  });

  it('全省共用的工作日历和成员单位：县管理员只能查看，修改一律 403；系统管理员（全省）可以修改，并设定各县沿用的默认值', async () => {
    const years = (await adminA.get('/api/admin/calendar')).body.items as any[];
    expect(years.length).to.be.greaterThan(0);
    const y = years.at(-1);
    const cal = await adminA.put(`/api/admin/calendar/${y.year}`, { holidays: y.holidays, workdays: y.workdays });
    expect([cal.status, cal.body.code]).to.deep.equal([403, 'INSTALLATION_ADMIN_ONLY']);
    expect((await adminA.get('/api/admin/departments')).status).to.equal(200);
    const dept = await adminA.request('PATCH', '/api/admin/departments/health', { name: '改名卫健局' });
    expect([dept.status, dept.body.code]).to.deep.equal([403, 'INSTALLATION_ADMIN_ONLY']);
    expect((await adminA.get('/api/admin/counties')).status).to.equal(403);
    // a county admin cannot hand out the installation role, and the installation admin works no county's accounts
    const grant = await adminA.post('/api/admin/users', { username: 'fake_sysadmin', displayName: '冒充管理员', role: 'sysadmin', departmentCode: 'civil', unitCode: '139901' });
    expect([grant.status, grant.body.code]).to.deep.equal([403, 'ROLE_NOT_ASSIGNABLE']);
    expect((await sysadmin.get('/api/admin/users')).status).to.equal(403);
    expect((await sysadmin.post('/api/admin/time-limits/00000000-0000-0000-0000-000000000000/apply', {})).status).to.equal(403);

    // the installation admin edits the calendar and the departments
    const ok = await sysadmin.put(`/api/admin/calendar/${y.year}`, { holidays: y.holidays, workdays: y.workdays, source: y.source ?? undefined });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    const health = ((await sysadmin.get('/api/admin/departments')).body.items as any[]).find((d) => d.code === 'health');
    const renamed = await sysadmin.request('PATCH', '/api/admin/departments/health', { name: '卫生健康委员会' });
    expect([renamed.status, renamed.body.name]).to.deep.equal([200, '卫生健康委员会']);
    await sysadmin.request('PATCH', '/api/admin/departments/health', { name: health.name });

    // and the default: a county without its own value follows it, a county with its own keeps it
    const def = ruleOf((await sysadmin.get('/api/admin/time-limits')).body.items);
    const bOwn = (await adminB.put(`/api/admin/time-limits/${def.id}`, { ...RULE, amount: 9 })).body;
    const changed = await sysadmin.put(`/api/admin/time-limits/${def.id}`, { ...RULE, amount: 6 });
    expect(changed.status, JSON.stringify(changed.body)).to.equal(200);
    try {
      expect(ruleOf((await adminA.get('/api/admin/time-limits')).body.items)).to.include({ own: false, amount: 6 });
      expect(ruleOf((await adminB.get('/api/admin/time-limits')).body.items)).to.include({ own: true, amount: 9 });
      const lim = await sysadmin.put('/api/admin/settings/township-limit', { valueYuan: 1200 });
      expect(lim.body.items[0]).to.include({ countyCode: null, valueYuan: 1200 });
      expect((await adminA.get('/api/admin/settings')).body.items[0]).to.include({ own: false, valueYuan: 1200, defaultYuan: 1200 });
      // the installation admin sets defaults, not a county's values
      const county = await sysadmin.put(`/api/admin/time-limits/${def.id}?county=139901`, { ...RULE, amount: 1 });
      expect([county.status, county.body.code]).to.deep.equal([403, 'COUNTY_VALUE_FORBIDDEN']);
    } finally {
      await sysadmin.put(`/api/admin/time-limits/${def.id}`, { ...RULE, amount: 5 });
      await sysadmin.put('/api/admin/settings/township-limit', { valueYuan: 1000 });
      await adminB.request('DELETE', `/api/admin/time-limits/${bOwn.id}/own`);
    }
  });

  it('系统管理员（全省）新增县（区）：新县的管理员能登录、管理本县账号，看不到其他县的任何账号和案件；错误的输入被拒绝且什么都不建', async () => {
    const body = {
      code: '139903',
      name: '兜底三县',
      parentCode: '139900',
      townships: [{ code: '139903100', name: '同心镇', villages: [{ code: '139903100201', name: '同心村' }] }],
      admin: { username: 'admin_c3', displayName: '三县系统管理员' },
    };
    // refused: a county admin, a township outside the county, an unknown parent — and nothing is created
    expect((await adminA.post('/api/admin/counties', body)).status).to.equal(403);
    const bad = await sysadmin.post('/api/admin/counties', { ...body, townships: [{ code: '139901199', name: '错镇', villages: [] }] });
    expect([bad.status, bad.body.code]).to.deep.equal([400, 'TOWNSHIP_CODE_INVALID']);
    const orphan = await sysadmin.post('/api/admin/counties', { ...body, parentCode: '999999' });
    expect([orphan.status, orphan.body.code]).to.deep.equal([400, 'PARENT_UNIT_INVALID']);
    expect(((await sysadmin.get('/api/admin/counties')).body.items as any[]).map((c) => c.code)).to.not.include('139903');

    // when the installation admin adds 兜底三县
    const created = await sysadmin.post('/api/admin/counties', body);
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body.county).to.deep.include({ code: '139903', name: '兜底三县', townships: 1, villages: 1, admins: ['admin_c3'] });
    const again = await sysadmin.post('/api/admin/counties', body);
    expect([again.status, again.body.code]).to.deep.equal([409, 'COUNTY_EXISTS']);

    // then its admin logs in with the initial password, must change it, and works in the county
    const admin3 = new Browser();
    const login = await admin3.post('/api/auth/login', { username: 'admin_c3', password: created.body.admin.password });
    expect([login.status, login.body.mustChangePassword]).to.deep.equal([200, true]);
    expect((await admin3.post('/api/auth/password', { oldPassword: created.body.admin.password, newPassword: 'Sanxian-Admin-2026!' })).status).to.equal(200);
    const clerk = await admin3.post('/api/admin/users', { username: 'clerk_c3', displayName: '三县窗口', role: 'clerk', departmentCode: 'civil', unitCode: '139903100' });
    expect(clerk.status, JSON.stringify(clerk.body)).to.equal(201);
    // it sees only its county: its accounts, its (inherited) limits; another county's unit is refused
    expect(((await admin3.get('/api/admin/users?pageSize=100')).body.items as any[]).map((u) => u.username).sort()).to.deep.equal(['admin_c3', 'clerk_c3']);
    expect(((await admin3.get('/api/admin/time-limits')).body.items as any[]).every((r) => r.own === false)).to.equal(true);
    const outside = await admin3.post('/api/admin/users', { username: 'clerk_c3x', displayName: '外县窗口', role: 'clerk', departmentCode: 'civil', unitCode: '139901100' });
    expect(outside.status).to.equal(403);
    // its window sees none of the demo county's cases
    const window3 = new Browser();
    await window3.post('/api/auth/login', { username: 'clerk_c3', password: clerk.body.password });
    expect((await window3.post('/api/auth/password', { oldPassword: clerk.body.password, newPassword: 'Sanxian-Clerk-2026!' })).status).to.equal(200);
    const cases = await window3.get('/api/cases?pageSize=100');
    expect(cases.status, JSON.stringify(cases.body)).to.equal(200);
    expect(cases.body.items).to.deep.equal([]);
    const [demoCase] = await thePlatform().ds.query(`SELECT id FROM assistance_case ORDER BY created_at LIMIT 1`);
    expect((await window3.get(`/api/cases/${demoCase.id}`)).status).to.be.oneOf([403, 404]);
  });

  it('升级前已初始化的系统：启动时补建一个系统管理员（全省）账号（初始密码显示一次），已有时不再建', async () => {
    const users = thePlatform().ds.getRepository(User);
    const current = await users.findOneByOrFail({ username: 'sysadmin' });
    // given an installation seeded before the role existed (its demo county, no installation admin)
    await users.update({ id: current.id }, { username: 'sysadmin_before', role: 'admin' });
    try {
      const added = await seedDemoCounty(thePlatform().ds);
      expect(added.map((a) => [a.username, a.role, a.unit])).to.deep.equal([['sysadmin', 'sysadmin', '130000']]);
      expect(seededAccountsText(added)).to.contain('已创建系统管理员（全省）账号').and.contain(added[0]!.password);
      expect(await seedDemoCounty(thePlatform().ds)).to.deep.equal([]);
    } finally {
      await users.delete({ username: 'sysadmin' });
      await users.update({ id: current.id }, { username: 'sysadmin', role: 'sysadmin' });
    }
  });
});
