import { expect } from 'chai';
import { AssistanceCase } from '../../domain/entities/assistance-case.entity.js';
import { CaseEvent } from '../../domain/entities/case-event.entity.js';
import { HomeVisit } from '../../domain/entities/case-step.entity.js';
import { ConferenceEvent } from '../../domain/entities/conference-event.entity.js';
import { ConferenceMatter } from '../../domain/entities/conference-matter.entity.js';
import { TaskFactRow } from '../../domain/entities/task-fact.entity.js';
import { OutboxService } from '../../domain/services/outbox.service.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, type Browser } from '../support/http.js';
import { crashingServer, diesDuring } from '../support/crash.js';
import { newApplication, register, taskOf } from '../support/application.js';
import { matterTask } from '../support/conference.js';

async function outboxRows(where: string, params: unknown[]): Promise<{ state: string; kind: string }[]> {
  return thePlatform().ds.query(`SELECT state, kind FROM engine_outbox WHERE ${where} ORDER BY id`, params);
}

const VISIT = { findings: '家中无劳动力，住房简陋，生活困难属实', recommend: true };

describe('引擎与数据库之间不丢不重 / 服务端崩溃后的补偿（engine outbox）', function () {
  this.timeout(240_000);
  let clerk: Browser;
  let village: Browser;
  let outbox: OutboxService;

  before(async () => {
    [clerk, village] = await Promise.all([loginAs('clerk'), loginAs('village_heping')]);
    outbox = new OutboxService(thePlatform().ds, thePlatform().engine);
  });

  for (const point of ['task.before-engine', 'task.after-engine', 'task.after-commit'] as const) {
    it(`入户调查办理时服务端在 ${point} 崩溃：补偿后调查记录和办理记录各一条，流程只前进一次`, async () => {
      const p = thePlatform();
      // given a registered application whose home visit waits for the village worker
      const reg = await register(clerk, newApplication({ incomeYuan: 0, types: ['dibao'] }));
      const task = await taskOf(village, reg.id, 'Task_HomeVisit');

      // when the worker submits the home visit to a server node that dies at this point
      const node = await crashingServer(point);
      await diesDuring(() => village.on(node.url).post(`/api/tasks/${task.taskId}/complete`, VISIT), node);
      const [row] = await outboxRows('task_id = $1', [task.taskId]);
      expect(row?.state).to.equal(point === 'task.after-commit' ? 'done' : 'pending');

      // (the health check tells operators a completion waits for the reconciler)
      if (point !== 'task.after-commit') expect((await (await fetch(`${p.url}/api/health`)).json()).outbox.pending).to.be.at.least(1);

      // and the reconciler of another node runs (twice: the second run must change nothing)
      await outbox.reconcile({ graceMs: 0 });
      await outbox.reconcile({ graceMs: 0 });

      // then the home visit, its timeline line and its task fact exist once, and the process moved on once
      expect(await p.ds.getRepository(HomeVisit).countBy({ caseId: reg.id })).to.equal(1);
      const lines = await p.ds.getRepository(CaseEvent).findBy({ caseId: reg.id, kind: 'task_completed' });
      expect(lines.map((l) => [l.stepName, l.actorName, l.opinion])).to.deep.equal([['入户调查', lines[0]?.actorName, `建议给予救助：${VISIT.findings}`]]);
      expect(lines[0]!.actorId).to.be.a('string');
      expect(await p.ds.getRepository(TaskFactRow).countBy({ taskId: task.taskId })).to.equal(1);
      expect((await outboxRows('task_id = $1', [task.taskId])).map((r) => r.state)).to.deep.equal(['done']);
      const visits = await p.engine.historicTasks({ processInstanceId: reg.processInstanceId, taskDefinitionKey: 'Task_HomeVisit' });
      expect(visits.map((t) => t.deleteReason)).to.deep.equal(['completed']);
      await taskOf(village, reg.id, 'Task_DemocraticReview');
      expect(await p.engine.countTasks({ processInstanceId: reg.processInstanceId, taskDefinitionKey: 'Task_DemocraticReview' })).to.equal(1);

      // and the worker, trying again after the lost answer, is told the task is done (nothing is recorded twice)
      const again = await village.post(`/api/tasks/${task.taskId}/complete`, VISIT);
      expect(again.status).to.equal(404);
      expect(again.body.code).to.equal('TASK_NOT_FOUND');
      expect(await p.ds.getRepository(HomeVisit).countBy({ caseId: reg.id })).to.equal(1);
    });
  }

  it('两个服务节点同时补偿同一笔中断的办理：只有一个节点完成，记录一条，流程只前进一次', async () => {
    const p = thePlatform();
    const reg = await register(clerk, newApplication({ incomeYuan: 0, types: ['dibao'] }));
    const task = await taskOf(village, reg.id, 'Task_HomeVisit');
    // given a home visit interrupted by a crash before the engine call
    const node = await crashingServer('task.before-engine');
    await diesDuring(() => village.on(node.url).post(`/api/tasks/${task.taskId}/complete`, VISIT), node);
    // when the reconcilers of two nodes run at the same moment
    const [a, b] = await Promise.all([new OutboxService(p.ds, p.engine).reconcile({ graceMs: 0 }), new OutboxService(p.ds, p.engine).reconcile({ graceMs: 0 })]);
    // then one of them completed it, and nothing went wrong or happened twice
    expect(a.done + b.done).to.equal(1);
    expect(a.failed + b.failed + a.retry + b.retry + a.superseded + b.superseded).to.equal(0);
    expect(await p.ds.getRepository(HomeVisit).countBy({ caseId: reg.id })).to.equal(1);
    expect(await p.ds.getRepository(CaseEvent).countBy({ caseId: reg.id, kind: 'task_completed' })).to.equal(1);
    expect((await p.engine.historicTasks({ processInstanceId: reg.processInstanceId, taskDefinitionKey: 'Task_HomeVisit' })).map((t) => t.deleteReason)).to.deep.equal(['completed']);
    expect(await p.engine.countTasks({ processInstanceId: reg.processInstanceId, taskDefinitionKey: 'Task_DemocraticReview' })).to.equal(1);
  });

  for (const point of ['start.before-engine', 'start.after-engine', 'start.after-commit'] as const) {
    it(`窗口受理登记时服务端在 ${point} 崩溃：补偿后要么申请和流程都在，要么都不在；同一家庭可以重新登记`, async () => {
      const p = thePlatform();
      const app = newApplication({ incomeYuan: 0, types: ['dibao'] });
      const [{ last }] = (await p.ds.query(`SELECT coalesce(max(id), 0)::bigint AS last FROM engine_outbox`)) as { last: string }[];

      // when the clerk registers on a server node that dies at this point
      const node = await crashingServer(point);
      await diesDuring(() => clerk.on(node.url).post('/api/cases', app), node);
      const rows = (await p.ds.query(`SELECT business_key, state FROM engine_outbox WHERE kind = 'process.start' AND id > $1`, [last])) as { business_key: string; state: string }[];
      expect(rows).to.have.length(1);
      const caseNo = rows[0]!.business_key;
      expect(rows[0]!.state).to.equal(point === 'start.after-commit' ? 'done' : 'pending');
      if (point === 'start.after-engine') expect(await p.engine.instancesByBusinessKey(caseNo), 'the orphaned instance before reconciling').to.have.length(1);

      // and the reconciler runs (twice)
      await outbox.reconcile({ graceMs: 0 });
      await outbox.reconcile({ graceMs: 0 });

      // then the case and its process exist together, or neither does
      const c = await p.ds.getRepository(AssistanceCase).findOneBy({ caseNo });
      const instances = await p.engine.instancesByBusinessKey(caseNo);
      if (point === 'start.after-commit') {
        expect(c?.processInstanceId).to.be.a('string');
        expect(instances.map((i) => i.id)).to.deep.equal([c!.processInstanceId]);
        expect((await outboxRows('business_key = $1', [caseNo])).map((r) => r.state)).to.deep.equal(['done']);
      } else {
        expect(c).to.equal(null);
        expect(instances).to.deep.equal([]);
        expect((await outboxRows('business_key = $1', [caseNo])).map((r) => r.state)).to.deep.equal(['abandoned']);
        // and the clerk registers the same household again, as the lost answer asks them to
        const retry = await register(clerk, app);
        expect(retry.caseNo).to.not.equal(caseNo);
        expect(await p.engine.instancesByBusinessKey(retry.caseNo)).to.have.length(1);
      }
    });
  }

  it('联席会议议题提出时服务端在引擎启动流程后、数据库提交前崩溃：补偿删除无主的流程实例', async () => {
    const p = thePlatform();
    const coordinator = await loginAs('coordinator');
    const [{ last }] = (await p.ds.query(`SELECT coalesce(max(id), 0)::bigint AS last FROM engine_outbox`)) as { last: string }[];
    // when the coordinator raises a matter on a node that dies after the engine started its process
    const node = await crashingServer('start.after-engine');
    await diesDuring(() => coordinator.on(node.url).post('/api/conferences', { title: '崩溃演练议题', background: '服务端在引擎启动流程后崩溃，验证补偿。', departments: ['health'] }), node);
    const [row] = (await p.ds.query(`SELECT business_key FROM engine_outbox WHERE kind = 'process.start' AND id > $1`, [last])) as { business_key: string }[];
    const matterNo = row!.business_key;
    expect(matterNo).to.match(/^JC-/);
    expect(await p.engine.instancesByBusinessKey(matterNo)).to.have.length(1);
    // then the reconciler removes the instance no matter belongs to
    await outbox.reconcile({ graceMs: 0 });
    expect(await p.engine.instancesByBusinessKey(matterNo)).to.deep.equal([]);
    expect(await p.ds.getRepository(ConferenceMatter).countBy({ matterNo })).to.equal(0);
  });

  it('召集人决定时服务端在引擎办结任务后崩溃：补偿补写决定和议题记录，议题照常推进', async () => {
    const p = thePlatform();
    const [coordinator, leader] = await Promise.all([loginAs('coordinator'), loginAs('leader')]);
    const raised = await coordinator.post('/api/conferences', { title: '崩溃演练：召集人决定', background: '服务端在引擎办结召集人决定后崩溃，验证补偿。', departments: ['health'] });
    expect(raised.status, JSON.stringify(raised.body)).to.equal(201);
    const matterId = raised.body.id as string;
    const task = await matterTask(leader, matterId, '召集人决定');
    // when the convenor decides on a node that dies after the engine completed the task
    const node = await crashingServer('task.after-engine');
    await diesDuring(() => leader.on(node.url).post(`/api/conferences/${matterId}/tasks/${task.taskId}/complete`, { convene: true, opinion: '同意召集，请卫健提出意见' }), node);
    // (meanwhile the engine moved on: the convene worker asks the health department)
    const health = await loginAs('handler_health');
    await matterTask(health, matterId, '部门意见');
    // then the reconciler writes the decision once
    await outbox.reconcile({ graceMs: 0 });
    await outbox.reconcile({ graceMs: 0 });
    const m = await p.ds.getRepository(ConferenceMatter).findOneByOrFail({ id: matterId });
    expect([m.convene, m.decisionOpinion]).to.deep.equal([true, '同意召集，请卫健提出意见']);
    expect(await p.ds.getRepository(ConferenceEvent).countBy({ matterId, kind: 'decided' })).to.equal(1);
    expect((await outboxRows('task_id = $1', [task.taskId])).map((r) => r.state)).to.deep.equal(['done']);
  });
});
