import { expect } from 'chai';
import { PaymentLine } from '../../domain/entities/money.entity.js';
import { StandardAdjustmentService } from '../../domain/services/standard-adjustment.service.js';
import { thePlatform } from '../support/global-fixture.js';
import { type Browser, loginAs, waitFor } from '../support/http.js';
import { givenRecipient, payrollTask, removePayrollMonth } from '../support/payroll.js';
import { seedSecondCounty } from '../support/second-county.js';

/** The user's open task of the year's adjustment (waits for it). */
async function adjustmentTask(b: Browser, taskKey: string): Promise<{ taskId: string; proposalId: string }> {
  return waitFor(taskKey, async () => ((await b.get('/api/standard-adjustments')).body.tasks as any[]).find((t) => t.taskKey === taskKey));
}

const proposal = (items: { kind: string; amountYuan: number; reason?: string }[], effectiveMonth = '2027-01') => ({
  effectiveMonth,
  reasoning: '2026 年本县居民消费价格指数累计上涨 2.8%，农村居民人均可支配收入增长 6.5%，按自然增长机制提高标准',
  items,
});

describe('救助标准年度调整（自然增长）：民政提出方案 → 财政审核 → 县领导审批 → 自生效月份起执行', function () {
  this.timeout(180_000);

  it('到了各县的年度调整日（默认 12 月 1 日，管理员可改），定时检查启动下一年度的调整，每县每年只启动一次', async () => {
    const svc = new StandardAdjustmentService(thePlatform().ds, thePlatform().engine);
    // given the second county's admin set its adjustment day to 20 December (a malformed day is refused)
    await seedSecondCounty();
    const admin2 = await loginAs('admin_c2');
    expect((await admin2.request('PUT', '/api/standard-adjustments/schedule', { monthDay: '13-40' })).body.code).to.equal('MONTH_DAY_INVALID');
    expect((await (await loginAs('handler_civil')).request('PUT', '/api/standard-adjustments/schedule', { monthDay: '12-20' })).status).to.equal(403);
    expect((await admin2.request('PUT', '/api/standard-adjustments/schedule', { monthDay: '12-20' })).status).to.equal(200);
    // given November: nothing opens yet
    expect(await svc.startDue(new Date('2026-11-20T02:00:00Z'))).to.deep.equal([]);
    // when the daily check runs on 3 December: 2027's review opens for the demo county (default 12-01), once; not yet for the second
    expect(await svc.startDue(new Date('2026-12-03T01:00:00Z'))).to.deep.equal(['TZ-139901-2027']);
    expect(await svc.startDue(new Date('2026-12-04T01:00:00Z'))).to.deep.equal([]);
    // and on 21 December for the second county
    expect(await svc.startDue(new Date('2026-12-21T01:00:00Z'))).to.deep.equal(['TZ-139902-2027']);
    await thePlatform().engine.deleteStartedInstances('TZ-139902-2027', 1);
    // and 民政 cannot open the same year again by hand
    const civil = await loginAs('handler_civil');
    const again = await civil.post('/api/standard-adjustments', { year: 2027 });
    expect(again.status).to.equal(409);
    expect(again.body.code).to.equal('STANDARD_ADJUSTMENT_EXISTS');
    await adjustmentTask(civil, 'Task_StandardPropose');
  });

  it('农村低保由 600 元提高到 650 元、自 2027-01 起执行：财政和县领导同意后，2026-12 仍按 600 元、2027-01 的发放按 650 元支付', async () => {
    const [civil, finance, leader, ndrc] = await Promise.all(['handler_civil', 'handler_finance', 'leader', 'handler_ndrc'].map((u) => loginAs(u)));
    const r = await givenRecipient({ name: '褚调标甲', size: 2, perCapitaYuan: 100 });
    const propose = await adjustmentTask(civil, 'Task_StandardPropose');
    const url = `/api/standard-adjustments/${propose.proposalId}/tasks/${propose.taskId}/complete`;

    // bad input changes nothing: a lower 特困 standard without a reason, an unchanged one, a month already paid
    const lower = await civil.post(
      url,
      proposal([
        { kind: 'dibao_rural', amountYuan: 650 },
        { kind: 'tekun_basic', amountYuan: 900 },
      ]),
    );
    expect(lower.status).to.equal(400);
    expect(lower.body.code).to.equal('STANDARD_LOWER_WITHOUT_REASON');
    expect(lower.body.message).to.contain('低于现行标准');
    expect((await civil.post(url, proposal([{ kind: 'dibao_rural', amountYuan: 600 }]))).body.code).to.equal('STANDARD_UNCHANGED');
    // (December's payroll has started — here, or already in another file)
    const dec = await civil.post('/api/payroll', { month: '2026-12' });
    expect(dec.status).to.be.oneOf([201, 409]);
    if (dec.status === 201) {
      await payrollTask(civil, dec.body.id, 'Task_PayrollCivilReview');
      await thePlatform().engine.deleteStartedInstances(dec.body.runNo, 1);
    }
    expect((await civil.post(url, proposal([{ kind: 'dibao_rural', amountYuan: 650 }], '2026-12'))).body.code).to.equal('STANDARD_MONTH_PAID');
    expect((await civil.get('/api/standard-adjustments')).body.proposals.find((p: any) => p.year === 2027)).to.include({ status: 'proposing', effectiveMonth: null });
    // 发改 may not even read it; 财政 may not do 民政's step
    expect((await ndrc.get('/api/standard-adjustments')).status).to.equal(403);
    expect((await finance.post(url, proposal([{ kind: 'dibao_rural', amountYuan: 650 }]))).status).to.equal(403);

    // when 民政 proposes 650 for 农村低保
    const proposed = await civil.post(url, proposal([{ kind: 'dibao_rural', amountYuan: 650 }]));
    expect(proposed.status, JSON.stringify(proposed.body)).to.equal(200);
    // and 财政 agrees; the county leader first sends it back, then agrees on the second round
    const f1 = await adjustmentTask(finance, 'Task_StandardFinance');
    expect((await finance.post(`/api/standard-adjustments/${f1.proposalId}/tasks/${f1.taskId}/complete`, { approved: true, opinion: '资金可以保障' })).status).to.equal(200);
    const l1 = await adjustmentTask(leader, 'Task_StandardLeader');
    expect((await civil.post(`/api/standard-adjustments/${l1.proposalId}/tasks/${l1.taskId}/complete`, { approved: true, opinion: '同意' })).status).to.equal(403);
    // and the leader of another county can neither see it nor approve it
    await seedSecondCounty();
    const otherLeader = await loginAs('leader_c2');
    expect(((await otherLeader.get('/api/standard-adjustments')).body.proposals as any[]).map((p) => p.proposalNo)).not.to.include('TZ-139901-2027');
    expect((await otherLeader.post(`/api/standard-adjustments/${l1.proposalId}/tasks/${l1.taskId}/complete`, { approved: true, opinion: '同意' })).status).to.equal(404);
    expect((await leader.post(`/api/standard-adjustments/${l1.proposalId}/tasks/${l1.taskId}/complete`, { approved: false, opinion: '请补充与周边县的比较' })).status).to.equal(200);
    const p2 = await adjustmentTask(civil, 'Task_StandardPropose');
    expect((await civil.post(`/api/standard-adjustments/${p2.proposalId}/tasks/${p2.taskId}/complete`, proposal([{ kind: 'dibao_rural', amountYuan: 650 }]))).status).to.equal(200);
    const f2 = await adjustmentTask(finance, 'Task_StandardFinance');
    expect((await finance.post(`/api/standard-adjustments/${f2.proposalId}/tasks/${f2.taskId}/complete`, { approved: true, opinion: '资金可以保障' })).status).to.equal(200);
    const l2 = await adjustmentTask(leader, 'Task_StandardLeader');
    expect((await leader.post(`/api/standard-adjustments/${l2.proposalId}/tasks/${l2.taskId}/complete`, { approved: true, opinion: '同意，自 2027 年 1 月起执行' })).status).to.equal(200);

    // then the standard is in force from January, not before, and the leader sees it in the history
    await waitFor('applied', async () => ((await leader.get('/api/standard-adjustments')).body.proposals as any[]).find((p) => p.year === 2027 && p.status === 'applied'));
    const inForce = async (month: string) => ((await civil.get(`/api/standards?month=${month}`)).body.inForce as any[]).find((s) => s.kind === 'dibao_rural').amountYuan;
    expect(await inForce('2026-12')).to.equal(600);
    expect(await inForce('2027-01')).to.equal(650);
    const rural = ((await leader.get('/api/standard-adjustments')).body.history as any[]).find((h) => h.kind === 'dibao_rural');
    expect(rural.points.at(-1)).to.include({ month: '2027-01', amountYuan: 650, approvalRef: 'TZ-139901-2027 年度调整' });

    // when January's payroll is built, the household is paid at the new standard: (650 − 100) × 2
    const jan = (await civil.post('/api/payroll', { month: '2027-01' })).body;
    await payrollTask(civil, jan.id, 'Task_PayrollCivilReview');
    const line = await thePlatform().ds.getRepository(PaymentLine).findOneByOrFail({ runId: jan.id, recipientId: r.recipient.id });
    expect(line.amountFen).to.equal((650 - 100) * 2 * 100);
    // (clean-up: January belongs to the suites that follow)
    await removePayrollMonth('2027-01');
  });
});
