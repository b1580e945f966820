import { expect } from 'chai';
import { CSV_HEADERS } from '../../domain/statistics/csv.js';
import { TaskFactRow } from '../../domain/entities/task-fact.entity.js';
import { StatisticsService } from '../../domain/services/statistics.service.js';
import { addCalendarDays, beijingDateOf } from '../../domain/time/beijing.js';
import { thePlatform } from '../support/global-fixture.js';
import { Browser, loginAs, waitFor } from '../support/http.js';
import ExcelJS from 'exceljs';
import { DAILY_HEADERS, XLSX_DAILY_SHEET, XLSX_SHEET } from '../../domain/statistics/xlsx.js';
import { actors, closedCase, complete, newApplication, register, taskOf, villageSteps } from '../support/application.js';

const PROCESS = 'social-assistance-application';
/** The fields only completions change (this test is the only one completing tasks while it runs). */
const completions = (d: any) => ({ done: d.done, doneWithDue: d.doneWithDue, onTime: d.onTime, overdueDone: d.overdueDone });
const ZERO = { done: 0, doneWithDue: 0, onTime: 0, overdue: 0, overdueDone: 0, overdueOpen: 0, backlog: 0, backlogOverdue: 0 };
type Counts = typeof ZERO;

/** The counting figures of a row (a missing row counts zero). */
const counts = (row: Partial<Counts> | undefined): Counts => Object.fromEntries(Object.keys(ZERO).map((k) => [k, (row as any)?.[k] ?? 0])) as Counts;
const minus = (a: Counts, b: Counts): Counts => Object.fromEntries(Object.keys(ZERO).map((k) => [k, a[k as keyof Counts] - b[k as keyof Counts]])) as Counts;
const step = (report: any, taskKey: string) => counts(report.byStep.find((s: any) => s.processKey === PROCESS && s.taskKey === taskKey));
const dept = (report: any, code: string) => counts(report.byDepartment.find((d: any) => d.departmentCode === code));
const unit = (report: any, code: string) => counts(report.byUnit.find((u: any) => u.unitCode === code));

async function stats(b: Browser, query: string): Promise<any> {
  const r = await b.get(`/api/statistics?${query}`);
  expect(r.status, JSON.stringify(r.body)).to.equal(200);
  return r.body;
}

/** The rule of 民主评议, set through the admin API; returns the previous one. */
async function setReviewRule(admin: Browser, rule: Record<string, unknown>): Promise<any> {
  const rules = (await admin.get('/api/admin/time-limits')).body.items as any[];
  const current = rules.find((r) => r.processKey === PROCESS && r.taskKey === 'Task_DemocraticReview');
  const r = await admin.request('PUT', `/api/admin/time-limits/${current.id}`, rule);
  expect(r.status, JSON.stringify(r.body)).to.equal(200);
  return current;
}

describe('考核统计 / 按部门、按环节的办理时效（办结事实留存于业务库）', function () {
  this.timeout(120_000);
  // A range around today that a test running across Beijing midnight still covers.
  const today = beijingDateOf(new Date());
  const from = addCalendarDays(today, -1);
  const to = addCalendarDays(today, 1);
  const range = `from=${from}&to=${to}`;
  let admin: Browser;
  let previous: any;

  before(async () => {
    admin = await loginAs('admin');
  });

  after(async () => {
    if (!previous) return;
    const { amount, unit, remindBeforeAmount, remindBeforeUnit, graceAmount, graceUnit } = previous;
    await setReviewRule(admin, { amount, unit, remindBeforeAmount, remindBeforeUnit, graceAmount, graceUnit });
  });

  it('counts exactly the steps this test completes, on time and late, per step and per department; a withdrawn step is not done', async () => {
    const { clerk, village, civil } = await actors();
    const [leader, headCivil] = await Promise.all([loginAs('leader'), loginAs('head_civil')]);
    const before = await stats(leader, range);
    const headBefore = await stats(headCivil, range);

    // given 民主评议 limited to 1 working hour (2 s on the test's demo scale)
    previous = await setReviewRule(admin, { amount: 1, unit: 'hour', remindBeforeAmount: 0, remindBeforeUnit: 'hour', graceAmount: 2, graceUnit: 'hour' });
    const c1 = await register(clerk, newApplication({ incomeYuan: 0, types: ['dibao'] }));
    const c2 = await register(clerk, newApplication({ incomeYuan: 0, types: ['dibao'] }));

    // when the village worker visits both households at once (on time: 5 working days)
    await complete(village, c1.id, 'Task_HomeVisit', { findings: '家中无劳动力，住房简陋，生活困难属实', recommend: true });
    await complete(village, c2.id, 'Task_HomeVisit', { findings: '户主长期患病，家庭收入微薄', recommend: true });
    // and holds the review of the first only after its 2 s limit has passed
    const r1 = await taskOf(village, c1.id, 'Task_DemocraticReview');
    const r2 = await taskOf(village, c2.id, 'Task_DemocraticReview');
    const due1 = Date.parse((await village.get(`/api/tasks/${r1.taskId}`)).body.due);
    const due2 = Date.parse((await village.get(`/api/tasks/${r2.taskId}`)).body.due);
    expect(due1 - Date.now()).to.be.lessThan(5_000);
    await new Promise((r) => setTimeout(r, Math.max(due1, due2) - Date.now() + 500));
    await complete(village, c1.id, 'Task_DemocraticReview', { participants: 9, votesFor: 8, votesAgainst: 1, opinion: '评议通过' });
    // and civil affairs approves the first after the public notice
    await complete(civil, c1.id, 'Task_CountyApproval', { approved: true, opinion: '核对、调查、评议、公示均无异常，同意纳入低保' });

    // then the leader's statistics show exactly that work
    const after = await stats(leader, range);
    expect(after.range).to.include({ from, to, days: 3, timeZone: 'Asia/Shanghai' });
    // Tasks other tests left open keep turning overdue on the demo scale while this test runs, so
    // open-and-overdue counts are compared with "at least"; completions and backlog are exact.
    const homeDelta = minus(step(after, 'Task_HomeVisit'), step(before, 'Task_HomeVisit'));
    expect(completions(homeDelta)).to.deep.equal({ done: 2, doneWithDue: 2, onTime: 2, overdueDone: 0 });
    expect(homeDelta.backlog).to.equal(0);
    // the late review counts once as overdue-done; the second review is open and overdue
    const reviewDelta = minus(step(after, 'Task_DemocraticReview'), step(before, 'Task_DemocraticReview'));
    expect(completions(reviewDelta)).to.deep.equal({ done: 1, doneWithDue: 1, onTime: 0, overdueDone: 1 });
    expect(reviewDelta.backlog).to.equal(1);
    expect(reviewDelta.overdueOpen).to.be.at.least(1);
    expect(reviewDelta.backlogOverdue).to.be.at.least(1);
    expect(minus(step(after, 'Task_CountyApproval'), step(before, 'Task_CountyApproval'))).to.include({ done: 1, doneWithDue: 1, onTime: 1, overdueDone: 0 });
    // attributed by candidate group: the village's steps to 村民委员会, the approval to 民政局
    expect(minus(dept(after, 'village'), dept(before, 'village'))).to.include({ done: 3, onTime: 2, overdueDone: 1 });
    expect(minus(dept(after, 'civil'), dept(before, 'civil'))).to.include({ done: 1, onTime: 1 });
    expect(after.totals.done - before.totals.done).to.equal(4);
    expect(after.byDepartment.find((d: any) => d.departmentCode === 'village').departmentName).to.equal('村民委员会');
    // and per village: the three steps are 和平村's, none 团结村's (villages are not merged into one row)
    expect(minus(unit(after, '139901100201'), unit(before, '139901100201'))).to.include({ done: 3, onTime: 2, overdueDone: 1 });
    expect(minus(unit(after, '139901100202'), unit(before, '139901100202'))).to.include({ done: 0 });
    expect(after.byUnit.find((u: any) => u.unitCode === '139901100201')).to.include({ unitName: '和平村', level: 'village' });
    const homeVisit = after.byStep.find((s: any) => s.processKey === PROCESS && s.taskKey === 'Task_HomeVisit');
    expect(homeVisit).to.include({ stepName: '入户调查', processName: '社会救助一门受理' });
    expect(homeVisit.avgHours).to.be.a('number').and.at.least(0);
    expect(homeVisit.p90Hours).to.be.a('number').and.at.least(0);
    expect(after.totals.onTimeRate).to.be.within(0, 1);

    // and the overdue trend has one point per day; today's point gained exactly these completions, one of them late
    expect(after.daily.map((d: any) => d.date)).to.deep.equal([from, today, to]);
    const day = (r: any, date: string) => r.daily.find((d: any) => d.date === date);
    const todayNow = beijingDateOf(new Date());
    expect(day(after, todayNow).done - day(before, todayNow).done).to.equal(4);
    expect(day(after, todayNow).doneLate - day(before, todayNow).doneLate).to.equal(1);
    // the late review fell due today while open: newly overdue today
    expect(day(after, todayNow).newlyOverdue - day(before, todayNow).newlyOverdue).to.be.at.least(2);
    // the days add up to the totals, and days not begun have no figures
    const sum = (r: any, k: string) => r.daily.reduce((s: number, d: any) => s + (d[k] ?? 0), 0);
    expect(sum(after, 'done')).to.equal(after.totals.done);
    expect(sum(after, 'doneLate')).to.equal(after.totals.overdueDone);
    if (todayNow === today) expect(day(after, to)).to.include({ done: null, doneLate: null, newlyOverdue: null, openOverdue: null });

    // and the head of civil affairs sees civil affairs only
    const head = await stats(headCivil, range);
    expect(head.scope).to.deep.equal({ departmentCode: 'civil', departmentName: '民政局' });
    expect(head.byDepartment.map((d: any) => d.departmentCode)).to.deep.equal(['civil']);
    expect(head.byStep.map((s: any) => s.taskKey))
      .to.include('Task_CountyApproval')
      .and.not.to.include('Task_HomeVisit')
      .and.not.to.include('Task_DemocraticReview');
    expect(head.totals.done).to.equal(head.byDepartment[0].done);
    expect(head.totals.done - headBefore.totals.done).to.equal(1);
    const headHealth = await stats(await loginAs('head_health'), range);
    expect(headHealth.byDepartment.map((d: any) => d.departmentCode)).to.deep.equal(['health']);

    // when the second application is withdrawn, its open review is cancelled: neither done nor backlog
    const w = await clerk.post(`/api/cases/${c2.id}/withdraw`, { reason: '申请人外出务工，主动撤回' });
    expect(w.status, JSON.stringify(w.body)).to.equal(200);
    await closedCase(clerk, c2.id);
    const final = await stats(leader, range);
    const finalDelta = minus(step(final, 'Task_DemocraticReview'), step(before, 'Task_DemocraticReview'));
    expect(completions(finalDelta)).to.deep.equal({ done: 1, doneWithDue: 1, onTime: 0, overdueDone: 1 });
    expect(finalDelta.backlog).to.equal(0);

    // and the CSV export carries the same figures, with a BOM for Excel and the range in its name
    const res = await fetch(`${thePlatform().url}/api/statistics/export?${range}&format=csv`, { headers: { Cookie: leader.sessionCookie } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/csv; charset=utf-8/i);
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).to.match(/^attachment;/);
    expect(disposition).to.contain(`filename="doudi-statistics_${from}_${to}.csv"`);
    expect(disposition).to.contain(`filename*=UTF-8''${encodeURIComponent(`考核统计_${from}_${to}.csv`)}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder('utf-8').decode(bytes).split('\r\n');
    expect(lines[0]).to.equal(CSV_HEADERS.join(','));
    expect(lines.some((l) => l.startsWith('按部门,村民委员会,'))).to.equal(true);
    expect(lines.some((l) => l.startsWith('按环节,,社会救助一门受理,入户调查,'))).to.equal(true);
    const total = lines.find((l) => l.startsWith('合计,'))!.split(',');
    expect(Number(total[4])).to.equal(final.totals.done);
  });

  it('exports the same figures as an Excel workbook with Chinese headers (parsed back with exceljs)', async () => {
    const leader = await loginAs('leader');
    // Workers may still finish steps of earlier tests: take the report on both sides of the download until they agree.
    const { report, rows, dailyRows, res } = await waitFor('a quiet moment for the export', async () => {
      const before = await stats(leader, range);
      const res = await fetch(`${thePlatform().url}/api/statistics/export?${range}&format=xlsx`, { headers: { Cookie: leader.sessionCookie } });
      const buf = Buffer.from(await res.arrayBuffer());
      const after = await stats(leader, range);
      const same = JSON.stringify({ ...before, generatedAt: 0 }) === JSON.stringify({ ...after, generatedAt: 0 });
      if (!same) return undefined;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(buf as any);
      const ws = wb.getWorksheet(XLSX_SHEET)!;
      const rows: unknown[][] = [];
      ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      const dailyRows: unknown[][] = [];
      wb.getWorksheet(XLSX_DAILY_SHEET)!.eachRow({ includeEmpty: true }, (row) => dailyRows.push((row.values as unknown[]).slice(1)));
      return { report: after, rows, dailyRows, res };
    });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).to.contain(`filename*=UTF-8''${encodeURIComponent(`考核统计_${from}_${to}.xlsx`)}`);

    // then the header row is the Chinese one and every data row equals the JSON figures, in the same order
    expect(rows[0]).to.deep.equal([...CSV_HEADERS]);
    const cell = (v: unknown) => (v === undefined || v === '' ? null : v);
    const metrics = (m: any) => [m.done, m.doneWithDue, m.onTime, m.onTimeRate, m.overdue, m.overdueDone, m.overdueOpen, m.avgHours, m.p90Hours, m.backlog, m.backlogOverdue];
    const expected = [
      ...report.byDepartment.map((d: any) => ['按部门', d.departmentName, null, null, ...metrics(d)]),
      ...report.byStep.map((s: any) => ['按环节', null, s.processName, s.stepName, ...metrics(s)]),
      ['合计', null, null, null, ...metrics(report.totals)],
    ];
    const data = rows.slice(1).map((r) => Array.from({ length: CSV_HEADERS.length }, (_, i) => cell(r[i])));
    expect(data).to.deep.equal(expected);
    expect(report.byStep.length).to.be.greaterThan(0);

    // and the 逐日趋势 sheet holds the daily series, one row per day of the range (empty after today)
    expect(dailyRows[0]).to.deep.equal([...DAILY_HEADERS]);
    const daily = dailyRows.slice(1).map((r) => Array.from({ length: DAILY_HEADERS.length }, (_, i) => cell(r[i])));
    expect(daily).to.deep.equal(report.daily.map((d: any) => [d.date, d.done, d.doneLate, d.newlyOverdue, d.openOverdue]));
    expect(daily.some((d) => typeof d[1] === 'number' && d[1] > 0)).to.equal(true);
  });

  it('考核数字不随引擎历史清理而变：已结束流程的引擎历史删除后，已办结环节的统计不变', async () => {
    const p = thePlatform();
    const { clerk, village } = await actors();
    const leader = await loginAs('leader');
    // given an application whose home visit and democratic review were done, then withdrawn (its instance has ended)
    const c = await register(clerk, newApplication({ incomeYuan: 0, types: ['dibao'] }));
    await villageSteps(village, c.id);
    const w = await clerk.post(`/api/cases/${c.id}/withdraw`, { reason: '申请人外出务工，主动撤回' });
    expect(w.status, JSON.stringify(w.body)).to.equal(200);
    await closedCase(clerk, c.id);
    const before = await stats(leader, range);
    expect(step(before, 'Task_HomeVisit').done).to.be.at.least(1);

    // when the engine's history of that instance is deleted, as its nightly history cleanup does after the model's historyTimeToLive
    const res = await fetch(`${p.engine.baseUrl}/history/process-instance/${c.processInstanceId}`, {
      method: 'DELETE',
      headers: { Authorization: `Basic ${Buffer.from(`${p.engineEnv.ENGINE_USER}:${p.engineEnv.ENGINE_PASSWORD}`).toString('base64')}` },
    });
    expect(res.status).to.equal(204);
    expect(await p.engine.historicTasks({ processInstanceId: c.processInstanceId })).to.deep.equal([]);

    // then the completed steps count as before, per step, per department and in total
    const after = await stats(leader, range);
    for (const key of ['Task_HomeVisit', 'Task_DemocraticReview']) {
      expect(completions(step(after, key)), key).to.deep.equal(completions(step(before, key)));
      const row = (r: any) => r.byStep.find((s: any) => s.processKey === PROCESS && s.taskKey === key);
      expect([row(after).avgHours, row(after).p90Hours], key).to.deep.equal([row(before).avgHours, row(before).p90Hours]);
    }
    expect(completions(dept(after, 'village'))).to.deep.equal(completions(dept(before, 'village')));
    expect(after.totals.done).to.equal(before.totals.done);
  });

  it('升级后首次启动：引擎历史中尚存的办结记录一次性导入办结事实，与办理时写入的一致', async () => {
    const p = thePlatform();
    const { clerk, village } = await actors();
    // given a home visit completed through the API, whose fact was written with the completion
    const c = await register(clerk, newApplication({ incomeYuan: 0, types: ['dibao'] }));
    await complete(village, c.id, 'Task_HomeVisit', { findings: '家中无劳动力，住房简陋，生活困难属实', recommend: true });
    const facts = p.ds.getRepository(TaskFactRow);
    const written = await facts.findOneByOrFail({ processInstanceId: c.processInstanceId, taskKey: 'Task_HomeVisit' });
    const saved = await facts.find();
    try {
      // when the app holds no facts (as before the upgrade) and the import runs, twice
      await p.ds.query('DELETE FROM task_fact');
      const service = new StatisticsService(p.ds, p.engine);
      expect(await service.importHistoryOnce()).to.be.at.least(1);
      expect(await service.importHistoryOnce()).to.equal(0);
      // then the home visit's fact is back as it was written (the history's start and end instants are the engine's own, a few ms off the app's)
      const imported = await facts.findOneByOrFail({ taskId: written.taskId });
      const comparable = (f: TaskFactRow) => [f.processKey, f.taskKey, f.taskName, [...f.candidateGroups].sort(), f.assignee, f.dueAt?.getTime(), f.late];
      expect(comparable(imported)).to.deep.equal(comparable(written));
      expect(Math.abs(imported.createdAt.getTime() - written.createdAt.getTime())).to.be.lessThan(1_000);
      expect(Math.abs(imported.completedAt.getTime() - written.completedAt.getTime())).to.be.lessThan(5_000);
    } finally {
      // the facts of ended instances whose engine history is gone (the test above) are restored
      await p.ds
        .createQueryBuilder()
        .insert()
        .into(TaskFactRow)
        .values(saved.map(({ late: _late, ...f }) => f))
        .orIgnore()
        .execute();
    }
  });

  it('defaults to the last 30 days and refuses bad dates, other roles and other formats', async () => {
    const coordinator = await loginAs('coordinator');
    const r = await stats(coordinator, '');
    expect(r.range).to.include({ to: beijingDateOf(new Date()), days: 30 });
    expect(r.scope.departmentCode).to.equal(null);

    const bad = async (query: string, code: string) => {
      const res = await coordinator.get(`/api/statistics?${query}`);
      expect(res.status, query).to.equal(400);
      expect(res.body.code, query).to.equal(code);
      expect(res.body.message, query).to.match(/[\u4e00-\u9fa5]/u);
    };
    await bad('from=2026-02-30', 'FROM_INVALID');
    await bad('to=2026/03/01', 'TO_INVALID');
    await bad('from=2026-03-10&to=2026-03-01', 'STATISTICS_RANGE_INVERTED');
    await bad('from=2025-01-01&to=2026-06-30', 'STATISTICS_RANGE_TOO_LONG');
    const pdf = await coordinator.get('/api/statistics/export?format=pdf');
    expect(pdf.status).to.equal(400);
    expect(pdf.body.code).to.equal('FORMAT_INVALID');

    const { civil, clerk, village } = await actors();
    for (const b of [civil, clerk, village, await loginAs('admin')]) {
      const res = await b.get('/api/statistics');
      expect(res.status).to.equal(403);
      expect(res.body.code).to.equal('ROLE_FORBIDDEN');
      expect((await b.get('/api/statistics/export')).status).to.equal(403);
    }
    expect((await new Browser().get('/api/statistics')).status).to.equal(401);
  });
});
