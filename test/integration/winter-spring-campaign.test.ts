import { expect } from 'chai';
import { ReliefCampaign, ReliefItem } from '../../domain/entities/campaign.entity.js';
import { Alert } from '../../domain/entities/escalation.entity.js';
import { PaymentLine } from '../../domain/entities/money.entity.js';
import { seasonOf } from '../../domain/services/campaign.service.js';
import { monthOf } from '../../domain/services/payroll.service.js';
import { addMonths } from '../../domain/services/standard.service.js';
import { PROCESS } from '../../domain/engine/contract.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, newAccount, waitFor, type Browser } from '../support/http.js';
import { givenRecipient, payrollAt, removePayrollMonth } from '../support/payroll.js';

const STEP = { processKey: 'winter-spring-campaign', taskKey: 'Task_VillageSurvey' };
/** This season (July to June): the daily timer starts it, from the configured day on. */
const SEASON = seasonOf(new Date());

/** The user's open task of the campaign with this key (waits for it). */
async function campaignTask(b: Browser, id: string, taskKey: string): Promise<string> {
  return waitFor(`${taskKey} of ${id}`, async () => ((await b.get(`/api/campaigns/${id}`)).body.tasks as any[] | undefined)?.find((t) => t.taskKey === taskKey)?.taskId as string | undefined);
}

async function completeOk(b: Browser, id: string, taskId: string, body: unknown): Promise<any> {
  const r = await b.post(`/api/campaigns/${id}/tasks/${taskId}/complete`, body);
  expect(r.status, JSON.stringify(r.body)).to.equal(200);
  return r.body;
}

describe('冬春救助（政策第五条）：村级摸底 → 乡镇审核 → 县民政局、应急管理局审批 → 现金纳入月度发放、实物登记', function () {
  this.timeout(180_000);
  let admin: Browser;
  let previous: any;

  before(async () => {
    admin = await loginAs('admin');
    // 12 working hours with a reminder 1 hour before and 2 hours of grace: 24 s, 22 s and 28 s on the demo scale.
    const rules = (await admin.get('/api/admin/time-limits')).body.items as any[];
    previous = rules.find((r) => r.processKey === STEP.processKey && r.taskKey === STEP.taskKey);
    expect(previous, 'a time-limit rule for the village survey').to.not.equal(undefined);
    const r = await admin.request('PUT', `/api/admin/time-limits/${previous.id}`, { amount: 12, unit: 'hour', remindBeforeAmount: 1, remindBeforeUnit: 'hour', graceAmount: 2, graceUnit: 'hour' });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
  });
  after(async () => {
    const { id, amount, unit, remindBeforeAmount, remindBeforeUnit, graceAmount, graceUnit } = previous;
    await admin.request('PUT', `/api/admin/time-limits/${id}`, { amount, unit, remindBeforeAmount, remindBeforeUnit, graceAmount, graceUnit });
  });

  it('两个村：和平村按时摸底，团结村逾期被催办、黄牌、红牌后补报；县里两个部门批准后，现金救助进入当月发放名册，实物救助登记', async () => {
    const ds = thePlatform().ds;
    const a = await givenRecipient({ name: '韩演示冬' });
    const b = await givenRecipient({ name: '韩演示春', village: '139901100202' });
    const [civil, heping, tuanjie, township, emergency, finance] = await Promise.all(['handler_civil', 'village_heping', 'village_tuanjie', 'handler_township', 'handler_emergency', 'handler_finance'].map(loginAs));

    // given: the admin sets the day the season starts (a wrong day is refused), and the daily timer fires
    const wrongDay = await admin.request('PUT', '/api/admin/campaign-start-day', { day: '13-01' });
    expect(wrongDay.status).to.equal(400);
    expect(wrongDay.body.message).to.contain('MM-DD');
    expect((await admin.request('PUT', '/api/admin/campaign-start-day', { day: '07-01' })).status).to.equal(200);
    const p = thePlatform();
    const job = await p.engine.startTimerJob(PROCESS.winterSpringCampaignSchedule, 'Start_CampaignDaily');
    expect(job, 'the daily timer of the schedule').to.not.equal(null);
    await p.engine.executeJob(job!.id);
    const campaign = await waitFor('timer-started campaign', async () => ds.getRepository(ReliefCampaign).findOneBy({ countyCode: '139901', season: SEASON }));
    expect(campaign.startedByName).to.equal('定时启动');
    const id = campaign.id;

    // when: 和平村 lists its household at once (heating money and winter clothes in kind) …
    const hepingTask = await campaignTask(heping, id, 'Task_VillageSurvey');
    await completeOk(heping, id, hepingTask, {
      items: [
        { householdNo: a.household.householdNo, need: 'heating', form: 'money', amountYuan: 300, description: '独居老人，冬季取暖煤炭费用困难' },
        { householdNo: a.household.householdNo, need: 'clothing', form: 'in_kind', description: '棉被一床、棉衣一套' },
      ],
      opinion: '已逐户走访，本村 1 户需要冬春救助',
    });
    // … and 团结村 does not: its survey runs past its time limit and climbs the ladder to the leadership
    const tuanjieTask = await campaignTask(tuanjie, id, 'Task_VillageSurvey');
    const levels = await waitFor(
      '催办 → 黄牌 → 红牌 of 团结村',
      async () => {
        const l = (await ds.getRepository(Alert).findBy({ taskId: tuanjieTask })).map((x) => x.level).sort();
        return l.includes('escalation') && l.includes('warning') && l.includes('remind') ? l : undefined;
      },
      60_000,
    );
    expect(levels).to.include.members(['remind', 'warning', 'escalation']);
    expect(await ds.getRepository(Alert).countBy({ taskId: hepingTask }), '和平村按时完成，没有预警').to.equal(0);

    // the coordinator's progress per township: one of two villages surveyed
    const coordinator = await loginAs('coordinator');
    const mid = (await coordinator.get(`/api/campaigns/${id}`)).body;
    expect(mid.progress.find((p: any) => p.code === '139901100')).to.include({ name: '幸福镇', villages: 2, villagesSurveyed: 1, households: 1, moneyYuan: 300, inKindItems: 1, reviewed: false });

    // 团结村 reports late, the township reviews, both county departments approve
    await completeOk(tuanjie, id, tuanjieTask, { items: [{ householdNo: b.household.householdNo, need: 'food', form: 'money', amountYuan: 500, description: '因灾减产，口粮不足' }], opinion: '补报：本村 1 户需要口粮救助' });
    // (villages and townships other suites added to the county survey and review too: nobody there needs relief)
    const extra = (await ds.query(
      `SELECT v.code AS village, v.parent_code AS township FROM unit v JOIN unit t ON t.code = v.parent_code
        WHERE v.level = 'village' AND t.parent_code = '139901' AND v.code NOT IN ('139901100201', '139901100202') ORDER BY v.code`,
    )) as { village: string; township: string }[];
    for (const [i, u] of extra.entries()) {
      const worker = await newAccount(`cv_${Date.now().toString(36)}${i}`, 'village', 'village', u.village);
      await completeOk(worker.b, id, await campaignTask(worker.b, id, 'Task_VillageSurvey'), { items: [], opinion: '本村无需冬春救助的户' });
    }
    for (const [i, t] of [...new Set(extra.map((u) => u.township))].filter((t) => t !== '139901100').entries()) {
      const handler = await newAccount(`ct_${Date.now().toString(36)}${i}`, 'handler', 'township', t);
      await completeOk(handler.b, id, await campaignTask(handler.b, id, 'Task_TownshipReview'), { opinion: '本乡镇无需冬春救助的户' });
    }
    await completeOk(township, id, await campaignTask(township, id, 'Task_TownshipReview'), { opinion: '两村名单已复核，情况属实' });
    await completeOk(civil, id, await campaignTask(civil, id, 'Task_CivilApproval'), { approved: true, opinion: '同意救助方案' });
    await completeOk(emergency, id, await campaignTask(emergency, id, 'Task_EmergencyApproval'), { approved: true, opinion: '同意，纳入冬春救助资金' });

    // then: the campaign is approved and recorded — two money lines waiting for the payroll, the clothes recorded in kind
    await waitFor('campaign recorded', async () => (await ds.getRepository(ReliefCampaign).findOneBy({ id }))?.status === 'approved');
    const lines = await ds.getRepository(PaymentLine).findBy({ source: 'campaign' });
    expect(lines.map((l) => [l.householdId, l.amountFen, l.kind]).sort()).to.deep.equal(
      [
        [a.household.id, 30_000, 'winter_spring'],
        [b.household.id, 50_000, 'winter_spring'],
      ].sort(),
    );
    const inKind = await ds.getRepository(ReliefItem).findOneByOrFail({ campaignId: id, form: 'in_kind' });
    expect(inKind.recordedAt).to.not.equal(null);
    const done = (await coordinator.get(`/api/campaigns/${id}`)).body;
    expect(done.statusName).to.equal('已批准并登记');
    expect(done.progress.find((p: any) => p.code === '139901100')).to.include({ villagesSurveyed: 2, households: 2, moneyYuan: 800, reviewed: true });

    // and the month's payroll takes the money lines into its 发放名册
    const run = await civil.post('/api/payroll', { month: addMonths(monthOf(new Date()), 1) });
    expect(run.status, JSON.stringify(run.body)).to.equal(201);
    await payrollAt(finance, run.body.id, 'civil_review');
    const sent = await ds.getRepository(PaymentLine).findBy({ source: 'campaign' });
    expect(sent.every((l) => l.runId === run.body.id)).to.equal(true);
    // (clean-up: next month belongs to the suite that follows — 年终对账规则 pays it)
    await removePayrollMonth(addMonths(monthOf(new Date()), 1));
  });

  it('同一季重复启动被拒绝（409），不会多出第二个流程；季度写错、非县民政部门启动都被拒绝', async () => {
    const ds = thePlatform().ds;
    const [civil, township, village] = await Promise.all(['handler_civil', 'handler_township', 'village_heping'].map(loginAs));
    const before = await ds.getRepository(ReliefCampaign).count();
    const again = await civil.post('/api/campaigns', { season: SEASON });
    expect(again.status).to.equal(409);
    expect(again.body.code).to.equal('CAMPAIGN_SEASON_EXISTS');
    expect(again.body.message).to.contain('不能重复启动');
    // the timer's next daily check finds the season started, and starts nothing
    const p = thePlatform();
    const job = await p.engine.startTimerJob(PROCESS.winterSpringCampaignSchedule, 'Start_CampaignDaily');
    await p.engine.executeJob(job!.id);
    await waitFor('the daily check ran', async () => (await p.engine.externalTasks({ topicName: 'campaign.schedule' })).length === 0);
    expect(await ds.getRepository(ReliefCampaign).count()).to.equal(before);
    for (const [b, body, status, code] of [
      [civil, { season: '2026-2028' }, 400, 'SEASON_INVALID'],
      [civil, { season: '26-27' }, 400, 'SEASON_INVALID'],
      [civil, { season: SEASON, extra: 1 }, 400, 'BODY_INVALID'],
      [township, { season: '2027-2028' }, 403, 'CAMPAIGN_START_FORBIDDEN'],
      [village, { season: '2027-2028' }, 403, 'ROLE_FORBIDDEN'],
    ] as [Browser, unknown, number, string][]) {
      const r = await b.post('/api/campaigns', body);
      expect(r.status, JSON.stringify(r.body)).to.equal(status);
      expect(r.body.code).to.equal(code);
      expect(r.body.message).to.match(/[\u4e00-\u9fa5]/u);
    }
    expect(await ds.getRepository(ReliefCampaign).count()).to.equal(before);
  });

  it('摸底名单列了外村的户、重复列同一需求、现金不填金额：400 并指出第几项，什么都没有写入，任务仍在', async () => {
    const ds = thePlatform().ds;
    const c = await ds.getRepository(ReliefCampaign).findOneByOrFail({ countyCode: '139901', season: SEASON });
    // a new season for this test, started by hand: the first one is finished
    const civil = await loginAs('handler_civil');
    const started = await civil.post('/api/campaigns', { season: '2027-2028' });
    expect(started.status, JSON.stringify(started.body)).to.equal(201);
    const next = started.body as { id: string };
    expect(next.id).to.not.equal(c.id);
    const heping = await loginAs('village_heping');
    const mine = await givenRecipient({ name: '韩演示本' });
    const other = await givenRecipient({ name: '韩演示外', village: '139901100202' });
    const task = await campaignTask(heping, next.id, 'Task_VillageSurvey');
    const bad: [unknown, string, RegExp][] = [
      [
        {
          items: [
            { householdNo: mine.household.householdNo, need: 'food', form: 'money', amountYuan: 200, description: '口粮不足' },
            { householdNo: other.household.householdNo, need: 'food', form: 'money', amountYuan: 200, description: '口粮不足' },
          ],
          opinion: '已走访',
        },
        'SURVEY_HOUSEHOLD_OUTSIDE_VILLAGE',
        /第 2 项.*不是和平村的户/,
      ],
      [
        {
          items: [
            { householdNo: mine.household.householdNo, need: 'food', form: 'money', amountYuan: 200, description: '口粮不足' },
            { householdNo: mine.household.householdNo, need: 'food', form: 'in_kind', description: '大米' },
          ],
          opinion: '已走访',
        },
        'SURVEY_DUPLICATE',
        /第 2 项.*重复/,
      ],
      [{ items: [{ householdNo: mine.household.householdNo, need: 'heating', form: 'money', description: '取暖' }], opinion: '已走访' }, 'ITEMS_AMOUNT_YUAN_INVALID', /现金救助须填写金额/],
      [{ items: [{ householdNo: mine.household.householdNo, need: 'car', form: 'money', amountYuan: 1, description: '取暖' }], opinion: '已走访' }, 'ITEMS_NEED_INVALID', /口粮、衣被、取暖或住房修缮/],
    ];
    for (const [body, code, message] of bad) {
      const r = await heping.post(`/api/campaigns/${next.id}/tasks/${task}/complete`, body);
      expect(r.status, JSON.stringify(r.body)).to.equal(400);
      expect(r.body.code).to.equal(code);
      expect(r.body.message).to.match(message);
    }
    expect(await ds.getRepository(ReliefItem).countBy({ campaignId: next.id })).to.equal(0);
    expect(await campaignTask(heping, next.id, 'Task_VillageSurvey')).to.equal(task);
    // another village's worker cannot complete 和平村's survey
    const tuanjie = await loginAs('village_tuanjie');
    const stolen = await tuanjie.post(`/api/campaigns/${next.id}/tasks/${task}/complete`, { items: [], opinion: '代报' });
    expect(stolen.status).to.equal(403);
    expect(stolen.body.code).to.equal('TASK_FORBIDDEN');
  });
});
