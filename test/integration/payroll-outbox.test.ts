import { expect } from 'chai';
import { PayrollRun } from '../../domain/entities/money.entity.js';
import { TaskFactRow } from '../../domain/entities/task-fact.entity.js';
import { PROCESS } from '../../domain/engine/contract.js';
import { OutboxService } from '../../domain/services/outbox.service.js';
import { crashingServer, diesDuring } from '../support/crash.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, waitFor, type Browser } from '../support/http.js';
import { givenRecipient, payrollAt, payrollTask } from '../support/payroll.js';
import { seedSecondCounty } from '../support/second-county.js';

const REVIEW = { approved: true, opinion: '名册与在保对象核对无误' };

async function outboxStates(where: string, params: unknown[]): Promise<string[]> {
  return ((await thePlatform().ds.query(`SELECT state FROM engine_outbox WHERE ${where} ORDER BY id`, params)) as { state: string }[]).map((r) => r.state);
}

describe('资金发放的启动与审核不丢不重：服务端崩溃后的补偿（engine outbox）', function () {
  this.timeout(240_000);
  let civil: Browser;
  let finance: Browser;
  let civil2: Browser;
  let outbox: OutboxService;
  let reconciled: (businessKey: string) => Promise<unknown>;

  before(async () => {
    await seedSecondCounty();
    [civil, finance, civil2] = await Promise.all([loginAs('handler_civil'), loginAs('handler_finance'), loginAs('handler_civil_c2')]);
    outbox = new OutboxService(thePlatform().ds, thePlatform().engine);
    // (the dead node's connection may hold its row locked a moment longer: the reconciler skips locked rows)
    reconciled = (businessKey) => waitFor(`${businessKey} reconciled`, async () => (await outbox.reconcile({ graceMs: 0 })) && !(await outboxStates('business_key = $1', [businessKey])).includes('pending'), 30_000, 500);
    await givenRecipient({ name: '卫演示崩' });
    // given the months of 2025 (before the demo county's seeded standards of January 2026) had standards of their own
    // (written as a county's history would be: other test files may already have paid later months, which the API would refuse)
    for (const [kind, amountYuan] of [
      ['dibao_rural', 550],
      ['dibao_urban', 700],
      ['tekun_basic', 900],
      ['tekun_care_full', 550],
      ['tekun_care_partial', 280],
      ['tekun_care_self', 90],
    ] as const) {
      await thePlatform().ds.query(
        `INSERT INTO assistance_standard (county_code, kind, amount_fen, effective_month, approval_ref, approved_by, set_by_name) VALUES ('139901', $1, $2, '2025-01', '示政字〔2024〕88号', '兜底示范县人民政府', '测试') ON CONFLICT DO NOTHING`,
        [kind, amountYuan * 100],
      );
    }
  });

  // Months left at a review step would raise their time-limit alerts during later test files: end them.
  after(async () => {
    const p = thePlatform();
    for (const r of await p.ds.getRepository(PayrollRun).find()) if (r.status !== 'closed') await p.engine.deleteStartedInstances(r.runNo, 1).catch(() => undefined);
  });

  const months = { 'task.before-engine': '2025-01', 'task.after-engine': '2025-02', 'task.after-commit': '2025-03' } as const;
  for (const [point, month] of Object.entries(months) as [keyof typeof months, string][]) {
    it(`民政审核发放名册时服务端在 ${point} 崩溃：补偿后审核意见和办理记录各一条，批次转入财政审核，流程只前进一次`, async () => {
      const p = thePlatform();
      // given a month whose roster waits for civil affairs
      const s = await civil.post('/api/payroll', { month });
      expect(s.status, JSON.stringify(s.body)).to.equal(201);
      const taskId = await payrollTask(civil, s.body.id, 'Task_PayrollCivilReview');
      // (another county's civil affairs cannot reach it)
      expect((await civil2.post(`/api/payroll/${s.body.id}/tasks/${taskId}/complete`, REVIEW)).body.code).to.equal('PAYROLL_NOT_FOUND');

      // when civil affairs approves it on a server node that dies at this point
      const node = await crashingServer(point);
      await diesDuring(() => civil.on(node.url).post(`/api/payroll/${s.body.id}/tasks/${taskId}/complete`, REVIEW), node);
      expect(await outboxStates('task_id = $1', [taskId])).to.deep.equal([point === 'task.after-commit' ? 'done' : 'pending']);

      // and the reconciler of another node runs (twice: the second run must change nothing)
      await outbox.reconcile({ graceMs: 0 });
      await outbox.reconcile({ graceMs: 0 });

      // then the opinion is on the month's page once, the month waits for finance, and the 考核统计 fact exists once
      const detail = await payrollAt(civil, s.body.id, 'finance_review');
      expect(detail.events.map((e: any) => [e.step, e.approved, e.opinion])).to.deep.equal([['民政审核发放名册', true, REVIEW.opinion]]);
      const facts = await p.ds.getRepository(TaskFactRow).findBy({ taskId });
      expect(facts.map((f) => [f.processKey, f.taskKey])).to.deep.equal([[PROCESS.monthlyPayroll, 'Task_PayrollCivilReview']]);
      expect(await outboxStates('task_id = $1', [taskId])).to.deep.equal(['done']);
      const { processInstanceId } = await p.ds.getRepository(PayrollRun).findOneByOrFail({ id: s.body.id });
      const reviews = await p.engine.historicTasks({ processInstanceId: processInstanceId!, taskDefinitionKey: 'Task_PayrollCivilReview' });
      expect(reviews.map((t) => t.deleteReason)).to.deep.equal(['completed']);
      await payrollTask(finance, s.body.id, 'Task_PayrollFinanceReview');

      // and civil affairs, trying again after the lost answer, is told the task is done (nothing recorded twice)
      const again = await civil.post(`/api/payroll/${s.body.id}/tasks/${taskId}/complete`, REVIEW);
      expect([again.status, again.body.code]).to.deep.equal([404, 'TASK_NOT_FOUND']);
      expect((await civil.get(`/api/payroll/${s.body.id}`)).body.events).to.have.length(1);
    });
  }

  it('启动某月发放时服务端在引擎启动流程后、数据库提交前崩溃：补偿删除无主的流程实例，该月可以重新启动', async () => {
    const p = thePlatform();
    const runNo = 'FF-139901-2025-04';
    // when civil affairs starts April on a node that dies after the engine started the process
    const node = await crashingServer('start.after-engine');
    await diesDuring(() => civil.on(node.url).post('/api/payroll', { month: '2025-04' }), node);
    expect(await p.engine.instancesByBusinessKey(runNo), 'the orphaned instance before reconciling').to.have.length(1);
    expect(await p.ds.getRepository(PayrollRun).countBy({ runNo })).to.equal(0);
    // then the reconciler removes the instance no month belongs to
    await reconciled(runNo);
    expect(await p.engine.instancesByBusinessKey(runNo)).to.deep.equal([]);
    expect(await outboxStates('business_key = $1', [runNo])).to.deep.equal(['abandoned']);
    // and the month is started again, once
    const again = await civil.post('/api/payroll', { month: '2025-04' });
    expect(again.status, JSON.stringify(again.body)).to.equal(201);
    expect((await p.engine.instancesByBusinessKey(runNo)).map((i) => i.id)).to.deep.equal([(await p.ds.getRepository(PayrollRun).findOneByOrFail({ runNo })).processInstanceId]);
  });

  it('崩溃后未等补偿就重新启动同一月份：补偿只删除崩溃留下的实例，保留已提交批次的流程，该月照常推进', async () => {
    const p = thePlatform();
    const runNo = 'FF-139901-2025-05';
    // given a start that died after the engine started the process
    const node = await crashingServer('start.after-engine');
    await diesDuring(() => civil.on(node.url).post('/api/payroll', { month: '2025-05' }), node);
    const [orphan] = await p.engine.instancesByBusinessKey(runNo);
    // when civil affairs, with no answer, starts the month again before any reconciler ran
    const again = await civil.post('/api/payroll', { month: '2025-05' });
    expect(again.status, JSON.stringify(again.body)).to.equal(201);
    expect(await p.engine.instancesByBusinessKey(runNo)).to.have.length(2);
    // and the reconciler runs
    await reconciled(runNo);
    // then only the committed month's instance is left under the month's number, and it moves on to 民政审核
    const run = await p.ds.getRepository(PayrollRun).findOneByOrFail({ runNo });
    expect((await p.engine.instancesByBusinessKey(runNo)).map((i) => i.id)).to.deep.equal([run.processInstanceId]);
    expect(run.processInstanceId).to.not.equal(orphan!.id);
    await payrollTask(civil, run.id, 'Task_PayrollCivilReview');
  });
});
