import { expect } from 'chai';
import { PROCESS } from '../../domain/engine/contract.js';
import { PaymentLine, PayrollRun, Recipient, RecipientEvent } from '../../domain/entities/money.entity.js';
import { RecipientReview, ReviewRound } from '../../domain/entities/review.entity.js';
import { thePlatform } from '../support/global-fixture.js';
import { type Browser, loginAs, waitFor } from '../support/http.js';
import { givenRecipient, payrollAt, removePayrollMonth } from '../support/payroll.js';

/** The Beijing month of now, and the month after. */
const THIS_MONTH = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
const NEXT_MONTH = (() => {
  const [y, m] = THIS_MONTH.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
})();

/** The review of a recipient once its instance runs. */
async function reviewOf(recipientId: string): Promise<RecipientReview> {
  return waitFor(`review of ${recipientId}`, async () => {
    const r = await thePlatform().ds.getRepository(RecipientReview).findOneBy({ recipientId, status: 'running' });
    return r?.processInstanceId ? r : undefined;
  });
}

/** The user's open task of a review, as the review page lists it (waits for it). */
async function reviewTask(b: Browser, reviewId: string, taskKey: string): Promise<string> {
  return waitFor(`${taskKey} of ${reviewId}`, async () => {
    const r = await b.get(`/api/reviews/${reviewId}`);
    return (r.body.tasks as any[] | undefined)?.find((t) => t.taskKey === taskKey && t.mine)?.taskId as string | undefined;
  });
}

async function revisit(village: Browser, reviewId: string, findings: string): Promise<void> {
  const task = await reviewTask(village, reviewId, 'Task_ReviewVisit');
  const r = await village.post(`/api/reviews/${reviewId}/tasks/${task}/complete`, { findings, suggestsChange: true });
  expect(r.status, JSON.stringify(r.body)).to.equal(200);
}

describe('定期核查与退出：到期选出 → 复核 → 入户复查 → 民政决定 → 名册与下月发放随之变化', function () {
  this.timeout(180_000);

  after(async () => {
    const p = thePlatform();
    for (const r of await p.ds.getRepository(PayrollRun).find()) if (r.status !== 'closed') await p.engine.deleteStartedInstances(r.runNo, 1).catch(() => undefined);
    for (const r of await p.ds.getRepository(RecipientReview).findBy({ status: 'running' })) await p.engine.deleteStartedInstances(r.reviewNo, 1).catch(() => undefined);
  });

  it('定时启动的核查：停止保障的家庭不进下月发放名册，调整金额从生效月份起执行；无理由、生效月份早于已发放月份、重复核查、越村报告都被拒绝且不改变任何数据', async () => {
    const p = thePlatform();
    const [civil, village, otherVillage, leader] = await Promise.all(['handler_civil', 'village_heping', 'village_tuanjie', 'leader'].map((u) => loginAs(u)));
    // the year's statistics before (this year's, and next month's year for the exit)
    const yearOf = async (month: string) => {
      const r = await leader.get(`/api/statistics/year?year=${month.slice(0, 4)}`);
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      return r.body;
    };
    const monthRow = (y: any, m: string) => y.months.find((x: any) => x.month === m);
    const coveredRural = (y: any) => y.covered.find((c: any) => c.kind === 'dibao_rural' && c.township === '幸福镇')?.households ?? 0;
    const [before, beforeNext] = [await yearOf(THIS_MONTH), await yearOf(NEXT_MONTH)];
    // given three 农村低保 households of 和平村: two in the register since January (their half-yearly review is due),
    // one since last month (not due); b has two members at 100 yuan per-capita income: (600 − 100) × 2 = 1000 a month
    const a = await givenRecipient({ name: '褚演示退', startMonth: '2026-01' });
    const c = await givenRecipient({ name: '褚演示迟', startMonth: '2026-01' });
    const b = await givenRecipient({ name: '褚演示调', size: 2, perCapitaYuan: 100, startMonth: THIS_MONTH });

    // when the daily timer of the schedule fires (the review day, 1, has come)
    const job = await p.engine.startTimerJob(PROCESS.periodicReviewSchedule, 'Start_ReviewDaily');
    expect(job, 'the daily timer of the start event').to.not.equal(null);
    await p.engine.executeJob(job!.id);
    // then this month's round selects a and c (due) but not b, and starts one review each
    const round = await waitFor('timer-started round', async () => p.ds.getRepository(ReviewRound).findOneBy({ month: THIS_MONTH, countyCode: '139901', startedByName: '定时启动' }));
    const ra = await reviewOf(a.recipient.id);
    const rc = await reviewOf(c.recipient.id);
    expect(ra.trigger).to.equal('periodic');
    expect(await p.ds.getRepository(RecipientReview).existsBy({ recipientId: b.recipient.id })).to.equal(false);
    // and a second start of the month, by hand, is refused
    const again = await civil.post('/api/reviews/rounds', { month: THIS_MONTH });
    expect(again.status).to.equal(409);
    expect(again.body.code).to.equal('REVIEW_ROUND_EXISTS');
    // (one round per county: the second test county, when seeded, gets its own)
    expect(await p.ds.getRepository(ReviewRound).countBy({ month: THIS_MONTH, countyCode: '139901' })).to.equal(1);
    expect(round.selected).to.be.at.least(2);

    // when the village worker reports b (income up) — and tries a (already under review) and a household of another village
    const dup = await village.post('/api/reviews/reports', { recipientId: a.recipient.id, reason: 'moved', note: '听说已经迁往外省' });
    expect(dup.status).to.equal(409);
    expect(dup.body.code).to.equal('REVIEW_RUNNING');
    const foreign = await otherVillage.post('/api/reviews/reports', { recipientId: b.recipient.id, reason: 'income_up', note: '外出务工收入增加' });
    expect(foreign.status).to.equal(403);
    expect(foreign.body.code).to.equal('REVIEW_OUTSIDE_JURISDICTION');
    expect(foreign.body.message).to.match(/本村/);
    expect(await p.ds.getRepository(RecipientReview).countBy({ recipientId: a.recipient.id })).to.equal(1);
    expect(await p.ds.getRepository(RecipientReview).countBy({ recipientId: b.recipient.id })).to.equal(0);
    const reported = await village.post('/api/reviews/reports', { recipientId: b.recipient.id, reason: 'income_up', note: '儿子外出务工，家庭收入增加' });
    expect(reported.status, JSON.stringify(reported.body)).to.equal(201);
    const rb = await reviewOf(b.recipient.id);
    expect(rb).to.include({ trigger: 'report', reportReason: 'income_up' });
    // and the other village's worker cannot open the review
    expect((await otherVillage.get(`/api/reviews/${rb.id}`)).status).to.equal(404);

    // then each review was re-verified through the verification sources and waits for the village re-visit
    for (const r of [ra, rb, rc]) await revisit(village, r.id, '入户查看家庭实际生活情况，与核对结果相符');
    const detail = (await civil.get(`/api/reviews/${ra.id}`)).body;
    expect(detail.verification.summary).to.match(/^复核：家庭 1 人/);
    expect(detail.visit.findings).to.match(/入户查看/);

    // when civil affairs decides a without a reason: refused, nothing changed
    const taskA = await reviewTask(civil, ra.id, 'Task_ReviewDecision');
    const noReason = await civil.post(`/api/reviews/${ra.id}/tasks/${taskA}/complete`, { decision: 'stop', reason: ' ', effectiveMonth: NEXT_MONTH });
    expect(noReason.status).to.equal(400);
    expect(noReason.body.code).to.equal('REASON_INVALID');
    expect(noReason.body.message).to.match(/[\u4e00-\u9fa5]/u);
    expect((await p.ds.getRepository(RecipientReview).findOneByOrFail({ id: ra.id })).status).to.equal('running');
    expect(await reviewTask(civil, ra.id, 'Task_ReviewDecision')).to.equal(taskA);

    // when civil affairs stops a from next month (退出) and lowers b's amount from next month (per-capita income now 300)
    const stop = await civil.post(`/api/reviews/${ra.id}/tasks/${taskA}/complete`, { decision: 'stop', reason: '户主已迁往外省定居，不再符合本地低保条件', effectiveMonth: NEXT_MONTH });
    expect(stop.status, JSON.stringify(stop.body)).to.equal(200);
    const taskB = await reviewTask(civil, rb.id, 'Task_ReviewDecision');
    const adjust = await civil.post(`/api/reviews/${rb.id}/tasks/${taskB}/complete`, { decision: 'adjust', reason: '儿子务工收入经核实，月人均收入 300 元', effectiveMonth: NEXT_MONTH, perCapitaIncomeYuan: 300 });
    expect(adjust.status, JSON.stringify(adjust.body)).to.equal(200);
    // then the written notice can be printed
    const notice = await civil.get(`/api/reviews/${ra.id}/notice`);
    expect(notice.status).to.equal(200);
    expect(notice.body.body).to.equal(`经核查，你户自 ${NEXT_MONTH} 起停止享受农村低保（退出保障范围）。`);
    expect(notice.body.reason).to.equal('户主已迁往外省定居，不再符合本地低保条件');
    // and nothing changes in the register before the effective month
    expect((await p.ds.getRepository(Recipient).findOneByOrFail({ id: a.recipient.id })).status).to.equal('active');

    // when this month's payroll is built: a and b are paid as before (b 1000)
    const m1 = await civil.post('/api/payroll', { month: THIS_MONTH });
    expect(m1.status, JSON.stringify(m1.body)).to.equal(201);
    await payrollAt(civil, m1.body.id, 'civil_review');
    const lineOf = async (runId: string, recipientId: string) => p.ds.getRepository(PaymentLine).findOneBy({ runId, recipientId });
    expect((await lineOf(m1.body.id, a.recipient.id))?.amountFen).to.equal(60_000);
    expect((await lineOf(m1.body.id, b.recipient.id))?.amountFen).to.equal(100_000);

    // when civil affairs decides c effective this month, already on this month's roster: refused, nothing changed
    const taskC = await reviewTask(civil, rc.id, 'Task_ReviewDecision');
    const early = await civil.post(`/api/reviews/${rc.id}/tasks/${taskC}/complete`, { decision: 'stop', reason: '家庭成员已全部外出务工', effectiveMonth: THIS_MONTH });
    expect(early.status).to.equal(400);
    expect(early.body.code).to.equal('REVIEW_EFFECTIVE_BEFORE_PAID');
    expect(early.body.message).to.include(`请从 ${NEXT_MONTH} 起生效`);
    expect((await p.ds.getRepository(RecipientReview).findOneByOrFail({ id: rc.id })).decision).to.equal(null);
    expect((await p.ds.getRepository(Recipient).findOneByOrFail({ id: c.recipient.id })).status).to.equal('active');

    // when next month's payroll is built
    const m2 = await civil.post('/api/payroll', { month: NEXT_MONTH });
    expect(m2.status, JSON.stringify(m2.body)).to.equal(201);
    await payrollAt(civil, m2.body.id, 'civil_review');
    // then a is not on the roster and has left the register (终止, with the review's reason in its log)
    expect(await lineOf(m2.body.id, a.recipient.id)).to.equal(null);
    expect((await p.ds.getRepository(Recipient).findOneByOrFail({ id: a.recipient.id })).status).to.equal('terminated');
    const exit = await p.ds.getRepository(RecipientEvent).findOneByOrFail({ recipientId: a.recipient.id, toStatus: 'terminated' });
    expect(exit.reason).to.include(ra.reviewNo).and.include('户主已迁往外省定居');
    // and b is paid the new amount, (600 − 300) × 2 = 600
    expect((await lineOf(m2.body.id, b.recipient.id))?.amountFen).to.equal(60_000);
    expect((await p.ds.getRepository(RecipientEvent).findOneByOrFail({ recipientId: b.recipient.id, kind: 'amount_changed', dedupKey: `review:${rb.id}` })).toAmountFen).to.equal(60_000);
    // and the review history is on the recipient's page
    const history = (await civil.get(`/api/reviews?recipientId=${a.recipient.id}`)).body;
    expect(history.items.map((i: any) => [i.reviewNo, i.decisionName, i.effectiveMonth])).to.deep.equal([[ra.reviewNo, '停止保障（退出）', NEXT_MONTH]]);
    // and the township's 台账 shows b's last review (this month)
    const [{ household_no: hb }] = await p.ds.query('SELECT h.household_no FROM recipient r JOIN household h ON h.id = r.household_id WHERE r.id = $1', [b.recipient.id]);
    const ledger = await civil.get('/api/ledger/139901100?village=139901100201&kind=dibao_rural&pageSize=10000');
    expect(ledger.status, JSON.stringify(ledger.body)).to.equal(200);
    expect((ledger.body.items as any[]).find((i) => i.householdNo === hb)?.lastReview).to.equal(THIS_MONTH);
    // and the completed steps are task facts (for 按时完成率)
    const [{ n }] = await p.ds.query(`SELECT count(*)::int AS n FROM task_fact WHERE process_key = 'periodic-review' AND task_key = 'Task_ReviewDecision' AND process_instance_id = ANY($1)`, [
      [ra.processInstanceId, rb.processInstanceId, rc.processInstanceId],
    ]);
    expect(n).to.equal(2);

    // and the year's statistics show it: three more households covered, b entered this month, a left from next month,
    // two reviews decided, both on time in each step
    const [after, afterNext] = [await yearOf(THIS_MONTH), await yearOf(NEXT_MONTH)];
    expect(coveredRural(after)).to.equal(coveredRural(before) + 3);
    expect(monthRow(after, THIS_MONTH).entries).to.equal(monthRow(before, THIS_MONTH).entries + 1);
    // (at least: building next month also applies decisions other suites left pending for it, e.g. the browser test's)
    expect(monthRow(afterNext, NEXT_MONTH).exits).to.be.at.least(monthRow(beforeNext, NEXT_MONTH).exits + 1);
    expect(after.reviews.decided).to.equal(before.reviews.decided + 2);
    expect(after.reviews.onTime).to.equal(before.reviews.onTime + 2);
    expect(after.reviews.stopped).to.equal(before.reviews.stopped + 1);
    expect(after.reviewSteps.map((x: any) => x.name)).to.deep.equal(['入户复查', '民政核查决定']);
    // and a department head other than civil affairs' may not read them
    expect((await (await loginAs('head_health')).get(`/api/statistics/year?year=${THIS_MONTH.slice(0, 4)}`)).body.code).to.equal('YEAR_STATISTICS_FORBIDDEN');
    // (clean-up: both months belong to the suites that follow — 物价联动, 标准调整, 冬春救助 pay them)
    await removePayrollMonth(THIS_MONTH);
    await removePayrollMonth(NEXT_MONTH);
  });

  it('权限：财政经办人不能启动核查，卫健经办人看不到核查，村级专干不能作民政决定', async () => {
    const [finance, health, village, civil] = await Promise.all(['handler_finance', 'handler_health', 'village_heping', 'handler_civil'].map((u) => loginAs(u)));
    const r = await finance.post('/api/reviews/rounds', { month: NEXT_MONTH });
    expect(r.status).to.equal(403);
    expect(r.body.code).to.equal('REVIEW_ROUND_FORBIDDEN');
    expect((await health.get('/api/reviews')).body.code).to.equal('REVIEW_FORBIDDEN');
    // a review waiting for civil affairs' decision
    const d = await givenRecipient({ name: '褚演示权', startMonth: THIS_MONTH });
    expect((await village.post('/api/reviews/reports', { recipientId: d.recipient.id, reason: 'died', note: '户主已于上周去世' })).status).to.equal(201);
    const rd = await reviewOf(d.recipient.id);
    await revisit(village, rd.id, '户主已去世，家中无其他成员');
    const task = await reviewTask(civil, rd.id, 'Task_ReviewDecision');
    const byVillage = await village.post(`/api/reviews/${rd.id}/tasks/${task}/complete`, { decision: 'stop', reason: '户主已去世', effectiveMonth: NEXT_MONTH });
    expect(byVillage.status).to.equal(403);
    expect((await thePlatform().ds.getRepository(RecipientReview).findOneByOrFail({ id: rd.id })).status).to.equal('running');
  });
});
