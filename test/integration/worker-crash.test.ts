import { expect } from 'chai';
import { In } from 'typeorm';
import { AssistanceCase } from '../../domain/entities/assistance-case.entity.js';
import { CaseEvent } from '../../domain/entities/case-event.entity.js';
import { Household } from '../../domain/entities/household.entity.js';
import { PaymentInstruction } from '../../domain/entities/payment-instruction.entity.js';
import { PaymentService } from '../../domain/services/payment.service.js';
import { TemporaryPayment } from '../../domain/entities/temporary.entity.js';
import { WorkerProcess } from '../../runtime/worker-process.js';
import { createLogger } from '../../domain/logger.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, waitFor } from '../support/http.js';
import { actors, bulkHousehold, complete, mapLimit, newApplication, register, villageSteps } from '../support/application.js';

describe('工作进程崩溃 / 资金发放只发生一次', () => {
  it('kill -9 of the worker while the payment task is locked: a restarted worker completes the case with one payment instruction', async function () {
    this.timeout(120_000);
    const p = thePlatform();
    const log = createLogger('test-worker', 'warn');
    const env = { DATABASE_URL: p.databaseUrl, ...p.engineEnv };
    // given the regular worker is stopped and a worker that pauses after writing the payment is running
    await p.workers!.stop();
    const faulty = new WorkerProcess(env, log, false);
    await faulty.start({ WORKER_FAULT_PAUSE: 'payment.instruct:60000' });
    let replacement: WorkerProcess | undefined;
    try {
      const { clerk, village, civil } = await actors();
      const reg = await register(clerk, newApplication({ incomeYuan: 0, types: ['dibao'], members: 2 }));
      const caseId = reg.id;
      await villageSteps(village, caseId);
      await complete(civil, caseId, 'Task_CountyApproval', { approved: true, opinion: '同意' });

      // when the payment instruction is written and the task is still locked by the faulty worker
      await waitFor('payment written', async () => (await p.ds.getRepository(PaymentInstruction).countBy({ caseId })) === 1);
      const locked = await p.engine.externalTasks({ processInstanceId: reg.processInstanceId, topicName: 'payment.instruct', locked: 'true' });
      expect(locked).to.have.length(1);
      await faulty.kill9();

      // then a new worker picks the task up after the lock expires and the case completes
      replacement = new WorkerProcess(env, log, false);
      await replacement.start();
      const file = await waitFor(
        'case closed',
        async () => {
          const r = await clerk.get(`/api/cases/${caseId}`);
          return r.body.status === 'closed' && r.body.processState === 'COMPLETED' ? r.body : undefined;
        },
        60_000,
      );
      expect(file.outcome).to.equal('approved');
      expect(await p.ds.getRepository(PaymentInstruction).countBy({ caseId })).to.equal(1);
      expect(file.timeline.filter((e: any) => e.kind === 'payment_instructed')).to.have.length(1);
      // two members with no income: twice the standard in force in the first month paid (another suite may have raised next month's)
      const instruction = await p.ds.getRepository(PaymentInstruction).findOneByOrFail({ caseId });
      const household = await p.ds.getRepository(Household).findOneByOrFail({ id: instruction.householdId });
      const standardFen = await new PaymentService(p.ds).standardFor(household.unitCode, instruction.startMonth);
      expect(instruction.standardFen).to.equal(standardFen);
      expect(file.payment.monthlyAmountYuan).to.equal((standardFen * 2) / 100);
    } finally {
      await faulty.kill9();
      await replacement?.stop();
      await p.workers!.start();
    }
  });

  it('kill -9 of the worker in the middle of 100 temporary-assistance payments: every case completes, each paid once, one timeline line per key', async function () {
    this.timeout(300_000);
    const p = thePlatform();
    const log = createLogger('test-worker', 'warn');
    const env = { DATABASE_URL: p.databaseUrl, ...p.engineEnv };
    const N = 100;
    const clerk = await loginAs('clerk');
    const township = await loginAs('handler_township');
    // given 100 small requests (乡镇审批), assessed by the regular worker, waiting for the township's approval
    const cases = await mapLimit(N, 4, async (i) => {
      const r = await clerk.post('/api/cases/temporary', { household: bulkHousehold('19660606', i), amountYuan: 300 + i, emergency: false, reason: '家中突发变故，基本生活暂时无法维持' });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      return r.body as { id: string; processInstanceId: string };
    });
    const ids = cases.map((c) => c.id);
    const instances = cases.map((c) => c.processInstanceId);
    const approvals = await waitFor(
      '100 approval tasks',
      async () => {
        const tasks = await p.engine.queryTasks({ processInstanceIdIn: instances, taskDefinitionKey: 'Task_TownshipApproval' }, 0, 2 * N);
        return tasks.length === N ? tasks : undefined;
      },
      120_000,
      500,
    );
    // and a worker that pauses 3 s after each payment, before reporting it, replaces the regular one
    await p.workers!.stop();
    const faulty = new WorkerProcess(env, log, false);
    await faulty.start({ WORKER_FAULT_PAUSE: 'temporary.pay:3000' });
    let replacement: WorkerProcess | undefined;
    const payments = p.ds.getRepository(TemporaryPayment);
    try {
      const approving = mapLimit(N, 4, async (i) => {
        const r = await township.post(`/api/tasks/${approvals[i]!.id}/complete`, { approved: true, opinion: '情况属实，同意救助' });
        expect(r.status, JSON.stringify(r.body)).to.equal(200);
      });
      approving.catch(() => undefined);
      // when it is killed with payments done, some reported and some not, and others not yet begun
      await waitFor('a third of the payments', async () => (await payments.countBy({ caseId: In(ids) })) >= N / 3, 120_000, 100);
      const locked = await p.engine.externalTasks({ topicName: 'temporary.pay', locked: 'true' });
      expect(locked.length, 'payments held by the worker when it dies').to.be.greaterThan(0);
      await faulty.kill9();
      const paidAtKill = await payments.countBy({ caseId: In(ids) });
      expect(paidAtKill, 'killed in the middle').to.be.lessThan(N);
      await approving;

      // then a new worker finishes every case once the dead worker's locks expire
      replacement = new WorkerProcess(env, log, false);
      await replacement.start();
      await waitFor('every case closed', async () => (await p.ds.getRepository(AssistanceCase).countBy({ id: In(ids), status: 'closed' })) === N, 180_000, 500);
      const states = await Promise.all(instances.map((id) => p.engine.historicProcessInstance(id)));
      expect(states.filter((s) => s.state !== 'COMPLETED')).to.deep.equal([]);
      // one payment per case, of the amount approved
      const rows = await payments.findBy({ caseId: In(ids) });
      expect(rows).to.have.length(N);
      expect(new Set(rows.map((r) => r.caseId)).size).to.equal(N);
      // one timeline line per idempotency key, and each worker-written step once per case
      const events = await p.ds.getRepository(CaseEvent).findBy({ caseId: In(ids) });
      const keys = events.map((e) => e.dedupKey).filter((k): k is string => k !== null);
      expect(keys.length).to.equal(new Set(keys).size);
      for (const kind of ['registered', 'payment_instructed', 'closed']) {
        const perCase = new Map<string, number>();
        for (const e of events) if (e.kind === kind) perCase.set(e.caseId, (perCase.get(e.caseId) ?? 0) + 1);
        expect(
          [...perCase.values()].filter((n) => n !== 1),
          `${kind} once per case`,
        ).to.deep.equal([]);
        expect(perCase.size, `${kind} for every case`).to.equal(N);
      }
    } finally {
      await faulty.kill9();
      await replacement?.stop();
      await p.workers!.start();
    }
  });
});
