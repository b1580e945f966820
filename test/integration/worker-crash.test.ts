import { expect } from 'chai';
import { PaymentInstruction } from '../../domain/entities/payment-instruction.entity.js';
import { WorkerProcess } from '../../runtime/worker-process.js';
import { createLogger } from '../../domain/logger.js';
import { thePlatform } from '../support/global-fixture.js';
import { waitFor } from '../support/http.js';
import { actors, complete, newApplication, register, villageSteps } from '../support/application.js';

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
      const file = await waitFor('case closed', async () => {
        const r = await clerk.get(`/api/cases/${caseId}`);
        return r.body.status === 'closed' && r.body.processState === 'COMPLETED' ? r.body : undefined;
      }, 60_000);
      expect(file.outcome).to.equal('approved');
      expect(await p.ds.getRepository(PaymentInstruction).countBy({ caseId })).to.equal(1);
      expect(file.timeline.filter((e: any) => e.kind === 'payment_instructed')).to.have.length(1);
      expect(file.payment.monthlyAmountYuan).to.equal(1200);
    } finally {
      await faulty.kill9();
      await replacement?.stop();
      await p.workers!.start();
    }
  });
});
