import { expect } from 'chai';
import { ReliefCampaign, ReliefCampaignEvent, ReliefItem } from '../../domain/entities/campaign.entity.js';
import { User } from '../../domain/entities/user.entity.js';
import { TaskFactRow } from '../../domain/entities/task-fact.entity.js';
import { PROCESS } from '../../domain/engine/contract.js';
import { OutboxService } from '../../domain/services/outbox.service.js';
import { beijingDateOf } from '../../domain/time/beijing.js';
import { crashingServer, diesDuring } from '../support/crash.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, waitFor, type Browser } from '../support/http.js';
import { givenRecipient } from '../support/payroll.js';
import { seedSecondCounty } from '../support/second-county.js';

/** The outbox rows of a task, oldest first. */
async function outboxStates(taskId: string): Promise<string[]> {
  return ((await thePlatform().ds.query(`SELECT state FROM engine_outbox WHERE task_id = $1 ORDER BY id`, [taskId])) as { state: string }[]).map((r) => r.state);
}

/** How the engine's history ended the tasks of an instance at a step (one 'completed' when it moved on once). */
async function endings(processInstanceId: string, taskDefinitionKey: string): Promise<(string | null)[]> {
  return (await thePlatform().engine.historicTasks({ processInstanceId, taskDefinitionKey })).map((t) => t.deleteReason ?? null);
}

/**
 * The request dies on a server node after the engine committed the completion and before the app's
 * transaction did (the records, the task fact and the outbox row lost with it); the reconciler of
 * another node then runs, twice (the second run must change nothing).
 */
async function crashAfterEngine(b: Browser, url: string, body: unknown, taskId: string): Promise<void> {
  const node = await crashingServer('task.after-engine');
  await diesDuring(() => b.on(node.url).post(url, body), node);
  expect(await outboxStates(taskId)).to.deep.equal(['pending']);
  const outbox = new OutboxService(thePlatform().ds, thePlatform().engine);
  // (the dead node's connection may hold its row locked a moment longer: the reconciler skips locked rows)
  await waitFor(`${taskId} reconciled`, async () => (await outbox.reconcile({ graceMs: 0 })) && !(await outboxStates(taskId)).includes('pending'), 30_000, 500);
  await outbox.reconcile({ graceMs: 0 });
  expect(await outboxStates(taskId)).to.deep.equal(['done']);
}

const displayName = async (username: string) => (await thePlatform().ds.getRepository(User).findOneByOrFail({ username })).displayName;

/** The task facts of one task (考核统计 reads these). */
async function factsOf(taskId: string): Promise<[string, string, string | null][]> {
  return (await thePlatform().ds.getRepository(TaskFactRow).findBy({ taskId })).map((f) => [f.processKey, f.taskKey, f.assignee]);
}

describe('冬春救助、物价联动、标准调整的办理不丢不重：服务端在引擎提交后、数据库提交前崩溃，补偿后记录和考核数据齐全', function () {
  this.timeout(300_000);
  const started: string[] = [];

  before(async () => {
    await seedSecondCounty();
  });
  // Instances left at a step would raise time-limit alerts (and offer tasks) during later test files: end them.
  after(async () => {
    for (const key of started)
      await thePlatform()
        .engine.deleteStartedInstances(key, 1)
        .catch(() => undefined);
  });

  it('和平村专干提交冬春救助摸底名单时服务端崩溃：补偿后名单和意见各一份，摸底只办结一次，考核统计和热力图计入该环节，重试被告知已办结', async () => {
    const p = thePlatform();
    const [civil, heping, coordinator, civil2] = await Promise.all(['handler_civil', 'village_heping', 'coordinator', 'handler_civil_c2'].map(loginAs));
    const household = (await givenRecipient({ name: '韩演示崩' })).household;
    // given a campaign of a season of its own, started by county civil affairs
    const s = await civil.post('/api/campaigns', { season: '2031-2032' });
    expect(s.status, JSON.stringify(s.body)).to.equal(201);
    const campaign = await p.ds.getRepository(ReliefCampaign).findOneByOrFail({ id: s.body.id });
    started.push(campaign.campaignNo);
    const taskId = await waitFor('和平村的摸底任务', async () => ((await heping.get(`/api/campaigns/${campaign.id}`)).body.tasks as any[]).find((t) => t.taskKey === 'Task_VillageSurvey')?.taskId as string | undefined);
    const url = `/api/campaigns/${campaign.id}/tasks/${taskId}/complete`;
    const survey = { items: [{ householdNo: household.householdNo, need: 'heating', form: 'money', amountYuan: 260, description: '独居老人，取暖费用困难' }], opinion: '已逐户走访，本村 1 户需要取暖救助' };
    // (another county's civil affairs cannot reach it)
    expect((await civil2.post(url, survey)).body.code).to.equal('CAMPAIGN_FORBIDDEN');

    // when 和平村 submits its list on a server node that dies after the engine completed the task
    await crashAfterEngine(heping, url, survey, taskId);

    // then the list and the opinion are there once, as the village worker sent them
    const items = await p.ds.getRepository(ReliefItem).findBy({ campaignId: campaign.id });
    expect(items.map((i) => [i.householdId, i.need, i.amountFen, i.villageCode])).to.deep.equal([[household.id, 'heating', 26_000, '139901100201']]);
    const events = await p.ds.getRepository(ReliefCampaignEvent).findBy({ campaignId: campaign.id });
    expect(events.map((e) => [e.step, e.unitCode, e.opinion])).to.deep.equal([['村级摸底：冬春救助需求', '139901100201', survey.opinion]]);
    // and the engine moved on once; the 考核 fact names the village worker
    expect(await endings(campaign.processInstanceId!, 'Task_VillageSurvey').then((e) => e.filter((x) => x === 'completed'))).to.deep.equal(['completed']);
    const worker = await p.ds.getRepository(User).findOneByOrFail({ username: 'village_heping' });
    expect(await factsOf(taskId)).to.deep.equal([[PROCESS.winterSpringCampaign, 'Task_VillageSurvey', worker.id]]);
    // and the coordinator's progress counts 和平村 as surveyed
    expect((await coordinator.get(`/api/campaigns/${campaign.id}`)).body.progress.find((t: any) => t.code === '139901100')).to.include({ villagesSurveyed: 1, households: 1, moneyYuan: 260 });

    // and 考核统计 of today counts the step's completion, named as the campaign's step; the heat view covers it
    const today = beijingDateOf(new Date());
    const stats = await coordinator.get(`/api/statistics?from=${today}&to=${today}`);
    expect(stats.status, JSON.stringify(stats.body)).to.equal(200);
    const step = (stats.body.byStep as any[]).find((r) => r.processKey === PROCESS.winterSpringCampaign && r.taskKey === 'Task_VillageSurvey');
    expect(step, 'the campaign survey as a step of 考核统计').to.not.equal(undefined);
    expect(step).to.include({ processName: '冬春救助' });
    expect(step.done).to.be.at.least(1);
    const heat = await coordinator.get(`/api/monitor/${PROCESS.winterSpringCampaign}/heat`);
    expect(heat.status).to.equal(200);
    expect((heat.body.activities as any[]).find((a) => a.activityId === 'Task_VillageSurvey')?.completed).to.be.at.least(1);

    // and the village worker, trying again after the lost answer, is told the task is done (nothing listed twice)
    const again = await heping.post(url, survey);
    expect([again.status, again.body.code]).to.deep.equal([404, 'TASK_NOT_FOUND']);
    expect(await p.ds.getRepository(ReliefItem).countBy({ campaignId: campaign.id })).to.equal(1);
  });

  it('县民政局启动冬春救助时服务端在引擎启动流程后、数据库提交前崩溃：补偿删除无主的流程实例（各村不会收到没有归属的摸底任务），该季可以重新启动', async () => {
    const p = thePlatform();
    const civil = await loginAs('handler_civil');
    const campaignNo = 'DC-139901-2033-2034';
    started.push(campaignNo);
    // when civil affairs starts the season on a node that dies after the engine started the process
    const node = await crashingServer('start.after-engine');
    await diesDuring(() => civil.on(node.url).post('/api/campaigns', { season: '2033-2034' }), node);
    expect(await p.engine.instancesByBusinessKey(campaignNo), 'the orphaned instance before reconciling').to.have.length(1);
    expect(await p.ds.getRepository(ReliefCampaign).countBy({ campaignNo })).to.equal(0);
    // then the reconciler removes the instance no campaign belongs to
    const outbox = new OutboxService(p.ds, p.engine);
    const states = async () => ((await p.ds.query(`SELECT state FROM engine_outbox WHERE business_key = $1 ORDER BY id`, [campaignNo])) as { state: string }[]).map((r) => r.state);
    await waitFor(`${campaignNo} reconciled`, async () => (await outbox.reconcile({ graceMs: 0 })) && !(await states()).includes('pending'), 30_000, 500);
    expect(await states()).to.deep.equal(['abandoned']);
    expect(await p.engine.instancesByBusinessKey(campaignNo)).to.deep.equal([]);
    // and the season is started again, once, with its instance
    const again = await civil.post('/api/campaigns', { season: '2033-2034' });
    expect(again.status, JSON.stringify(again.body)).to.equal(201);
    const row = await p.ds.getRepository(ReliefCampaign).findOneByOrFail({ campaignNo });
    expect((await p.engine.instancesByBusinessKey(campaignNo)).map((i) => i.id)).to.deep.equal([row.processInstanceId]);
    expect((await civil.post('/api/campaigns', { season: '2033-2034' })).body.code).to.equal('CAMPAIGN_SEASON_EXISTS');
  });

  it('民政核算价格临时补贴时服务端崩溃：补偿后核算结果一份，补贴转入财政审核，核算任务只办结一次并留下考核数据', async () => {
    const p = thePlatform();
    const [ndrc, civil, finance] = await Promise.all(['handler_ndrc', 'handler_civil', 'handler_finance'].map(loginAs));
    const admin = await loginAs('admin');
    expect((await admin.request('PUT', '/api/price/settings', { cpiThreshold: 3.5, foodThreshold: 6, amountYuanPerPerson: 30, kinds: ['dibao_urban', 'dibao_rural', 'tekun'] })).status).to.equal(200);
    // given 发改 entered March 2026 over the trigger (a month no other file enters), so 民政 computes the subsidy
    const entered = await ndrc.post('/api/price/figures', { month: '2026-03', cpiYoy: 3.9, foodYoy: 2.0, source: '市统计局 2026-03 居民消费价格指数' });
    expect(entered.status, JSON.stringify(entered.body)).to.equal(201);
    started.push('WJ-139901-2026-03-1');
    const task = await waitFor('民政核算', async () => ((await civil.get('/api/price')).body.tasks as any[]).find((t) => t.taskKey === 'Task_PriceSubsidyCompute'));
    const url = `/api/price/subsidies/${task.subsidyId}/tasks/${task.taskId}/complete`;
    const body = { amountYuanPerPerson: 30, kinds: ['dibao_rural'], opinion: '按县物价联动参数核算' };

    // when 民政 computes it on a node that dies after the engine completed the task
    await crashAfterEngine(civil, url, body, task.taskId);

    // then the computation is recorded once and the subsidy waits for 财政
    const sub = (await civil.get(`/api/price/subsidies/${task.subsidyId}`)).body;
    expect(sub).to.include({ month: '2026-03', status: 'finance_review', computedBy: await displayName('handler_civil') });
    expect(sub.formula).to.match(/^农村低保在保对象 \d+ 户 \d+ 人 × 每人每月 30\.00 元 = /);
    await waitFor('财政审核', async () => ((await finance.get('/api/price')).body.tasks as any[]).find((t) => t.subsidyId === task.subsidyId && t.taskKey === 'Task_PriceSubsidyFinance'));
    const { pi } = ((await p.ds.query(`SELECT f.process_instance_id AS pi FROM price_subsidy s JOIN price_figure f ON f.id = s.figure_id WHERE s.id = $1`, [task.subsidyId])) as { pi: string }[])[0]!;
    expect((await endings(pi, 'Task_PriceSubsidyCompute')).filter((x) => x === 'completed')).to.have.length(1);
    expect((await factsOf(task.taskId)).map(([k, t]) => [k, t])).to.deep.equal([[PROCESS.priceLinkage, 'Task_PriceSubsidyCompute']]);
    expect([(await civil.post(url, body)).status]).to.deep.equal([404]);
  });

  it('民政提出救助标准调整方案时服务端崩溃：补偿后方案一份，转入财政审核，提出任务只办结一次并留下考核数据', async () => {
    const p = thePlatform();
    const [civil, finance] = await Promise.all(['handler_civil', 'handler_finance'].map(loginAs));
    // given the adjustment of a year of its own, opened by 民政
    const s = await civil.post('/api/standard-adjustments', { year: 2035 });
    expect(s.status, JSON.stringify(s.body)).to.equal(201);
    started.push('TZ-139901-2035');
    const task = await waitFor('民政提出方案', async () => ((await civil.get('/api/standard-adjustments')).body.tasks as any[]).find((t) => t.taskKey === 'Task_StandardPropose' && t.proposalId === s.body.id));
    const url = `/api/standard-adjustments/${task.proposalId}/tasks/${task.taskId}/complete`;
    const body = { effectiveMonth: '2035-01', reasoning: '本县居民消费价格指数累计上涨，居民收入增长，按自然增长机制提高标准', items: [{ kind: 'dibao_rural', amountYuan: 5000 }] };

    // when 民政 proposes on a node that dies after the engine completed the task
    await crashAfterEngine(civil, url, body, task.taskId);

    // then the proposal is recorded once and waits for 财政
    const [row] = (await p.ds.query(`SELECT status, effective_month, items, proposed_by_name, process_instance_id FROM standard_proposal WHERE id = $1`, [task.proposalId])) as any[];
    expect(row).to.include({ status: 'finance_review', effective_month: '2035-01', proposed_by_name: await displayName('handler_civil') });
    expect(row.items.map((i: any) => [i.kind, i.amountFen])).to.deep.equal([['dibao_rural', 500_000]]);
    await waitFor('财政审核', async () => ((await finance.get('/api/standard-adjustments')).body.tasks as any[]).find((t) => t.proposalId === task.proposalId && t.taskKey === 'Task_StandardFinance'));
    expect((await endings(row.process_instance_id, 'Task_StandardPropose')).filter((x) => x === 'completed')).to.have.length(1);
    expect((await factsOf(task.taskId)).map(([k, t]) => [k, t])).to.deep.equal([[PROCESS.standardAdjustment, 'Task_StandardPropose']]);
    expect((await civil.post(url, body)).status).to.equal(404);
  });
});
