import { expect } from 'chai';
import { In } from 'typeorm';
import { AssistanceCase } from '../../domain/entities/assistance-case.entity.js';
import { PaymentInstruction } from '../../domain/entities/payment-instruction.entity.js';
import { thePlatform } from '../support/global-fixture.js';
import { Browser, loginAs, waitFor } from '../support/http.js';
import { bulkHousehold, mapLimit } from '../support/application.js';
import { DOCUMENT_CODES } from '../../domain/documents.js';

/** Completes the open task with this key of a process instance through the API, as this user. */
async function completeStep(b: Browser, processInstanceId: string, taskKey: string, body: unknown): Promise<void> {
  const p = thePlatform();
  const [task] = await waitFor(
    `${taskKey} of ${processInstanceId}`,
    async () => {
      const t = await p.engine.queryTasks({ processInstanceId, taskDefinitionKey: taskKey }, 0, 1);
      return t.length ? t : undefined;
    },
    60_000,
    300,
  );
  const r = await b.post(`/api/tasks/${task!.id}/complete`, body);
  expect(r.status, `${taskKey}: ${JSON.stringify(r.body)}`).to.equal(200);
}

describe('流程引擎重启 / 定时器和任务继续，不丢不卡', () => {
  it('the engine killed with -9 while cases wait on the 公示 timer and on worker steps: the server answers 503 meanwhile, and after the restart every case completes', async function () {
    this.timeout(300_000);
    const p = thePlatform();
    const N = 8;
    const [clerk, village, civil] = await Promise.all([loginAs('clerk'), loginAs('village_heping'), loginAs('handler_civil')]);
    // given cases that have passed the village steps: each is now in 公示 publishing (worker) or on its 5 s notice timer (engine)
    const cases = await mapLimit(N, 4, async (i) => {
      const r = await clerk.post('/api/cases', { household: bulkHousehold('19550505', i), assistanceTypes: ['dibao'], reason: '户主因病丧失劳动能力，家庭生活困难', documents: [...DOCUMENT_CODES] });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      return r.body as { id: string; caseNo: string; processInstanceId: string };
    });
    await mapLimit(N, 4, async (i) => {
      const pi = cases[i]!.processInstanceId;
      await completeStep(village, pi, 'Task_HomeVisit', { findings: '家中无劳动力，住房简陋，生活困难属实', recommend: true });
      await completeStep(village, pi, 'Task_DemocraticReview', { participants: 9, votesFor: 8, votesAgainst: 1, opinion: '评议通过' });
    });
    const casesBefore = await p.ds.getRepository(AssistanceCase).count();

    // when the engine dies and stays down past the notice timers' due time
    await p.restartEngine({
      kill: true,
      whileDown: async () => {
        const downSince = Date.now();
        // then the server says so, in Chinese, with a code, and changes nothing
        const inbox = await civil.get('/api/tasks');
        expect(inbox.status).to.equal(503);
        expect(inbox.body.code).to.equal('ENGINE_UNAVAILABLE');
        expect(inbox.body.message).to.match(/流程引擎暂不可用/);
        const file = await clerk.get(`/api/cases/${cases[0]!.id}`);
        expect(file.status, JSON.stringify(file.body)).to.be.oneOf([200, 503]);
        if (file.status === 503) expect(file.body.code).to.equal('ENGINE_UNAVAILABLE');
        const reg = await clerk.post('/api/cases', { household: bulkHousehold('19550505', N), assistanceTypes: ['dibao'], reason: '引擎停止期间的登记', documents: [...DOCUMENT_CODES] });
        expect(reg.status).to.equal(503);
        expect(reg.body.code).to.equal('ENGINE_UNAVAILABLE');
        expect(await p.ds.getRepository(AssistanceCase).count()).to.equal(casesBefore);
        const health = await new Browser().get('/api/health');
        expect(health.status).to.equal(503);
        expect(health.body.engine.ok).to.equal(false);
        await new Promise((r) => setTimeout(r, Math.max(0, 6_000 - (Date.now() - downSince))));
      },
    });

    // then the timers fire and the workers' steps resume: every case reaches county approval and completes
    await mapLimit(N, 4, (i) => completeStep(civil, cases[i]!.processInstanceId, 'Task_CountyApproval', { approved: true, opinion: '公示无异议，同意' }));
    const ids = cases.map((c) => c.id);
    await waitFor('every case closed', async () => (await p.ds.getRepository(AssistanceCase).countBy({ id: In(ids), status: 'closed' })) === N, 120_000, 500);
    for (const c of cases) {
      expect((await p.engine.historicProcessInstance(c.processInstanceId)).state, c.caseNo).to.equal('COMPLETED');
      expect(await p.engine.incidents(c.processInstanceId), c.caseNo).to.deep.equal([]);
    }
    expect(await p.ds.getRepository(PaymentInstruction).countBy({ caseId: In(ids) })).to.equal(N);
    expect((await new Browser().get('/api/health')).status).to.equal(200);
  });
});
