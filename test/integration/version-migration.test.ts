/**
 * 版本与迁移: a changed model (定期核查 with one step more) deployed as version 2 while 50
 * cases run on version 1; the admin sees the versions with the county's running instances,
 * reviews the engine's plan, migrates a chosen few and then the rest as engine batches, and
 * every case goes on through the new step to its end. Bad requests migrate nothing; a batch
 * interrupted by an engine crash goes on after the restart, the report says exactly which
 * cases moved, and the ones left behind are migrated again. A
 * changed time limit applies to a running task when the admin asks: its due date and its
 * ladder timers move.
 */
import { expect } from 'chai';
import { MoreThan } from 'typeorm';
import { AuditEntry } from '../../domain/entities/audit-entry.entity.js';
import { TimeLimitRuleRow } from '../../domain/entities/escalation.entity.js';
import { group } from '../../domain/engine/contract.js';
import { engineMs } from '../../domain/services/statistics.service.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, waitFor, type Browser } from '../support/http.js';
import { COUNTY2, seedSecondCounty } from '../support/second-county.js';
import { DRILL_KEY, NEW_STEP, RENAMED_STEP, deployDrill, removeDrill, startDrill } from '../support/migration.js';

const COUNTY = '139901';
const VILLAGE = '139901100201';

/** The definition id each instance is on now (absent: no longer running). */
async function definitionsOf(ids: string[]): Promise<Map<string, string>> {
  return new Map((await thePlatform().engine.processInstancesById(ids)).map((p) => [p.id, p.definitionId]));
}

/** Waits until a migration's batch has no job left, and returns its report. */
async function finished(admin: Browser, id: string): Promise<any> {
  return waitFor(
    `migration ${id}`,
    async () => {
      const r = await admin.get(`/api/versions/migrations/${id}`);
      return r.status === 200 && r.body.state === 'finished' ? r.body : null;
    },
    90_000,
    500,
  );
}

describe('版本与迁移 / 运行中的案件迁移到新版本', function () {
  this.timeout(300_000);
  let admin: Browser;
  let v1: { id: string; version: number };
  let v2: { id: string; version: number };
  let running: string[] = [];
  let otherCounty: string[] = [];

  before(async () => {
    await seedSecondCounty();
    await removeDrill();
    admin = await loginAs('admin');
    // given 50 cases of our county and 2 of another county running on version 1
    v1 = await deployDrill(1);
    running = await startDrill(v1.id, 50, COUNTY, VILLAGE);
    otherCounty = await startDrill(v1.id, 2, COUNTY2.county, COUNTY2.village);
    // when the changed model is deployed as version 2
    v2 = await deployDrill(2);
  });

  after(() => removeDrill());

  it('管理员看到每个流程、决策的各个版本和本县在各版本上运行的实例数；其他角色无权查看', async () => {
    const r = await admin.get('/api/versions');
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    const drill = r.body.processes.filter((p: any) => p.key === DRILL_KEY);
    expect(drill.map((p: any) => [p.version, p.runningInstances, p.latest])).to.deep.equal([
      [v2.version, 0, true],
      [v1.version, 50, false],
    ]);
    expect(drill[0].deployedAt).to.be.a('string');
    expect(r.body.decisions.map((d: any) => d.key)).to.include('temporary-approval');
    // the other county's admin counts only their own two
    const c2 = await (await loginAs('admin_c2')).get('/api/versions');
    expect(c2.body.processes.find((p: any) => p.id === v1.id).runningInstances).to.equal(2);
    // a version's instances, for choosing, with the step they wait in
    const list = await admin.get(`/api/versions/${encodeURIComponent(v1.id)}/instances`);
    expect(list.body.items).to.have.length(50);
    expect(list.body.items[0].steps).to.deep.equal(['入户复查']);
    for (const who of ['coordinator', 'leader', 'handler_civil']) {
      const b = await loginAs(who);
      expect((await b.get('/api/versions')).status, who).to.equal(403);
      expect((await b.post('/api/versions/migrations', { sourceDefinitionId: v1.id, targetDefinitionId: v2.id })).status, who).to.equal(403);
    }
  });

  it('迁移方案：引擎按步骤对应生成并校验，以中文步骤名展示；新版本新增的步骤单独列出', async () => {
    const r = await admin.post('/api/versions/plan', { sourceDefinitionId: v1.id, targetDefinitionId: v2.id });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.valid).to.equal(true);
    const visit = r.body.mappings.find((m: any) => m.sourceActivityId === 'Task_ReviewVisit');
    expect(visit).to.include({ sourceName: '入户复查', targetActivityId: 'Task_ReviewVisit', targetName: '入户复查' });
    // the ladder's timers move with their task
    expect(r.body.mappings.map((m: any) => m.sourceActivityId)).to.include.members(['Timer_Task_ReviewVisit_Due', 'Task_ReviewDecision']);
    expect(r.body.newTargetSteps).to.deep.include({ activityId: NEW_STEP.id, name: NEW_STEP.name });
  });

  it('不合格的迁移请求被拒绝并说明原因，没有任何实例被迁移', async () => {
    const p = thePlatform();
    const onV2 = (await startDrill(v2.id, 1, COUNTY, VILLAGE))[0]!;
    // (the browser test, which runs first, leaves migrations of its own)
    const migrationsBefore = ((await admin.get('/api/versions/migrations')).body.items as any[]).map((m) => m.id);
    const auditBefore = await p.ds.getRepository(AuditEntry).countBy({ action: 'POST /api/versions/migrations', status: 200 });
    const cases: [unknown, number, string, RegExp][] = [
      [{ sourceDefinitionId: v2.id, targetDefinitionId: v1.id }, 400, 'MIGRATION_TARGET_NOT_NEWER', /必须比源版本/],
      [{ sourceDefinitionId: v1.id, targetDefinitionId: 'no-such-process:1:00000000' }, 404, 'MIGRATION_VERSION_NOT_FOUND', /流程版本不存在/],
      [{ sourceDefinitionId: v1.id, targetDefinitionId: (await p.engine.processDefinitions('periodic-review')).at(-1)!.id }, 400, 'MIGRATION_PROCESS_MISMATCH', /不是同一个流程/],
      // 入户复查 (a user task) onto an end event: the engine's validation refuses it
      [{ sourceDefinitionId: v1.id, targetDefinitionId: v2.id, mappings: [{ source: 'Task_ReviewVisit', target: 'End_Decided' }] }, 400, 'MIGRATION_PLAN_INVALID', /未通过流程引擎校验.*入户复查 → 已决定/],
      [{ sourceDefinitionId: v1.id, targetDefinitionId: v2.id, mappings: [{ source: 'Task_Nowhere', target: 'Task_ReviewVisit' }] }, 400, 'MIGRATION_STEP_UNKNOWN', /源版本中没有步骤/],
      [{ sourceDefinitionId: v1.id, targetDefinitionId: v2.id, instanceIds: [otherCounty[0]] }, 404, 'MIGRATION_INSTANCE_NOT_FOUND', /不属于本县/],
      [{ sourceDefinitionId: v1.id, targetDefinitionId: v2.id, instanceIds: ['00000000-0000-0000-0000-000000000000'] }, 404, 'MIGRATION_INSTANCE_NOT_FOUND', /实例不存在/],
      [{ sourceDefinitionId: v1.id, targetDefinitionId: v2.id, instanceIds: [running[0], onV2] }, 400, 'MIGRATION_INSTANCE_WRONG_VERSION', /不在源版本/],
      [{ sourceDefinitionId: v1.id, targetDefinitionId: v2.id, instanceIds: [] }, 400, 'INSTANCE_IDS_INVALID', /至少选择一个实例/],
    ];
    try {
      for (const [body, status, code, message] of cases) {
        const r = await admin.post('/api/versions/migrations', body);
        expect(r.status, JSON.stringify(r.body)).to.equal(status);
        expect(r.body.code).to.equal(code);
        expect(r.body.message).to.match(message);
      }
      // the plan route refuses the same invalid plan with the engine's reasons shown
      const plan = await admin.post('/api/versions/plan', { sourceDefinitionId: v1.id, targetDefinitionId: v2.id, mappings: [{ source: 'Task_ReviewVisit', target: 'End_Decided' }] });
      expect(plan.body.valid).to.equal(false);
      expect(plan.body.mappings.find((m: any) => m.sourceActivityId === 'Task_ReviewVisit').failures[0]).to.match(/[\u4e00-\u9fa5]/);
      // then nothing moved, and no migration was recorded
      const defs = await definitionsOf([...running, ...otherCounty]);
      expect([...defs.values()].every((d) => d === v1.id)).to.equal(true);
      expect(((await admin.get('/api/versions/migrations')).body.items as any[]).map((m) => m.id)).to.deep.equal(migrationsBefore);
      expect(await p.ds.getRepository(AuditEntry).countBy({ action: 'POST /api/versions/migrations', status: 200 })).to.equal(auditBefore);
    } finally {
      await p.engine.deleteInstance(onV2);
    }
  });

  it('先迁移选定的 5 件，再迁移其余全部：每件都在新版本上经新增的“复查结果复核”办结；他县的实例不动；每次迁移一条审计记录', async () => {
    const p = thePlatform();
    // when the admin migrates five chosen cases
    const chosen = running.slice(0, 5);
    const [{ auditFrom }] = (await p.ds.query('SELECT coalesce(max(id), 0)::text AS "auditFrom" FROM audit_entry')) as { auditFrom: string }[];
    const first = await admin.post('/api/versions/migrations', { sourceDefinitionId: v1.id, targetDefinitionId: v2.id, instanceIds: chosen });
    expect(first.status, JSON.stringify(first.body)).to.equal(200);
    const done1 = await finished(admin, first.body.id);
    // then exactly those five are on version 2
    expect(done1.instances.map((i: any) => [i.id, i.outcome])).to.deep.equal(chosen.map((id) => [id, 'moved']));
    let defs = await definitionsOf(running);
    expect(running.filter((id) => defs.get(id) === v2.id)).to.deep.equal(chosen);
    // when the admin migrates every remaining case of the county (no list given)
    const rest = await admin.post('/api/versions/migrations', { sourceDefinitionId: v1.id, targetDefinitionId: v2.id });
    expect(rest.status, JSON.stringify(rest.body)).to.equal(200);
    expect(rest.body.instances).to.have.length(45);
    const done2 = await finished(admin, rest.body.id);
    expect(done2).to.include({ moved: 45, notMoved: 0, ended: 0 });
    defs = await definitionsOf([...running, ...otherCounty]);
    expect(running.every((id) => defs.get(id) === v2.id)).to.equal(true);
    expect(otherCounty.every((id) => defs.get(id) === v1.id)).to.equal(true);
    // the versions page counts them on version 2 now
    const page = await admin.get('/api/versions');
    expect(page.body.processes.filter((x: any) => x.key === DRILL_KEY).map((x: any) => x.runningInstances)).to.deep.equal([50, 0]);
    // one audit line per migration: who, from, to, how many
    const audit = await p.ds.getRepository(AuditEntry).find({ where: { action: 'POST /api/versions/migrations', status: 200, id: MoreThan(auditFrom) }, order: { id: 'ASC' } });
    expect(audit.map((a) => [a.username, a.target, JSON.parse(a.detail!).instances])).to.deep.equal([
      ['admin', `${DRILL_KEY} v${v1.version}→v${v2.version}`, 5],
      ['admin', `${DRILL_KEY} v${v1.version}→v${v2.version}`, 45],
    ]);

    // and every case goes on correctly on version 2: 入户复查 → 复查结果复核 (the new step) → 民政核查决定 → end
    for (const pi of running) {
      for (const step of ['Task_ReviewVisit', NEW_STEP.id, 'Task_ReviewDecision']) {
        const [task] = await p.engine.queryTasks({ processInstanceId: pi }, 0, 5);
        expect(task?.taskDefinitionKey, pi).to.equal(step);
        if (step === NEW_STEP.id) expect(task!.name).to.equal(NEW_STEP.name);
        await p.engine.completeTask(task!.id, {});
      }
      expect((await p.engine.historicProcessInstance(pi)).state, pi).to.equal('COMPLETED');
    }
  });

  it('批处理进行中引擎崩溃：重启后批处理继续；报告逐件如实；留在原版本的实例可以重新迁移', async () => {
    const p = thePlatform();
    const more = await startDrill(v1.id, 40, COUNTY, VILLAGE);
    const m = await admin.post('/api/versions/migrations', { sourceDefinitionId: v1.id, targetDefinitionId: v2.id, instanceIds: more });
    expect(m.status, JSON.stringify(m.body)).to.equal(200);
    // when the engine is killed while the batch runs (kill -9), the report answers 503 meanwhile
    await p.restartEngine({
      kill: true,
      whileDown: async () => {
        const r = await admin.get(`/api/versions/migrations/${m.body.id}`);
        expect([r.status, r.body.code]).to.deep.equal([503, 'ENGINE_UNAVAILABLE']);
      },
    });
    // then the batch goes on after the restart, and the report says of each instance what the engine holds
    const report = await finished(admin, m.body.id);
    let defs = await definitionsOf(more);
    expect(report.instances.map((i: any) => i.outcome)).to.deep.equal(more.map((id) => (defs.get(id) === v2.id ? 'moved' : 'not-moved')));
    expect(report.moved).to.equal(40);
    // nothing left: running it again is refused
    const nothing = await admin.post(`/api/versions/migrations/${m.body.id}/rerun`, {});
    expect([nothing.status, nothing.body.code]).to.deep.equal([400, 'MIGRATION_NOTHING_LEFT']);

    // given three of its instances back on version 1 (as a batch cut off before their jobs ran leaves them; moved back by the engine here)
    const back = more.slice(0, 3);
    await p.engine.executeMigrationAsync(await p.engine.generateMigrationPlan(v2.id, v1.id), back);
    await waitFor('three back on v1', async () => [...(await definitionsOf(back)).values()].every((d) => d === v1.id), 60_000, 300);
    // then the report names exactly those three as not moved
    const cut = (await admin.get(`/api/versions/migrations/${m.body.id}`)).body;
    expect(cut).to.include({ moved: 37, notMoved: 3 });
    expect(cut.instances.filter((i: any) => i.outcome === 'not-moved').map((i: any) => i.id)).to.have.members(back);
    // and 重新迁移 moves those three only, recorded as a re-run of the first
    const rerun = await admin.post(`/api/versions/migrations/${m.body.id}/rerun`, {});
    expect(rerun.status, JSON.stringify(rerun.body)).to.equal(200);
    expect(rerun.body.rerunOf).to.equal(m.body.id);
    expect(rerun.body.instances.map((i: any) => i.id)).to.have.members(back);
    expect((await finished(admin, rerun.body.id)).moved).to.equal(3);
    defs = await definitionsOf(more);
    expect(more.every((id) => defs.get(id) === v2.id)).to.equal(true);
    // another county's admin does not find the migration
    expect((await (await loginAs('admin_c2')).post(`/api/versions/migrations/${m.body.id}/rerun`, {})).status).to.equal(404);
  });

  it('新版本改了步骤标识：未对应的步骤上有案件时拒绝迁移；管理员指定对应步骤后迁移，案件在改名后的步骤继续', async () => {
    const p = thePlatform();
    // given three cases at 入户复查 on version 2, and version 3 where that step has a new id
    const three = await startDrill(v2.id, 3, COUNTY, VILLAGE);
    const v3 = await deployDrill(3);
    const plan = await admin.post('/api/versions/plan', { sourceDefinitionId: v2.id, targetDefinitionId: v3.id });
    expect(plan.body.mappings.find((m: any) => m.sourceActivityId === 'Task_ReviewVisit')).to.include({ sourceName: '入户复查', targetActivityId: null });
    expect(plan.body.newTargetSteps).to.deep.include({ activityId: RENAMED_STEP.id, name: RENAMED_STEP.name });
    // when the admin migrates them with the engine's plan alone: refused, nothing moves
    const refused = await admin.post('/api/versions/migrations', { sourceDefinitionId: v2.id, targetDefinitionId: v3.id, instanceIds: three });
    expect([refused.status, refused.body.code]).to.deep.equal([400, 'MIGRATION_STEP_UNMAPPED']);
    expect(refused.body.message).to.contain('有 3 个实例停在目标版本中没有对应的步骤（入户复查').and.contain('未迁移任何实例');
    expect([...(await definitionsOf(three)).values()].every((d) => d === v2.id)).to.equal(true);
    // when the admin names the counterpart of 入户复查
    const mappings = [{ source: 'Task_ReviewVisit', target: RENAMED_STEP.id }];
    const shown = await admin.post('/api/versions/plan', { sourceDefinitionId: v2.id, targetDefinitionId: v3.id, mappings });
    expect(shown.body.valid, JSON.stringify(shown.body.failures)).to.equal(true);
    expect(shown.body.mappings.find((m: any) => m.sourceActivityId === 'Task_ReviewVisit')).to.include({ targetActivityId: RENAMED_STEP.id, targetName: RENAMED_STEP.name });
    expect(shown.body.mappings.find((m: any) => m.sourceActivityId === 'Timer_Task_ReviewVisit_Due')).to.include({ targetName: `${RENAMED_STEP.name}·逾期` });
    const m = await admin.post('/api/versions/migrations', { sourceDefinitionId: v2.id, targetDefinitionId: v3.id, instanceIds: three, mappings });
    expect(m.status, JSON.stringify(m.body)).to.equal(200);
    expect((await finished(admin, m.body.id)).moved).to.equal(3);
    // with the ladder's three timers of the step (mapped with it)
    for (const timer of ['Remind', 'Due', 'Escalate']) expect(await p.engine.timerJobs(three[0]!, `Timer_Task_ReviewVisit_${timer}`), timer).to.have.length(1);
    // then each case waits in the renamed step on version 3 and goes on to 复查结果复核
    for (const pi of three) {
      const [task] = await p.engine.queryTasks({ processInstanceId: pi }, 0, 5);
      // (the engine keeps a migrated task's own attributes: its name stays that of version 2)
      expect([task!.taskDefinitionKey, task!.name]).to.deep.equal([RENAMED_STEP.id, '入户复查']);
      await p.engine.completeTask(task!.id, {});
      expect((await p.engine.queryTasks({ processInstanceId: pi }, 0, 5)).map((t) => t.taskDefinitionKey)).to.deep.equal([NEW_STEP.id]);
    }
  });
});

describe('办理时限 / 修改后应用到在办任务', function () {
  this.timeout(120_000);

  it('管理员修改入户复查的时限并“应用到在办任务”：在办任务的期限与催办、逾期、升级计时器按新时限重算；他县管理员的应用不影响本县任务', async () => {
    const p = thePlatform();
    await seedSecondCounty();
    const admin = await loginAs('admin');
    const repo = p.ds.getRepository(TimeLimitRuleRow);
    const rule = await repo.findOneByOrFail({ processKey: 'periodic-review', taskKey: 'Task_ReviewVisit', countyCode: '' });
    const original = { amount: rule.amount, unit: rule.unit, remindBeforeAmount: rule.remindBeforeAmount, remindBeforeUnit: rule.remindBeforeUnit, graceAmount: rule.graceAmount, graceUnit: rule.graceUnit };
    // given a 入户复查 task created under the rule in force
    const latest = (await p.engine.processDefinitions('periodic-review')).at(-1)!;
    const vars = await p.deps.deadlines.variablesAfter('periodic-review', 'Task_ReviewVerify');
    const pi = (
      await p.engine.startProcessBefore(latest.id, 'Task_ReviewVisit', `TL-${Date.now()}`, {
        countyCode: '139901',
        reviewId: 'time-limit-drill',
        villageGroup: group.unitRole(VILLAGE, 'village'),
        civilGroup: group.dept('139901', 'civil'),
        ...vars,
      })
    ).id;
    try {
      const [task] = await p.engine.queryTasks({ processInstanceId: pi }, 0, 1);
      const dueBefore = engineMs(task!.due!);
      const timers = async () => {
        const jobs = await Promise.all(['Remind', 'Due', 'Escalate'].map((s) => p.engine.timerJobs(pi, `Timer_Task_ReviewVisit_${s}`)));
        return jobs.map((j) => engineMs(j[0]!.dueDate!));
      };
      expect((await timers())[1]).to.equal(dueBefore);

      // when the admin triples the limit (a task keeps its instants until the admin applies the rule)
      const put = await admin.put(`/api/admin/time-limits/${rule.id}`, { ...original, amount: original.amount * 3 });
      expect(put.status, JSON.stringify(put.body)).to.equal(200);
      expect(engineMs((await p.engine.getTask(task!.id)).due!)).to.equal(dueBefore);
      // the other county's admin applying it moves nothing of ours
      const c2 = await (await loginAs('admin_c2')).post(`/api/admin/time-limits/${rule.id}/apply`, {});
      expect(c2.status).to.equal(200);
      expect(engineMs((await p.engine.getTask(task!.id)).due!)).to.equal(dueBefore);
      // when our admin applies it to the running tasks
      const applied = await admin.post(`/api/admin/time-limits/${rule.id}/apply`, {});
      expect(applied.status, JSON.stringify(applied.body)).to.equal(200);
      expect(applied.body.tasks).to.be.at.least(1);
      // then the task's due date, the deadline variables and the three ladder timers follow the new limit, from when the task was created
      const expected = (await p.deps.deadlines.instantsFor('periodic-review', 'Task_ReviewVisit', new Date(engineMs(task!.created)), '139901'))!;
      expect(engineMs((await p.engine.getTask(task!.id)).due!)).to.equal(expected.dueAt.getTime());
      expect(expected.dueAt.getTime()).to.be.greaterThan(dueBefore);
      expect(await timers()).to.deep.equal([expected.remindAt.getTime(), expected.dueAt.getTime(), expected.escalateAt.getTime()]);
      const v = await p.engine.historicVariables(pi, ['Task_ReviewVisit_dueAt']);
      expect(new Date(String(v[0]!.value)).getTime()).to.equal(expected.dueAt.getTime());
      // one audit line naming the step and how many tasks
      const audit = await p.ds.getRepository(AuditEntry).findOneOrFail({ where: { action: 'POST /api/admin/time-limits/:id/apply', username: 'admin' }, order: { id: 'DESC' } });
      expect(audit.target).to.equal('periodic-review/Task_ReviewVisit');
      expect(JSON.parse(audit.detail!)).to.deep.equal({ tasks: applied.body.tasks, timers: applied.body.timers });
      // refusals: another role, an unknown rule, a step whose deadline people agree
      expect((await (await loginAs('coordinator')).post(`/api/admin/time-limits/${rule.id}/apply`, {})).status).to.equal(403);
      const unknown = await admin.post('/api/admin/time-limits/00000000-0000-0000-0000-000000000000/apply', {});
      expect([unknown.status, unknown.body.code]).to.deep.equal([404, 'TIME_LIMIT_NOT_FOUND']);
      const item = await repo.findOneByOrFail({ taskKey: 'Task_ImplementItem', countyCode: '' });
      const agreed = await admin.post(`/api/admin/time-limits/${item.id}/apply`, {});
      expect([agreed.status, agreed.body.code]).to.deep.equal([400, 'TIME_LIMIT_SET_BY_PEOPLE']);
    } finally {
      // the rule as it was, and the county's running 入户复查 tasks (other suites' too) back under it
      await admin.request('DELETE', `/api/admin/time-limits/${rule.id}/own`);
      await p.engine.deleteInstance(pi);
      await admin.post(`/api/admin/time-limits/${rule.id}/apply`, {});
    }
  });
});
