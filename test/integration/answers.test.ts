/**
 * 接口答复契约: every operation that declares its answer (server/operation.ts `response`, listed in
 * OPERATIONS) is called with real data as a
 * role allowed to, and its success answer is parsed with the operation's schema — a field missing,
 * of the wrong type, or not in the contract (strict objects) fails with the zod issue. The test ends
 * by checking that every listed operation was exercised. What it changes lives in a county of its
 * own (added by the 系统管理员（全省）) or is settled at the end (cases withdrawn, reviews decided).
 */
import { expect } from 'chai';
import { z } from 'zod';
import { OPERATIONS } from '../../server/openapi.js';
import { answersChecked } from '../../server/operation.js';
import { AccountabilityRecord } from '../../domain/entities/escalation.entity.js';
import { User } from '../../domain/entities/user.entity.js';
import { monthOf } from '../../domain/services/payroll.service.js';
import { addMonths } from '../../domain/services/standard.service.js';
import { newApplication, settleCasesOfThisSuite, taskOf } from '../support/application.js';
import { thePlatform } from '../support/global-fixture.js';
import { Browser, loginAs, waitFor } from '../support/http.js';
import { pngImage } from '../support/images.js';
import { givenRecipient } from '../support/payroll.js';

/** The answer schemas the operations declare, by `METHOD /path` (path under /api in express syntax). */
const ANSWERS: Record<string, z.ZodType> = Object.fromEntries(OPERATIONS.filter((o) => o.response).map((o) => [`${o.method.toUpperCase()} ${o.path}`, o.response!]));

const exercised = new Set<string>();

/**
 * Calls one operation (`'GET /cases/:id'`, with the concrete path under /api) and parses its answer
 * with the operation's schema in ANSWERS; returns the parsed answer.
 */
async function call<T = any>(b: Browser, operation: string, path: string, body?: unknown): Promise<T> {
  const method = operation.split(' ')[0]!;
  const schema = ANSWERS[operation];
  expect(schema, `${operation} declares its answer`).to.not.equal(undefined);
  const r = await b.request(method, `/api${path}`, method === 'GET' ? undefined : (body ?? {}));
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).to.be.oneOf([200, 201]);
  return parse(operation, r.body) as T;
}

/** Parses an answer with its operation's schema, failing with the zod issues. */
function parse(operation: string, body: unknown): unknown {
  const checked = ANSWERS[operation]!.safeParse(body);
  if (!checked.success) expect.fail(`${operation}: the answer does not fit its schema:\n${z.prettifyError(checked.error)}\n${JSON.stringify(body).slice(0, 2000)}`);
  exercised.add(operation);
  return body;
}

/** A new account's first login: the initial password is changed (POST /auth/password), then it logs in again. */
async function firstLogin(username: string, password: string): Promise<Browser> {
  const b = new Browser();
  await call(b, 'POST /auth/login', '/auth/login', { username, password });
  const newPassword = `Ans-${username}-x7Q!9`;
  await call(b, 'POST /auth/password', '/auth/password', { oldPassword: password, newPassword });
  await call(b, 'POST /auth/login', '/auth/login', { username, password: newPassword });
  return b;
}

/** A county of this suite's own: township 001 with villages 001 and 002. */
const COUNTY = '139977';
const TOWNSHIP = `${COUNTY}001`;
const VILLAGE = `${TOWNSHIP}001`;

describe('接口答复契约：每个已描述的接口以有权角色调用，答复按其 zod 契约解析', function () {
  this.timeout(300_000);
  settleCasesOfThisSuite();

  it('所有 ANSWERS 中的接口答复都符合契约', async () => {
    const { ds } = thePlatform();
    const anonymous = new Browser();
    const [clerk, village, civil, head, coordinator, leader, admin, sysadmin, township] = await Promise.all(
      ['clerk', 'village_heping', 'handler_civil', 'head_civil', 'coordinator', 'leader', 'admin', 'sysadmin', 'handler_township'].map((u) => loginAs(u)),
    );

    // session, reference data, public pages
    await call(clerk, 'GET /auth/me', '/auth/me');
    await call(clerk, 'GET /auth/session', '/auth/session');
    await call(anonymous, 'GET /auth/session', '/auth/session');
    await call(anonymous, 'GET /health', '/health');
    await call(anonymous, 'GET /openapi.json', '/openapi.json');
    await call(clerk, 'GET /meta', '/meta');
    await call(clerk, 'GET /processes/:key/xml', '/processes/social-assistance-application/xml');
    await call(anonymous, 'GET /public/notices', '/public/notices');
    const sheets = await call(anonymous, 'GET /public/policy-sheets', '/public/policy-sheets');
    await call(anonymous, 'GET /public/policy-sheets/:kind', `/public/policy-sheets/${sheets.kinds[0].kind}`);
    await call(anonymous, 'GET /public/payment-results', '/public/payment-results');

    // a case: registration, the file, 求助有门, attachments, reveal, households
    const app = newApplication({ incomeYuan: 0, types: ['dibao'], members: 2 });
    const reg = await call(clerk, 'POST /cases', '/cases', app);
    await call(clerk, 'GET /cases', '/cases?pageSize=5');
    await call(village, 'GET /cases', '/cases?pageSize=5');
    const code = await call(clerk, 'POST /cases/:id/lookup-code', `/cases/${reg.id}/lookup-code`);
    await call(anonymous, 'POST /public/lookup', '/public/lookup', { caseNo: code.caseNo, code: code.lookupCode });
    const upload = await fetch(`${thePlatform().url}/api/cases/${reg.id}/attachments?kind=material&document=${app.documents[0]}&name=${encodeURIComponent('户口簿扫描.png')}`, {
      method: 'POST',
      headers: { Cookie: clerk.sessionCookie, 'Content-Type': 'image/png' },
      body: new Uint8Array(pngImage()),
    });
    const uploaded = await upload.json();
    expect(upload.status, JSON.stringify(uploaded)).to.equal(201);
    parse('POST /cases/:id/attachments', uploaded);
    await call(clerk, 'GET /cases/:id/attachments', `/cases/${reg.id}/attachments`);
    await call(clerk, 'POST /cases/:id/reveal', `/cases/${reg.id}/reveal`, { field: 'phone', reason: '电话回访申请人' });
    const households = await call<any[]>(clerk, 'GET /households', '/households');
    await call(clerk, 'POST /households/search', '/households/search', { idNumber: app.household.headIdNumber, reason: '核对申请人家庭' });
    const file = await call(clerk, 'GET /cases/:id', `/cases/${reg.id}`);
    expect(households.length).to.be.greaterThan(0);
    await call(clerk, 'PUT /households/:id/facts', `/households/${file.household.id}/facts`, {
      disasterImpact: 'none',
      members: file.household.members.map((m: any) => ({
        memberId: m.id,
        disabilityLevel: m.relation === '本人' ? 2 : null,
        schoolingStage: 'none',
        seriousIllness: false,
        employment: m.relation === '本人' ? 'unable' : 'not_applicable',
        povertyStatus: 'none',
      })),
      reason: '户主取得残疾人证',
    });

    // the village worker's steps: 签收、取消签收、抄送、办理、撤回、退回
    const visit = await taskOf(village, reg.id, 'Task_HomeVisit');
    await call(village, 'GET /tasks', '/tasks?pageSize=20');
    await call(village, 'GET /tasks/:id', `/tasks/${visit.taskId}`);
    const actions = await call(village, 'GET /tasks/:id/actions', `/tasks/${visit.taskId}/actions`);
    await call(village, 'POST /tasks/:id/claim', `/tasks/${visit.taskId}/claim`);
    await call(village, 'POST /tasks/:id/unclaim', `/tasks/${visit.taskId}/unclaim`);
    expect(actions.copyTargets.map((p: any) => p.username)).to.include('clerk');
    await call(village, 'POST /tasks/:id/copy', `/tasks/${visit.taskId}/copy`, { toUsernames: ['clerk'], note: '请窗口知悉入户调查安排' });
    const copies = await call(clerk, 'GET /tasks/copies', '/tasks/copies');
    await call(clerk, 'POST /tasks/copies/:copyId/read', `/tasks/copies/${copies.items[0].id}/read`);
    // 督办催办 by the coordinator: an alert the village worker lists and acknowledges
    await call(coordinator, 'POST /tasks/:id/urge', `/tasks/${visit.taskId}/urge`, { message: '请尽快入户调查' });
    const alerts = await waitFor('the urge in the village worker’s alerts', async () => {
      const page = await call(village, 'GET /alerts', '/alerts?unread=true');
      return page.items.find((a: any) => a.taskId === visit.taskId) ? page : undefined;
    });
    await call(village, 'POST /alerts/:id/ack', `/alerts/${alerts.items.find((a: any) => a.taskId === visit.taskId).id}/ack`);
    await call(village, 'POST /alerts/ack-all', '/alerts/ack-all');
    await call(village, 'POST /tasks/:id/complete', `/tasks/${visit.taskId}/complete`, { findings: '家中无劳动力，住房简陋，生活困难属实', recommend: true });
    await taskOf(village, reg.id, 'Task_DemocraticReview');
    const recalled = await call(village, 'POST /tasks/:id/recall', `/tasks/${visit.taskId}/recall`, { reason: '调查情况需补充' });
    await call(village, 'POST /tasks/:id/complete', `/tasks/${recalled.taskId}/complete`, { findings: '家中无劳动力，住房简陋，生活困难属实', recommend: true });
    const review = await taskOf(village, reg.id, 'Task_DemocraticReview');
    await call(village, 'POST /tasks/:id/return', `/tasks/${review.taskId}/return`, { opinion: '入户调查需补充照片' });
    await call(village, 'GET /worklist/done', '/worklist/done');
    await call(clerk, 'GET /worklist/initiated', '/worklist/initiated');
    await call(clerk, 'GET /cases/:id', `/cases/${reg.id}`);
    // while the case is open: the monitor and the running instances of its version show it
    await call(coordinator, 'GET /monitor/:key', '/monitor/social-assistance-application');
    await call(coordinator, 'GET /monitor/:key/heat', '/monitor/social-assistance-application/heat');
    await call(coordinator, 'GET /monitor/:key/activities/:activityId', '/monitor/social-assistance-application/activities/Task_HomeVisit');
    const versions = await call(admin, 'GET /versions', '/versions');
    await call(admin, 'GET /versions/:definitionId/instances', `/versions/${versions.processes.find((p: any) => p.key === 'social-assistance-application' && p.latest).id}/instances`);
    await call(clerk, 'POST /cases/:id/withdraw', `/cases/${reg.id}/withdraw`, { reason: '申请人主动撤回申请' });

    // 临时救助 at the county: 加签 and its signature, 委派 and its 交回, 转办, then 办理
    const { household } = newApplication({ incomeYuan: 0, types: ['temporary'] });
    const temp = await call(clerk, 'POST /cases/temporary', '/cases/temporary', { household, amountYuan: 3000, reason: '家中突发重大变故，生活困难' });
    const approval = await taskOf(civil, temp.id, 'Task_CountyTemporaryApproval');
    await call(civil, 'GET /tasks/:id/actions', `/tasks/${approval.taskId}/actions`);
    await call(civil, 'POST /tasks/:id/cosign', `/tasks/${approval.taskId}/cosign`, { toUsername: 'head_civil', note: '金额较大，请负责人加签' });
    const sub = await waitFor('加签 in the head’s inbox', async () =>
      ((await head.get('/api/tasks?pageSize=100')).body.items as any[]).find((x) => x.name.startsWith('加签：') && x.claimedByMe && x.created >= (approval as { created?: string }).created!),
    );
    await call(head, 'POST /tasks/:id/sign', `/tasks/${sub.taskId}/sign`, { agree: true, opinion: '情况属实' });
    await call(civil, 'POST /tasks/:id/delegate', `/tasks/${approval.taskId}/delegate`, { toUsername: 'head_civil', opinion: '请负责人先行核实' });
    await call(head, 'POST /tasks/:id/resolve', `/tasks/${approval.taskId}/resolve`, { opinion: '已核实，情况属实' });
    await call(civil, 'POST /tasks/:id/transfer', `/tasks/${approval.taskId}/transfer`, { toUsername: 'head_civil', opinion: '请负责人审批' });
    await call(head, 'POST /tasks/:id/complete', `/tasks/${approval.taskId}/complete`, { approved: false, opinion: '测试结束，不予批准' });

    // 问责台账: a record a 红牌 would open, naming the civil handler; explained, then decided
    const handler = await ds.getRepository(User).findOneByOrFail({ username: 'handler_civil' });
    const record = await ds.getRepository(AccountabilityRecord).save(
      ds.getRepository(AccountabilityRecord).create({
        taskId: `answers-${Date.now()}`,
        taskName: '县民政审批',
        processInstanceId: 'answers-test',
        caseId: null,
        businessKey: null,
        countyCode: '139901',
        departmentCode: 'civil',
        handlerId: handler.id,
        responsible: [{ id: handler.id, name: handler.displayName, kind: 'assignee' }],
        dueAt: new Date(Date.now() - 3 * 24 * 3600_000),
        lateWorkingDays: '2.50',
      }),
    );
    await call(leader, 'GET /accountability', '/accountability');
    await call(civil, 'GET /accountability/:id', `/accountability/${record.id}`);
    await call(civil, 'POST /accountability/:id/explanation', `/accountability/${record.id}/explanation`, { explanation: '当日系统维护，未能及时办理' });
    await call(leader, 'POST /accountability/:id/decision', `/accountability/${record.id}/decision`, { decision: '免责', reason: '系统维护所致，情有可原' });

    // 联席会议: raised, listed, read, and the convenor decides not to convene
    const matter = await call(coordinator, 'POST /conferences', '/conferences', { title: '接口契约测试议题', background: '测试接口答复契约所用的议题背景说明', departments: ['civil', 'health'] });
    await call(coordinator, 'GET /conferences', '/conferences');
    await call(coordinator, 'GET /conferences/:id', `/conferences/${matter.id}`);
    const decide = await waitFor('the convenor’s task', async () => (await call(leader, 'GET /conferences/:id', `/conferences/${matter.id}`)).myTasks[0]);
    await call(leader, 'POST /conferences/:id/tasks/:taskId/complete', `/conferences/${matter.id}/tasks/${decide.taskId}/complete`, { convene: false, opinion: '测试议题，无需召集' });
    await call(civil, 'GET /conferences/:id', `/conferences/${matter.id}`);

    // 定期核查 of a recipient reported by the village worker: 入户复查 and 民政决定, then the notice
    const r = await givenRecipient({ name: '褚演示核' });
    await call(village, 'GET /roster/:village', '/roster/139901100201?pageSize=5');
    await call(township, 'GET /ledger/:township', '/ledger/139901100?pageSize=5');
    await call(civil, 'GET /recipients', '/recipients?pageSize=5');
    await call(civil, 'GET /recipients/:id', `/recipients/${r.recipient.id}`);
    await call(civil, 'POST /recipients/:id/changes', `/recipients/${r.recipient.id}/changes`, { amountYuan: 588, reason: '重新核定家庭收入' });
    await call(village, 'GET /reviews/reportable', '/reviews/reportable');
    const reported = await call(village, 'POST /reviews/reports', '/reviews/reports', { recipientId: r.recipient.id, reason: 'income_up', note: '家庭成员外出务工，收入增加' });
    await call(village, 'GET /reviews', '/reviews');
    await call(civil, 'GET /reviews/overview', '/reviews/overview');
    const visitTask = await waitFor('入户复查', async () => (await call(village, 'GET /reviews/:id', `/reviews/${reported.id}`)).tasks.find((t: any) => t.mine && t.taskKey === 'Task_ReviewVisit'), 60_000);
    await call(village, 'POST /reviews/:id/tasks/:taskId/complete', `/reviews/${reported.id}/tasks/${visitTask.taskId}/complete`, { findings: '入户核实，收入略有增加', suggestsChange: false });
    const decisionTask = await waitFor('民政决定', async () => (await call(civil, 'GET /reviews/:id', `/reviews/${reported.id}`)).tasks.find((t: any) => t.mine && t.taskKey === 'Task_ReviewDecision'), 60_000);
    await call(civil, 'POST /reviews/:id/tasks/:taskId/complete', `/reviews/${reported.id}/tasks/${decisionTask.taskId}/complete`, {
      decision: 'continue',
      reason: '收入仍低于保障标准',
      effectiveMonth: addMonths(monthOf(new Date()), 1),
    });
    await call(civil, 'GET /reviews/:id/notice', `/reviews/${reported.id}/notice`);

    // reading pages of the demo county
    await call(civil, 'GET /standards', `/standards?month=${monthOf(new Date())}`);
    await call(civil, 'GET /payroll', '/payroll');
    await call(civil, 'GET /price', '/price');
    await call(civil, 'GET /price/groups', '/price/groups');
    await call(civil, 'GET /standard-adjustments', '/standard-adjustments');
    await call(civil, 'GET /campaigns', '/campaigns');
    await call(leader, 'GET /statistics', '/statistics');
    await call(leader, 'GET /statistics/year', `/statistics/year?year=${new Date().getFullYear()}`);
    await call(coordinator, 'GET /decisions', '/decisions');
    const edits = await call(coordinator, 'GET /decisions/:key/edits', '/decisions/case-referrals/edits');
    const xml = ((await coordinator.get('/api/decisions')).body.items as any[]).find((d) => d.key === edits.key).xml;
    await call(coordinator, 'POST /decisions/:key/check', `/decisions/${edits.key}/check`, { xml });
    await call(admin, 'GET /incidents', '/incidents');
    await call(admin, 'GET /versions/migrations', '/versions/migrations');
    await call(admin, 'GET /admin/audit', '/admin/audit?pageSize=20');
    await call(admin, 'GET /admin/departments', '/admin/departments');
    await call(admin, 'GET /admin/processes', '/admin/processes');
    await call(admin, 'GET /admin/calendar', '/admin/calendar');
    await call(admin, 'GET /admin/time-limits', '/admin/time-limits');
    await call(admin, 'GET /admin/settings', '/admin/settings');
    await call(admin, 'GET /admin/standards', '/admin/standards');
    const startDay = await call(admin, 'GET /admin/campaign-start-day', '/admin/campaign-start-day');
    await call(admin, 'PUT /admin/campaign-start-day', '/admin/campaign-start-day', startDay);
    await call(sysadmin, 'GET /admin/counties', '/admin/counties');
    const overview = await call(admin, 'GET /reviews/overview', '/reviews/overview');
    const freq = overview.frequencies[0];
    await call(admin, `PUT /reviews/frequencies/:reviewClass`, `/reviews/frequencies/${freq.reviewClass}`, { months: freq.months });

    // a county of this suite's own: its admin, accounts, settings, and the processes it starts
    const created = await call(sysadmin, 'POST /admin/counties', '/admin/counties', {
      code: COUNTY,
      name: '契约测试县',
      parentCode: '139900',
      townships: [{ code: TOWNSHIP, name: '契约镇', villages: [{ code: VILLAGE, name: '契约村' }] }],
      admin: { username: 'admin_answers', displayName: '契约测试县管理员' },
    });
    const countyAdmin = await firstLogin(created.admin.username, created.admin.password);
    const account = async (username: string, role: string, departmentCode: string, unitCode: string) => {
      const made = await call(countyAdmin, 'POST /admin/users', '/admin/users', { username, displayName: `契约${username.slice(-4)}`, role, departmentCode, unitCode });
      return { id: made.user.id as string, b: await firstLogin(username, made.password) };
    };
    const cCivil = await account('ans_civil', 'handler', 'civil', COUNTY);
    const cNdrc = await account('ans_ndrc', 'handler', 'ndrc', COUNTY);
    const cVillage = await account('ans_village', 'village', 'village', VILLAGE);
    const cCoordinator = await account('ans_coord', 'coordinator', 'civil', COUNTY);
    await call(countyAdmin, 'PATCH /admin/users/:id', `/admin/users/${cCoordinator.id}`, { displayName: '契约协调员' });
    await call(countyAdmin, 'GET /admin/users', '/admin/users');
    const rule = (await call(countyAdmin, 'GET /admin/time-limits', '/admin/time-limits')).items[0];
    await call(countyAdmin, 'PUT /admin/time-limits/:id', `/admin/time-limits/${rule.id}`, { ...rule.defaults, amount: rule.defaults.amount + 1 });
    await call(countyAdmin, 'POST /admin/time-limits/:id/apply', `/admin/time-limits/${rule.id}/apply`);
    await call(countyAdmin, 'DELETE /admin/time-limits/:id/own', `/admin/time-limits/${rule.id}/own`);
    await call(countyAdmin, 'PUT /admin/settings/township-limit', '/admin/settings/township-limit', { valueYuan: 800 });
    await call(countyAdmin, 'DELETE /admin/settings/township-limit', '/admin/settings/township-limit');
    await call(countyAdmin, 'POST /admin/standards', '/admin/standards', { countyCode: COUNTY, kind: 'dibao_rural', amountYuan: 600, effectiveMonth: '2020-01', approvalRef: '契政字〔2020〕1号', approvedBy: '契约测试县人民政府' });
    await call(countyAdmin, 'PUT /price/settings', '/price/settings', { cpiThreshold: 3.5, foodThreshold: 6, amountYuanPerPerson: 30, kinds: ['dibao_urban', 'dibao_rural', 'tekun'] });
    await call(countyAdmin, 'PUT /standard-adjustments/schedule', '/standard-adjustments/schedule', { monthDay: '12-01' });

    await call(cNdrc.b, 'POST /price/figures', '/price/figures', { month: addMonths(monthOf(new Date()), -1), cpiYoy: 1.2, foodYoy: 2.5, source: '市统计局居民消费价格指数' });
    await call(cCivil.b, 'GET /price', '/price');
    await call(cCivil.b, 'POST /standard-adjustments', '/standard-adjustments', { year: new Date().getFullYear() + 1 });
    await call(cCivil.b, 'GET /standard-adjustments', '/standard-adjustments');
    await call(cCivil.b, 'POST /reviews/rounds', '/reviews/rounds', { month: monthOf(new Date()) });
    await call(cCivil.b, 'GET /reviews/overview', '/reviews/overview');
    const run = await call(cCivil.b, 'POST /payroll', '/payroll', { month: monthOf(new Date()) });
    await call(cCivil.b, 'GET /payroll/:id', `/payroll/${run.id}`);
    await call(cCivil.b, 'GET /payroll/:id/reconciliation', `/payroll/${run.id}/reconciliation`);
    const campaign = await call(cCivil.b, 'POST /campaigns', '/campaigns', { season: '2090-2091' });
    await call(cCivil.b, 'GET /campaigns', '/campaigns');
    const survey = await waitFor('the village survey', async () => (await call(cVillage.b, 'GET /campaigns/:id', `/campaigns/${campaign.id}`)).tasks.find((t: any) => t.taskKey === 'Task_VillageSurvey'));
    await call(cVillage.b, 'POST /campaigns/:id/tasks/:taskId/complete', `/campaigns/${campaign.id}/tasks/${survey.taskId}/complete`, { items: [], opinion: '本村无需冬春救助的户' });
    await call(cCoordinator.b, 'GET /monitor/campaigns', '/monitor/campaigns');
    await call(cCivil.b, 'GET /campaigns/:id', `/campaigns/${campaign.id}`);
    // (a reset ends the account's sessions: last)
    await call(countyAdmin, 'POST /admin/users/:id/reset-password', `/admin/users/${cNdrc.id}/reset-password`);
    await call(countyAdmin, 'POST /auth/logout', '/auth/logout');

    // The two answers the app gives outside the route modules are not checked by the server: count them here.
    for (const k of ['GET /health', 'GET /openapi.json']) if (exercised.has(k)) answersChecked.add(k);
    // What this test does not reach (a payroll's returns, a decision's approval, a migration …) the files of those
    // flows reach, their answers checked by the server: zz-answer-coverage.test.ts checks every one was met.
  });
});
