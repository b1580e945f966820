import { expect } from 'chai';
import { User } from '../../domain/entities/user.entity.js';
import { groupsOf } from '../../domain/services/auth.service.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, waitFor } from '../support/http.js';
import { newApplication, taskOf } from '../support/application.js';
import { expectConforms } from '../support/contract.js';
import { inboxPageSchema } from '../../contracts/lists.schema.js';
import { EngineError } from '../../domain/engine/engine-client.js';

async function statusOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (err) {
    if (err instanceof EngineError) return err.status;
    throw err;
  }
}

/** The engine app's own 待办 query (GET /engine-rest/doudi/inbox) against the engine's REST OR query it replaces. */
describe('待办查询 / 引擎自有查询接口', function () {
  this.timeout(90_000);

  async function countyCase(): Promise<string> {
    const clerk = await loginAs('clerk');
    const r = await clerk.post('/api/cases/temporary', {
      household: newApplication({ incomeYuan: 0, types: ['temporary'] }).household,
      amountYuan: 3000,
      reason: '家中突发重大变故，生活困难',
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return r.body.id as string;
  }

  it('没有或用错引擎凭据时拒绝（401），不返回任何任务', async () => {
    const { engine } = thePlatform();
    const url = `${engine.baseUrl}/doudi/inbox?user=x&group=dept:civil`;
    const none = await fetch(url);
    expect(none.status).to.equal(401);
    expect(await none.text()).to.not.contain('"tasks"');
    const wrong = await fetch(url, { headers: { Authorization: 'Basic ' + Buffer.from('doudi:wrong-password').toString('base64') } });
    expect(wrong.status).to.equal(401);
  });

  it('错误参数返回 400', async () => {
    const { engine } = thePlatform();
    expect(await statusOf(engine.inboxTasks("x' or 1=1 --", ['dept:civil'], 0, 10))).to.equal(400);
    expect(await statusOf(engine.inboxTasks('x', ["dept:civil') or ('1'='1"], 0, 10))).to.equal(400);
    expect(await statusOf(engine.inboxTasks('x', ['dept:civil'], 0, 100_000))).to.equal(400);
    expect(await statusOf(engine.inboxTasks('x', ['dept:civil'], -1, 10))).to.equal(400);
    expect(await statusOf(engine.inboxTasks('x', ['dept:civil'], 0, 10, 'scan' as 'walk'))).to.equal(400);
  });

  it('与引擎 REST 的“候选组或办理人”查询结果一致：同一批任务、同一总数、按创建时间升序、分页不重不漏', async () => {
    const { engine, ds, deps } = thePlatform();
    const civil = await loginAs('handler_civil');
    const a = await countyCase();
    const b = await countyCase();
    const ta = await taskOf(civil, a, 'Task_CountyTemporaryApproval');
    await taskOf(civil, b, 'Task_CountyTemporaryApproval');
    // one task assigned to head_civil, one claimed by handler_civil
    expect((await civil.post(`/api/tasks/${ta.taskId}/transfer`, { toUsername: 'head_civil', opinion: '金额较大，请负责人审批' })).status).to.equal(200);
    for (const username of ['handler_civil', 'head_civil', 'handler_emergency', 'clerk', 'coordinator']) {
      const user = await ds.getRepository(User).findOneByOrFail({ username });
      const filter = deps.tasks.inboxFilter(user);
      const rest = await engine.queryTasks(filter, 0, 500);
      const restCount = await engine.countTasks(filter);
      const mine = await engine.inboxTasks(user.id, groupsOf(user), 0, 500);
      expect(mine.count, username).to.equal(restCount);
      expect(mine.tasks.map((t) => t.id).sort(), username).to.deep.equal(rest.map((t) => t.id).sort());
      const created = mine.tasks.map((t) => Date.parse(t.created));
      expect(created, username).to.deep.equal([...created].sort((x, y) => x - y));
      // both page plans give the same rows in the same order (ties in creation time by id), whole and paged
      const walk = await engine.inboxTasks(user.id, groupsOf(user), 0, 500, 'walk');
      const lookup = await engine.inboxTasks(user.id, groupsOf(user), 0, 500, 'lookup');
      expect([walk.plan, lookup.plan]).to.deep.equal(['walk', 'lookup']);
      expect(
        walk.tasks.map((t) => t.id),
        username,
      ).to.deep.equal(mine.tasks.map((t) => t.id));
      expect(
        lookup.tasks.map((t) => t.id),
        username,
      ).to.deep.equal(mine.tasks.map((t) => t.id));
      if (mine.tasks.length >= 3) {
        for (const plan of ['walk', 'lookup'] as const) {
          const second = await engine.inboxTasks(user.id, groupsOf(user), 1, 2, plan);
          expect(
            second.tasks.map((t) => t.id),
            `${username} ${plan}`,
          ).to.deep.equal(mine.tasks.slice(1, 3).map((t) => t.id));
        }
      }
      // paging: two pages of 1 cover the first two rows exactly
      if (mine.tasks.length >= 2) {
        const p1 = await engine.inboxTasks(user.id, groupsOf(user), 0, 1);
        const p2 = await engine.inboxTasks(user.id, groupsOf(user), 1, 1);
        expect([p1.tasks[0].id, p2.tasks[0].id], username).to.deep.equal(mine.tasks.slice(0, 2).map((t) => t.id));
        expect(p1.count).to.equal(mine.count);
      }
      // the fields the server reads are those of GET /task/{id}
      for (const t of mine.tasks.slice(0, 3)) {
        const one = await engine.getTask(t.id);
        for (const k of ['id', 'name', 'assignee', 'created', 'due', 'processDefinitionId', 'processInstanceId', 'taskDefinitionKey', 'executionId', 'priority', 'description'] as const) {
          expect(t[k], `${username} ${k}`).to.deep.equal(one[k]);
        }
      }
    }
    const head = await ds.getRepository(User).findOneByOrFail({ username: 'head_civil' });
    expect((await engine.inboxTasks(head.id, groupsOf(head), 0, 500)).tasks.find((t) => t.id === ta.taskId)?.assignee).to.equal(head.id);
    // a user with no candidate group sees only what is assigned to them
    expect((await engine.inboxTasks(head.id, [], 0, 500)).tasks.map((t) => t.id)).to.include(ta.taskId);
    expect((await engine.inboxTasks(head.id, [], 0, 500)).tasks.every((t) => t.assignee === head.id)).to.equal(true);
  });

  it('待办总数即时准确（小于 1000 件时每次精确计数）：与引擎 REST 计数一致；路由的列表与引擎查询一致', async () => {
    const { engine, ds, deps } = thePlatform();
    const civil = await loginAs('handler_civil');
    const user = await ds.getRepository(User).findOneByOrFail({ username: 'handler_civil' });
    const id = await countyCase();
    const t = await taskOf(civil, id, 'Task_CountyTemporaryApproval');
    // workers may still move earlier tests' cases along: compare at a moment when nothing changed in between
    await waitFor('route total = REST count', async () => {
      const restBefore = await engine.countTasks(deps.tasks.inboxFilter(user));
      const r = await civil.get('/api/tasks?page=1&pageSize=100');
      const direct = await engine.inboxTasks(user.id, groupsOf(user), 0, 100);
      const restAfter = await engine.countTasks(deps.tasks.inboxFilter(user));
      if (restBefore !== restAfter) return false;
      expect(r.status).to.equal(200);
      expectConforms(inboxPageSchema, r.body, 'GET /api/tasks');
      expect(r.body.total).to.equal(restAfter);
      expect(direct.count).to.equal(restAfter);
      expect(r.body.items.map((i: { taskId: string }) => i.taskId)).to.deep.equal(direct.tasks.map((x) => x.id));
      return true;
    });
    const claimed = await civil.post(`/api/tasks/${t.taskId}/claim`, {});
    expect(claimed.status, JSON.stringify(claimed.body)).to.be.oneOf([200, 204]);
    // claimed (assigned and still a candidate of dept:civil): counted once
    const direct = await engine.inboxTasks(user.id, groupsOf(user), 0, 100);
    expect(direct.tasks.filter((x) => x.id === t.taskId)).to.have.length(1);
  });
});
