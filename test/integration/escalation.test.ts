import { expect } from 'chai';
import { AccountabilityRecord } from '../../domain/entities/escalation.entity.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, waitFor, type Browser } from '../support/http.js';
import { listen } from '../support/realtime.js';
import { actors, complete, newApplication, register, taskOf, villageSteps } from '../support/application.js';

const STEP = { processKey: 'social-assistance-application', taskKey: 'Task_CountyApproval' };

/** Sets the time limit of a step (民政审核确认 unless told) through the admin API; returns the previous rule. */
async function setRule(admin: Browser, rule: Record<string, unknown>, step = STEP): Promise<any> {
  const rules = (await admin.get('/api/admin/time-limits')).body.items as any[];
  const current = rules.find((r) => r.processKey === step.processKey && r.taskKey === step.taskKey);
  const r = await admin.request('PUT', `/api/admin/time-limits/${current.id}`, rule);
  expect(r.status, JSON.stringify(r.body)).to.equal(200);
  return current;
}

const levelsOf = (alerts: any[], taskId: string) => alerts.filter((a) => a.taskId === taskId).map((a) => a.level);

describe('办理时限 / 催办 → 黄牌 → 红牌 与问责台账（引擎定时器，演示时间尺度）', function () {
  this.timeout(120_000);
  let admin: Browser;
  let previous: any;

  before(async () => {
    admin = await loginAs('admin');
    // 3 working hours with a reminder 1 hour before and 1 hour of grace: 6 s, 4 s and 8 s on the demo scale.
    previous = await setRule(admin, { amount: 3, unit: 'hour', remindBeforeAmount: 1, remindBeforeUnit: 'hour', graceAmount: 1, graceUnit: 'hour' });
  });

  after(async () => {
    const { amount, unit, remindBeforeAmount, remindBeforeUnit, graceAmount, graceUnit } = previous;
    await setRule(admin, { amount, unit, remindBeforeAmount, remindBeforeUnit, graceAmount, graceUnit });
  });

  it('the ladder reaches the right people in order, opens an accountability record, and a reconnecting leader gets what it missed', async () => {
    const { clerk, village, civil } = await actors();
    const [head, leader, health] = await Promise.all([loginAs('head_civil'), loginAs('leader'), loginAs('handler_health')]);
    const hHandler = await listen(civil, { lastAlertId: 0 });
    const hHead = await listen(head, { lastAlertId: 0 });
    const hHealth = await listen(health, { lastAlertId: 0 });
    let hLeader = await listen(leader, { lastAlertId: 0 });
    try {
      const c = await register(clerk, newApplication({ incomeYuan: 0, types: ['dibao'] }));
      await villageSteps(village, c.id);
      const task = await taskOf(civil, c.id, 'Task_CountyApproval');
      // the task carries its due date
      const detail = (await civil.get(`/api/tasks/${task.taskId}`)).body;
      expect(detail.due).to.be.a('string');

      // the leader drops off after the reminder, before the escalation
      await waitFor('reminder', async () => levelsOf(hHandler.alerts(), task.taskId).includes('remind'), 20_000);
      const seen = Math.max(0, ...hLeader.alerts().map((a) => a.id));
      hLeader.close();

      await waitFor('escalation', async () => levelsOf(hHandler.alerts(), task.taskId).includes('escalation'), 20_000);
      expect(levelsOf(hHandler.alerts(), task.taskId)).to.deep.equal(['remind', 'warning', 'escalation']);
      // the head is a member of the department's group (so hears the reminder) and the addressee of the 黄牌
      await waitFor('head got escalation', async () => levelsOf(hHead.alerts(), task.taskId).includes('escalation'), 5_000);
      expect(levelsOf(hHead.alerts(), task.taskId)).to.deep.equal(['remind', 'warning', 'escalation']);
      expect(levelsOf(hHealth.alerts(), task.taskId)).to.deep.equal([]);
      expect(hHandler.alerts().find((a) => a.level === 'warning').message).to.contain('黄牌');

      // reconnecting with the last id seen delivers the escalation it missed, once
      hLeader = await listen(leader, { lastAlertId: seen });
      await waitFor('leader replay', async () => levelsOf(hLeader.alerts(), task.taskId).includes('escalation'), 5_000);
      expect(levelsOf(hLeader.alerts(), task.taskId)).to.deep.equal(['escalation']);
      expect(hLeader.alerts().find((a) => a.taskId === task.taskId).replayed).to.equal(true);

      // the escalation opened the accountability record
      const rec = await waitFor('record', () => thePlatform().ds.getRepository(AccountabilityRecord).findOneBy({ taskId: task.taskId }));
      expect(rec.departmentCode).to.equal('civil');
      expect(Number(rec.lateWorkingDays)).to.be.greaterThan(0);
      const list = (await leader.get('/api/accountability')).body.items as any[];
      expect(list.map((r) => r.taskId)).to.include(task.taskId);
      expect((await health.get(`/api/accountability/${rec.id}`)).status).to.equal(403);

      // the head explains, the leader decides, once
      const ex = await head.post(`/api/accountability/${rec.id}/explanation`, { explanation: '经办人外出入户核查，未能按时审核' });
      expect(ex.status, JSON.stringify(ex.body)).to.equal(200);
      const d = await leader.post(`/api/accountability/${rec.id}/decision`, { decision: '约谈', reason: '首次逾期，约谈提醒' });
      expect(d.status, JSON.stringify(d.body)).to.equal(200);
      expect(d.body.events.map((e: any) => e.kind)).to.deep.equal(['opened', 'explained', 'decided']);
      expect((await leader.post(`/api/accountability/${rec.id}/decision`, { decision: '问责', reason: '再次决定' })).status).to.equal(409);
      expect((await head.post(`/api/accountability/${rec.id}/decision`, { decision: '免责', reason: '越权决定' })).status).to.equal(403);

      // alerts can be acknowledged and are listed as such
      const mine = (await civil.get('/api/alerts')).body.items as any[];
      const alertId = mine.find((a) => a.taskId === task.taskId).id;
      expect((await civil.post(`/api/alerts/${alertId}/ack`)).status).to.equal(200);
      expect(((await civil.get('/api/alerts')).body.items as any[]).find((a) => a.id === alertId).acknowledged).to.equal(true);
      expect(((await civil.get('/api/alerts?unread=true&pageSize=100')).body.items as any[]).map((a) => a.id)).to.not.include(alertId);
      expect((await civil.post('/api/alerts/ack-all')).status).to.equal(200);
      expect((await civil.get('/api/alerts?unread=true')).body.total).to.equal(0);
      // completing the task now ends the case as usual
      await complete(civil, c.id, 'Task_CountyApproval', { approved: true, opinion: '逾期后补办，同意' });
    } finally {
      for (const h of [hHandler, hHead, hHealth, hLeader]) h.close();
    }
  });

  it('a task completed before its due time raises nothing further', async () => {
    const { clerk, village, civil } = await actors();
    const watcher = await listen(civil, { lastAlertId: 0 });
    try {
      const c = await register(clerk, newApplication({ incomeYuan: 0, types: ['tekun'] }));
      await villageSteps(village, c.id);
      const task = await taskOf(civil, c.id, 'Task_CountyApproval');
      await waitFor('reminder', async () => levelsOf(watcher.alerts(), task.taskId).includes('remind'), 20_000);
      await complete(civil, c.id, 'Task_CountyApproval', { approved: true, opinion: '按时办结' });
      // past the due and escalation instants (6 s and 8 s after creation)
      await new Promise((r) => setTimeout(r, 8_000));
      expect(levelsOf(watcher.alerts(), task.taskId)).to.deep.equal(['remind']);
      expect(await thePlatform().ds.getRepository(AccountabilityRecord).countBy({ taskId: task.taskId })).to.equal(0);
    } finally {
      watcher.close();
    }
  });

  it('a coordinator urges a task by hand; bad rules and calendars are refused', async () => {
    const { clerk, village } = await actors();
    const coordinator = await loginAs('coordinator');
    const watcher = await listen(village, { lastAlertId: 0 });
    try {
      const c = await register(clerk, newApplication({ incomeYuan: 0, types: ['dibao'] }));
      const t = await taskOf(village, c.id, 'Task_HomeVisit');
      const r = await coordinator.post(`/api/tasks/${t.taskId}/urge`, { message: '请于今日完成入户调查' });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      await waitFor('manual alert', async () => levelsOf(watcher.alerts(), t.taskId).includes('manual'), 5_000);
      expect((await village.post(`/api/tasks/${t.taskId}/urge`, { message: '自己催自己' })).status).to.equal(403);
    } finally {
      watcher.close();
    }
    const rules = (await admin.get('/api/admin/time-limits')).body.items as any[];
    const bad = await admin.request('PUT', `/api/admin/time-limits/${rules[0].id}`, { amount: 0, unit: 'workday', remindBeforeAmount: 1, remindBeforeUnit: 'workday', graceAmount: 1, graceUnit: 'day' });
    expect(bad.status).to.equal(400);
    expect((await (await loginAs('sysadmin')).request('PUT', '/api/admin/calendar/2027', { holidays: ['2027-02-30'], workdays: [] })).status).to.equal(400);
    expect((await clerk.get('/api/admin/time-limits')).status).to.equal(403);
  });
});

describe('问责台账 / 未签收的村级任务逾期升级：记录点名候选办理人及其负责人', function () {
  this.timeout(120_000);
  const VISIT = { processKey: 'social-assistance-application', taskKey: 'Task_HomeVisit' };
  let admin: Browser;
  let previous: any;

  before(async () => {
    admin = await loginAs('admin');
    previous = await setRule(admin, { amount: 3, unit: 'hour', remindBeforeAmount: 1, remindBeforeUnit: 'hour', graceAmount: 1, graceUnit: 'hour' }, VISIT);
  });
  after(async () => {
    const { amount, unit, remindBeforeAmount, remindBeforeUnit, graceAmount, graceUnit } = previous;
    await setRule(admin, { amount, unit, remindBeforeAmount, remindBeforeUnit, graceAmount, graceUnit }, VISIT);
  });

  it('given 入户调查 nobody claimed, when it escalates, then the record names 和平村专干 and the township handler, who see it; 团结村专干 does not', async () => {
    const { clerk, village } = await actors();
    const [township, tuanjie] = await Promise.all([loginAs('handler_township'), loginAs('village_tuanjie')]);
    const c = await register(clerk, newApplication({ incomeYuan: 0, types: ['dibao'] }));
    const t = await taskOf(village, c.id, 'Task_HomeVisit');
    const rec = await waitFor('record', () => thePlatform().ds.getRepository(AccountabilityRecord).findOneBy({ taskId: t.taskId }), 30_000);
    expect(rec.handlerId).to.equal(null);
    expect(rec.responsible.map((p) => `${p.kind}:${p.name}`)).to.have.members(['candidate:和平村专干', 'head:幸福镇社会救助经办人']);

    // the village worker finds it in 问责台账, reads who is named, and explains
    const mine = (await village.get('/api/accountability?pageSize=100')).body.items as any[];
    expect(mine.map((r) => r.id)).to.include(rec.id);
    const detail = (await village.get(`/api/accountability/${rec.id}`)).body;
    expect(detail.events[0].content).to.contain('未签收，候选办理人：和平村专干').and.contain('负责人：幸福镇社会救助经办人');
    const ex = await village.post(`/api/accountability/${rec.id}/explanation`, { explanation: '连续入户核查其他家庭，未及时签收' });
    expect(ex.status, JSON.stringify(ex.body)).to.equal(200);
    // the township handler, named as the supervisor, sees it too; another village's worker does not
    expect(((await township.get('/api/accountability?pageSize=100')).body.items as any[]).map((r) => r.id)).to.include(rec.id);
    expect((await tuanjie.get(`/api/accountability/${rec.id}`)).status).to.equal(403);
    expect(((await tuanjie.get('/api/accountability?pageSize=100')).body.items as any[]).map((r) => r.id)).to.not.include(rec.id);
    expect((await tuanjie.post(`/api/accountability/${rec.id}/explanation`, { explanation: '不是我村的事' })).status).to.equal(403);
    await clerk.post(`/api/cases/${c.id}/withdraw`, { reason: '测试结束，申请人撤回' });
  });
});
