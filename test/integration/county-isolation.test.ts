/**
 * 各县隔离: two counties in one installation. Every cross-county read and
 * action is refused; the same county's staff work as before.
 */
import { expect } from 'chai';
import { makeIdNumber } from '../../domain/idcard.js';
import { AlertService } from '../../domain/services/alert.service.js';
import { PROCESS } from '../../domain/engine/contract.js';
import { COUNTY_UPGRADE_KEY, upgradeToCountyGroups } from '../../domain/engine/county-upgrade.js';
import { createLogger } from '../../domain/logger.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, waitFor, type Browser } from '../support/http.js';
import { newApplication, taskOf } from '../support/application.js';
import { givenRecipient } from '../support/payroll.js';
import { matterTask } from '../support/conference.js';
import { COUNTY2, seedSecondCounty } from '../support/second-county.js';

let seq = 700;

/** A county-level temporary-assistance case (3 000 元): its first user task is 县民政审批 of the county's civil affairs. */
async function temporaryCase(clerk: Browser, villageCode: string): Promise<{ id: string; caseNo: string; idNumber: string }> {
  const { household } = newApplication({ incomeYuan: 0, types: ['temporary'] });
  const idNumber = makeIdNumber(villageCode.slice(0, 6), '19700101', String(seq++).padStart(3, '0'));
  const h = { ...household, headIdNumber: idNumber, villageCode, members: [{ name: household.headName, idNumber, relation: '本人' }] };
  const r = await clerk.post('/api/cases/temporary', { household: h, amountYuan: 3000, reason: '家中突发重大变故，生活困难' });
  expect(r.status, JSON.stringify(r.body)).to.equal(201);
  return { id: r.body.id, caseNo: r.body.caseNo, idNumber };
}

const ids = (r: { body: { items: { id: string }[] } }) => r.body.items.map((x) => String(x.id));
const taskIds = async (b: Browser) => ((await b.get('/api/tasks?pageSize=100')).body.items as any[]).map((t) => t.taskId as string);

describe('各县隔离 / 同一套系统中两个县的部门、领导和管理员互不可见', function () {
  this.timeout(120_000);
  let civil1: Browser, civil2: Browser, coordinator1: Browser, coordinator2: Browser, leader1: Browser, leader2: Browser, clerk2: Browser;
  let a: { id: string; caseNo: string; idNumber: string }, b: { id: string; caseNo: string; idNumber: string };
  let taskA: string, taskB: string;

  before(async () => {
    await seedSecondCounty();
    [civil1, civil2, coordinator1, coordinator2, leader1, leader2, clerk2] = await Promise.all(['handler_civil', 'handler_civil_c2', 'coordinator', 'coordinator_c2', 'leader', 'leader_c2', 'clerk_c2'].map((u) => loginAs(u)));
    // given: a case in each county, waiting for 县民政审批
    a = await temporaryCase(await loginAs('clerk'), '139901100201');
    b = await temporaryCase(clerk2, COUNTY2.village);
    taskA = (await taskOf(civil1, a.id, 'Task_CountyTemporaryApproval')).taskId;
    taskB = (await taskOf(civil2, b.id, 'Task_CountyTemporaryApproval')).taskId;
  });

  it('待办：两县民政经办人各自只看到本县的审批；另一个县的任务查看、签收、办结、转办、委派、抄送一律拒绝', async () => {
    expect(await taskIds(civil1))
      .to.include(taskA)
      .and.not.include(taskB);
    expect(await taskIds(civil2))
      .to.include(taskB)
      .and.not.include(taskA);
    // the engine itself keeps them apart: the task's group names its county
    const links = await thePlatform().engine.identityLinks(taskB);
    expect(links.filter((l) => l.type === 'candidate').map((l) => l.groupId)).to.deep.equal([`dept:${COUNTY2.county}:civil`]);

    expect((await civil1.get(`/api/tasks/${taskB}`)).status).to.equal(403);
    expect((await civil1.get(`/api/tasks/${taskB}/actions`)).status).to.equal(403);
    for (const [path, body] of [
      ['claim', {}],
      ['complete', { approved: true, opinion: '同意救助' }],
      ['transfer', { toDepartment: 'health', opinion: '请协助办理' }],
      ['delegate', { toUsername: 'head_civil', opinion: '请协助办理' }],
      ['copy', { toUsernames: ['head_civil'], note: '请知悉' }],
    ] as const) {
      const r = await civil1.post(`/api/tasks/${taskB}/${path}`, body);
      expect(r.status, `${path}: ${JSON.stringify(r.body)}`).to.equal(403);
    }
    // nor can a task of one's own county be passed to the other county's staff
    const toOther = await civil1.post(`/api/tasks/${taskA}/delegate`, { toUsername: 'handler_civil_c2', opinion: '请协助办理' });
    expect(toOther.status, JSON.stringify(toOther.body)).to.equal(400);
    const transferOther = await civil1.post(`/api/tasks/${taskA}/transfer`, { toUsername: 'head_civil_c2', opinion: '请协助办理' });
    expect(transferOther.status, JSON.stringify(transferOther.body)).to.equal(400);
    const copyOther = await civil1.post(`/api/tasks/${taskA}/copy`, { toUsernames: ['coordinator_c2'], note: '请知悉' });
    expect([copyOther.status, copyOther.body.code]).to.deep.equal([400, 'TO_USERNAMES_INVALID']);
    const offered = (await civil1.get(`/api/tasks/${taskA}/actions`)).body;
    expect([...offered.candidates, ...offered.copyTargets].map((p: any) => p.username)).to.not.include.members(['handler_civil_c2', 'head_civil_c2', 'coordinator_c2', 'leader_c2']);
  });

  it('转办到其他部门：任务仍在本县，到本县的卫健局，另一个县的卫健局看不到', async () => {
    const c = await temporaryCase(clerk2, COUNTY2.village);
    const t = (await taskOf(civil2, c.id, 'Task_CountyTemporaryApproval')).taskId;
    const r = await civil2.post(`/api/tasks/${t}/transfer`, { toDepartment: 'health', opinion: '涉及医疗救助，转卫健局' });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    await taskOf(await loginAs('handler_health_c2'), c.id, 'Task_CountyTemporaryApproval');
    expect(await taskIds(await loginAs('handler_health'))).to.not.include(t);
    const links = await thePlatform().engine.identityLinks(t);
    expect(links.filter((l) => l.type === 'candidate').map((l) => l.groupId)).to.deep.equal([`dept:${COUNTY2.county}:health`]);
  });

  it('案卷：另一个县的民政、联席办、领导都不能查看、查询、按身份证号查找或查看完整信息；本县可以', async () => {
    for (const other of [civil1, coordinator1, leader1]) {
      const r = await other.get(`/api/cases/${b.id}`);
      expect([r.status, r.body.code]).to.deep.equal([403, 'CASE_FORBIDDEN']);
      expect(ids(await other.get('/api/cases?pageSize=100'))).to.not.include(b.id);
      expect((await other.get(`/api/cases/${b.id}/attachments`)).status).to.equal(403);
    }
    const reveal = await civil1.post(`/api/cases/${b.id}/reveal`, { field: 'idNumber', reason: '核对身份信息' });
    expect(reveal.status, JSON.stringify(reveal.body)).to.equal(403);
    const byAdmin = await (await loginAs('admin_c2')).post(`/api/cases/${a.id}/reveal`, { field: 'idNumber', reason: '外县管理员核对身份' });
    expect(byAdmin.status, JSON.stringify(byAdmin.body)).to.equal(403);
    // the second county's window finds its own household by ID number, never the first county's
    const own = await clerk2.post('/api/households/search', { idNumber: b.idNumber, reason: '核对是否已登记' });
    expect([own.status, own.body.length]).to.deep.equal([200, 1]);
    const other = await clerk2.post('/api/households/search', { idNumber: a.idNumber, reason: '核对是否已登记' });
    expect([other.status, other.body.length]).to.deep.equal([200, 0]);
    const households = (await clerk2.get('/api/households')).body as any[];
    expect(households.length).to.be.greaterThan(0);
    expect(households.map((h) => h.villageCode ?? h.unitCode).every((v: string) => v.startsWith(COUNTY2.county))).to.equal(true);
    // same county: read and listed
    expect((await coordinator2.get(`/api/cases/${b.id}`)).status).to.equal(200);
    expect(ids(await coordinator2.get('/api/cases?pageSize=100')))
      .to.include(b.id)
      .and.not.include(a.id);
  });

  it('本县正常办理：二县民政签收并审批通过，已办、统计、流程监控只计入本县', async () => {
    const claim = await civil2.post(`/api/tasks/${taskB}/claim`, {});
    expect(claim.status, JSON.stringify(claim.body)).to.equal(200);
    const done = await civil2.post(`/api/tasks/${taskB}/complete`, { approved: true, opinion: '同意救助' });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);

    // 已办 of the county: the second county's office sees the approval, the first county's does not
    const done2 = (await coordinator2.get('/api/worklist/done?scope=department&pageSize=100')).body.items as any[];
    expect(done2.map((t) => t.taskId)).to.include(taskB);
    const done1 = (await coordinator1.get('/api/worklist/done?scope=department&pageSize=100')).body.items as any[];
    expect(done1.map((t) => t.taskId)).to.not.include(taskB);
    expect((await (await loginAs('head_civil')).get('/api/worklist/done?scope=department&pageSize=100')).body.items.map((t: any) => t.taskId)).to.not.include(taskB);

    // 考核统计: only the second county's tasks count for its leader
    const stats2 = (await leader2.get('/api/statistics')).body;
    const stats1 = (await leader1.get('/api/statistics')).body;
    expect(stats2.totals.done).to.be.greaterThan(0);
    const county2Done = await thePlatform().ds.query(`SELECT count(*)::int AS n FROM task_fact WHERE EXISTS (SELECT 1 FROM unnest(candidate_groups) g WHERE g LIKE $1)`, [`%:${COUNTY2.county}:%`]);
    expect(stats2.totals.done).to.equal(county2Done[0].n);
    const allDone = await thePlatform().ds.query(`SELECT count(*)::int AS n FROM task_fact WHERE completed_at >= now() - interval '7 days'`);
    expect(stats1.totals.done).to.be.at.most(allDone[0].n - county2Done[0].n);

    // 流程监控: the second county's diagram counts its instances only, the first county's never lists them
    const at1 = (await coordinator1.get(`/api/monitor/${PROCESS.temporaryAssistance}/activities/Task_CountyTemporaryApproval`)).body.items as any[];
    expect(at1.map((i) => i.caseId))
      .to.include(a.id)
      .and.not.include(b.id);
    const at2 = (await coordinator2.get(`/api/monitor/${PROCESS.temporaryAssistance}/activities/Task_CountyTemporaryApproval`)).body.items as any[];
    expect(at2.map((i) => i.caseId)).to.not.include(a.id);
    const m2 = (await coordinator2.get(`/api/monitor/${PROCESS.temporaryAssistance}`)).body;
    const running2 = await thePlatform().engine.countInstancesWhere({ processDefinitionKey: PROCESS.temporaryAssistance, variables: [{ name: 'countyCode', operator: 'eq', value: COUNTY2.county }] });
    expect(m2.total).to.equal(running2);
    const all = await thePlatform().engine.countInstances(PROCESS.temporaryAssistance);
    expect((await coordinator1.get(`/api/monitor/${PROCESS.temporaryAssistance}`)).body.total).to.equal(all - running2);
  });

  it('催办、预警与问责：只到本县；另一个县的联席办、领导不能催办，也看不到预警和问责记录', async () => {
    const c = await temporaryCase(clerk2, COUNTY2.village);
    const t = (await taskOf(civil2, c.id, 'Task_CountyTemporaryApproval')).taskId;
    const urgedByOther = await coordinator1.post(`/api/tasks/${t}/urge`, { message: '请抓紧办理' });
    expect(urgedByOther.status, JSON.stringify(urgedByOther.body)).to.equal(403);
    expect((await coordinator2.post(`/api/tasks/${t}/urge`, { message: '请抓紧办理' })).status).to.equal(201);

    // a red card (升级) of the second county's task: its leader and office hear of it and get the record, the first county's do not
    const task = await thePlatform().engine.getTask(t);
    const alert = await new AlertService(thePlatform().ds).raise(
      'escalation',
      { id: t, name: task.name, processInstanceId: task.processInstanceId, assignee: null, businessKey: c.caseNo, candidateGroups: [`dept:${COUNTY2.county}:civil`] },
      new Date(Date.now() - 86_400_000),
      1,
    );
    expect(alert).to.not.equal(null);
    const alerts = async (u: Browser) => ((await u.get('/api/alerts?pageSize=100')).body.items as any[]).map((x) => String(x.id));
    expect(await alerts(leader2)).to.include(String(alert!.id));
    expect(await alerts(coordinator2)).to.include(String(alert!.id));
    for (const u of [leader1, coordinator1, await loginAs('head_civil')]) expect(await alerts(u)).to.not.include(String(alert!.id));
    expect((await leader1.post(`/api/alerts/${alert!.id}/ack`, {})).status).to.equal(404);

    const record = await waitFor('accountability record', async () => ((await leader2.get('/api/accountability?pageSize=100')).body.items as any[]).find((r) => r.taskId === t));
    expect(((await leader1.get('/api/accountability?pageSize=100')).body.items as any[]).map((r) => r.id)).to.not.include(record.id);
    expect((await leader1.get(`/api/accountability/${record.id}`)).status).to.equal(403);
    const decided = await leader1.post(`/api/accountability/${record.id}/decision`, { decision: '约谈', reason: '逾期未办，约谈提醒' });
    expect([decided.status, decided.body.code]).to.deep.equal([403, 'ACCOUNTABILITY_FORBIDDEN']);
    expect((await leader2.get(`/api/accountability/${record.id}`)).status).to.equal(200);
  });

  it('联席会议：二县的议题只有二县的召集人、联席办和参会部门看到、办理', async () => {
    const raised = await coordinator2.post('/api/conferences', { title: '二县因病致贫家庭医疗费用兜底', background: '多户家庭医疗费用负担过重，需要卫健、民政共同研究', departments: ['civil', 'health'] });
    expect(raised.status, JSON.stringify(raised.body)).to.equal(201);
    const matterId = raised.body.id as string;
    const decision = await matterTask(leader2, matterId);
    expect(await taskIds(leader1)).to.not.include(decision.taskId);
    expect(((await leader1.get('/api/conferences?pageSize=100')).body.items as any[]).map((m) => m.id)).to.not.include(matterId);
    for (const u of [leader1, coordinator1, civil1]) expect((await u.get(`/api/conferences/${matterId}`)).status).to.equal(403);
    const byOther = await leader1.post(`/api/conferences/${matterId}/tasks/${decision.taskId}/complete`, { convene: true, opinion: '同意召集' });
    expect(byOther.status).to.be.oneOf([403, 404]);
    expect((await leader2.get(`/api/conferences/${matterId}`)).status).to.equal(200);
    // a matter cannot name another county's case
    const related = await coordinator2.post('/api/conferences', { title: '关联外县申请', background: '试图关联另一个县的救助申请', departments: ['civil'], relatedCaseId: a.id });
    expect([related.status, related.body.code]).to.deep.equal([400, 'RELATED_CASE_ID_INVALID']);
  });

  it('资金：另一个县看不到发放批次和在保对象；管理员只能设定本县的救助标准', async () => {
    const recipient = await givenRecipient({ name: '褚一县对象' });
    const finance2 = await loginAs('handler_finance_c2');
    for (const u of [civil2, finance2, coordinator2]) {
      expect((await u.get(`/api/recipients/${recipient.recipient.id}`)).status).to.equal(404);
      expect(((await u.get('/api/recipients?pageSize=100')).body.items as any[]).map((r) => r.id)).to.not.include(recipient.recipient.id);
    }
    const changed = await civil2.post(`/api/recipients/${recipient.recipient.id}/changes`, { status: 'suspended', reason: '外县尝试暂停' });
    expect(changed.status).to.equal(404);
    expect((await civil1.get(`/api/recipients/${recipient.recipient.id}`)).status).to.equal(200);

    // next month (a month may start one month ahead; the current one may have been started by the daily timer)
    const [y, m] = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7).split('-').map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    const started = await civil2.post('/api/payroll', { month: next });
    expect(started.status, JSON.stringify(started.body)).to.equal(201);
    const finance1 = await loginAs('handler_finance');
    for (const u of [civil1, finance1, coordinator1]) {
      expect(((await u.get('/api/payroll')).body.items as any[]).map((r) => r.id)).to.not.include(started.body.id);
      expect((await u.get(`/api/payroll/${started.body.id}`)).status).to.equal(404);
      expect((await u.get(`/api/payroll/${started.body.id}/reconciliation`)).status).to.equal(404);
    }
    expect(((await civil2.get('/api/payroll')).body.items as any[]).map((r) => r.id)).to.include(started.body.id);

    const admin2 = await loginAs('admin_c2');
    const other = await admin2.post('/api/admin/standards', { countyCode: '139901', kind: 'dibao_rural', amountYuan: 1, effectiveMonth: '2032-01', approvalRef: '二政字〔2031〕9号', approvedBy: '兜底二县人民政府' });
    expect([other.status, other.body.code]).to.deep.equal([403, 'STANDARD_COUNTY_FORBIDDEN']);
    const own = await admin2.post('/api/admin/standards', { countyCode: COUNTY2.county, kind: 'dibao_rural', amountYuan: 650, effectiveMonth: '2032-01', approvalRef: '二政字〔2031〕9号', approvedBy: '兜底二县人民政府' });
    expect(own.status, JSON.stringify(own.body)).to.equal(201);
    expect(((await admin2.get('/api/admin/standards')).body.items as any[]).every((s) => s.countyCode === COUNTY2.county)).to.equal(true);
  });

  it('账号与名册：管理员只管本县账号；另一个县的联席办看不到本县的村级名册', async () => {
    const admin2 = await loginAs('admin_c2');
    const users = (await admin2.get('/api/admin/users?pageSize=100')).body.items as any[];
    expect(users.map((u) => u.username))
      .to.include('handler_civil_c2')
      .and.not.include('handler_civil');
    const civil1Id = (await thePlatform().ds.query(`SELECT id FROM app_user WHERE username = 'handler_civil'`))[0].id;
    expect((await admin2.request('PATCH', `/api/admin/users/${civil1Id}`, { active: false })).status).to.equal(404);
    expect((await admin2.post(`/api/admin/users/${civil1Id}/reset-password`)).status).to.equal(404);
    const create = await admin2.post('/api/admin/users', { username: 'intruder_c2', displayName: '外县账号', role: 'handler', departmentCode: 'civil', unitCode: '139901' });
    expect([create.status, create.body.code]).to.deep.equal([403, 'UNIT_OUT_OF_COUNTY']);
    expect((await coordinator2.get('/api/roster/139901100201')).status).to.equal(403);
    expect((await coordinator2.get(`/api/roster/${COUNTY2.village}`)).status).to.equal(200);
    // and the audit log: the other county's admin reads and exports only lines of its own county's accounts
    const audit2 = (await admin2.get('/api/admin/audit?pageSize=100')).body.items as any[];
    expect(audit2.map((e) => e.username))
      .to.include('admin_c2')
      .and.not.include('handler_civil')
      .and.not.include('clerk');
    expect(
      audit2.filter((e) => e.unitCode).every((e) => e.unitCode.startsWith(COUNTY2.county)),
      'lines of county 2 only',
    ).to.equal(true);
    const csv2 = await admin2.get('/api/admin/audit/export?username=clerk');
    expect(csv2.status).to.equal(200);
    expect(String(csv2.body).trim().split('\n')).to.have.length(1);
    expect(((await (await loginAs('admin')).get('/api/admin/audit?username=clerk&pageSize=5')).body.items as any[]).length).to.be.greaterThan(0);
  });

  it('升级前已在办的流程：启动时补写所属县，待办的旧候选组（dept:civil）改为本县的，经办人照常办理', async () => {
    const { ds, engine } = thePlatform();
    // given: a case whose instance and open task look as they did before counties were isolated
    const c = await temporaryCase(await loginAs('clerk'), '139901100201');
    const t = await taskOf(civil1, c.id, 'Task_CountyTemporaryApproval');
    const task = await engine.getTask(t.taskId);
    await engine.replaceCandidateGroup(t.taskId, 'dept:139901:civil', 'dept:civil');
    await fetch(`${engine.baseUrl}/process-instance/${task.processInstanceId}/variables/countyCode`, {
      method: 'DELETE',
      headers: { Authorization: `Basic ${Buffer.from(`${thePlatform().engineEnv.ENGINE_USER}:${thePlatform().engineEnv.ENGINE_PASSWORD}`).toString('base64')}` },
    });
    expect(await taskIds(civil1)).to.not.include(t.taskId);
    await ds.query('DELETE FROM app_setting WHERE key = $1', [COUNTY_UPGRADE_KEY]);
    // when: the server starts after the upgrade
    const done = await upgradeToCountyGroups(ds, engine, createLogger('test', 'error'));
    // then: the instance has its county again, the task is back in the county's civil inbox and is approved there
    expect(done.instances).to.be.at.least(1);
    expect(done.tasks).to.be.at.least(1);
    expect((await engine.identityLinks(t.taskId)).filter((l) => l.type === 'candidate').map((l) => l.groupId)).to.deep.equal(['dept:139901:civil']);
    expect(await taskIds(civil1)).to.include(t.taskId);
    expect(await taskIds(civil2)).to.not.include(t.taskId);
    const r = await civil1.post(`/api/tasks/${t.taskId}/complete`, { approved: true, opinion: '同意救助' });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    // once only: a second start finds the marker and does nothing
    expect(await upgradeToCountyGroups(ds, engine, createLogger('test', 'error'))).to.deep.equal({ instances: 0, tasks: 0 });
  });
});
