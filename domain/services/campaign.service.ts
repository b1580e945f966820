/**
 * 冬春救助 (policy §五): once a season per county, every village lists the
 * households needing winter–spring relief (口粮、衣被、取暖、住房修缮), the
 * township reviews its villages' lists, county civil affairs and emergency
 * management approve the plan, and the relief is recorded — money through the
 * monthly payroll's ledger of payments, goods as in-kind relief.
 */
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import { claimOwn, ownTask } from './process-task.js';
import { OutboxService, taskCompletionOf, type TaskCompletion } from './outbox.service.js';
import { PROCESS, group } from '../engine/contract.js';
import type { EngineClient } from '../engine/engine-client.js';
import { engineCall } from '../engine/engine-calls.js';
import { AppSetting } from '../entities/app-setting.entity.js';
import { CAMPAIGN_STATUS_NAMES, ReliefCampaign, ReliefCampaignEvent, ReliefItem } from '../entities/campaign.entity.js';
import { Household } from '../entities/household.entity.js';
import { PaymentLine } from '../entities/money.entity.js';
import { Unit } from '../entities/unit.entity.js';
import type { User } from '../entities/user.entity.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { maskName } from '../idcard.js';
import { beijingDateOf } from '../time/beijing.js';
import { engineMs } from './statistics.service.js';
import type { CampaignMonitorItem, CampaignTownshipProgress } from './views.js';
import { parseOrThrow } from '../validation.js';
import { groupsOf } from './auth.service.js';
import { unitCovers } from './jurisdiction.service.js';
import { monthOf } from './payroll.service.js';
import { countyApprovalSchema, surveySchema, townshipReviewSchema } from '../../contracts/campaign.schema.js';
import { RELIEF_NEED_NAMES, type ReliefNeed } from '../../contracts/kinds.js';
import { START_DAY_RE } from '../../contracts/campaign.schema.js';

/** The admin setting of the day each season's campaign starts by itself (MM-DD, Beijing). */
export const CAMPAIGN_START_KEY = 'campaign.winterSpringStartDay';
/** Without the admin's setting: 1 November (the survey precedes the cold months). */
export const DEFAULT_CAMPAIGN_START_DAY = '11-01';

/** The season (2026-2027) an instant belongs to: July to June. */
export function seasonOf(now: Date): string {
  const [y, m] = beijingDateOf(now).split('-').map(Number) as [number, number];
  const first = m >= 7 ? y : y - 1;
  return `${first}-${first + 1}`;
}

const campaignNoOf = (countyCode: string, season: string) => `DC-${countyCode}-${season}`;
/** The unit code in a candidate group `unit:<code>:<role>`. */
const unitOfGroup = (g: string) => g.split(':')[1]!;

/** The unit code of a campaign task's `unit:` candidate group (its village or township). */
const unitOfTask = (candidateGroups: string[]) => unitOfGroup(candidateGroups.find((g) => g.startsWith('unit:')) ?? 'unit:');

/** The survey's rows, checked: households of the task's village only, each need once per household. */
async function surveyRows(em: EntityManager, campaignId: string, village: string, input: z.infer<typeof surveySchema>, listedBy: string): Promise<Partial<ReliefItem>[]> {
  const unit = await em.findOneByOrFail(Unit, { code: village });
  const seen = new Set<string>();
  const rows: Partial<ReliefItem>[] = [];
  for (const [n, i] of input.items.entries()) {
    const h = await em.findOneBy(Household, { householdNo: i.householdNo });
    if (!h || h.unitCode !== village) throw new BadRequestError('SURVEY_HOUSEHOLD_OUTSIDE_VILLAGE', `第 ${n + 1} 项：户 ${i.householdNo} 不是${unit.name}的户，只能列本村的困难家庭`, `items.${n}.householdNo`);
    const key = `${h.id}/${i.need}`;
    if (seen.has(key)) throw new BadRequestError('SURVEY_DUPLICATE', `第 ${n + 1} 项：户 ${i.householdNo} 的${RELIEF_NEED_NAMES[i.need as ReliefNeed]}需求重复列出`, `items.${n}`);
    seen.add(key);
    rows.push({ campaignId, householdId: h.id, villageCode: village, townshipCode: unit.parentCode!, need: i.need, form: i.form, amountFen: Math.round((i.amountYuan ?? 0) * 100), description: i.description, listedBy });
  }
  return rows;
}

/** Parses and checks a campaign task's form (400 with the reason) and returns what the page is told. */
async function checkCampaignForm(em: EntityManager, campaignId: string, user: User, taskKey: string, candidateGroups: string[], body: unknown) {
  if (taskKey === 'Task_VillageSurvey') {
    const input = parseOrThrow(surveySchema, body, '摸底名单');
    await surveyRows(em, campaignId, unitOfTask(candidateGroups), input, user.displayName);
    return { listed: input.items.length };
  }
  if (taskKey === 'Task_TownshipReview') {
    parseOrThrow(townshipReviewSchema, body, '审核意见');
    return { reviewed: unitOfTask(candidateGroups) };
  }
  if (!APPROVAL_VARIABLE[taskKey]) throw new NotFoundError('TASK_NOT_FOUND', '任务不存在或已办结');
  return { approved: parseOrThrow(countyApprovalSchema, body, '审批意见').approved };
}

/** The process variable each county approval decides. */
const APPROVAL_VARIABLE: Record<string, string> = { Task_CivilApproval: 'civilApproved', Task_EmergencyApproval: 'emergencyApproved' };

/**
 * The records of a campaign task's completion — the survey's items, the
 * step's opinion — written in the transaction that completes the engine task
 * (by the outbox, live or by its reconciler). Returns the process variables.
 */
export async function recordCampaignCompletion(em: EntityManager, user: User, c: TaskCompletion): Promise<Record<string, unknown>> {
  const campaign = await em.findOne(ReliefCampaign, { where: { processInstanceId: c.processInstanceId }, lock: { mode: 'pessimistic_write' } });
  if (!campaign) throw new NotFoundError('CAMPAIGN_NOT_FOUND', '冬春救助不存在');
  const event = (unitCode: string | null, approved: boolean | null, text: string) => em.insert(ReliefCampaignEvent, { campaignId: campaign.id, step: c.taskName, unitCode, approved, actorName: user.displayName, opinion: text });
  if (c.taskKey === 'Task_VillageSurvey') {
    const input = parseOrThrow(surveySchema, c.input, '摸底名单');
    const village = unitOfTask(c.candidateGroups);
    const rows = await surveyRows(em, campaign.id, village, input, user.displayName);
    if (rows.length) await em.insert(ReliefItem, rows);
    await event(village, null, input.opinion);
    return {};
  }
  if (c.taskKey === 'Task_TownshipReview') {
    await event(unitOfTask(c.candidateGroups), true, parseOrThrow(townshipReviewSchema, c.input, '审核意见').opinion);
    return {};
  }
  const variable = APPROVAL_VARIABLE[c.taskKey];
  if (!variable) throw new NotFoundError('TASK_NOT_FOUND', '任务不存在或已办结');
  const input = parseOrThrow(countyApprovalSchema, c.input, '审批意见');
  await event(null, input.approved, input.opinion);
  return { [variable]: input.approved };
}

export class CampaignService {
  constructor(
    private readonly ds: DataSource,
    private readonly engine?: EngineClient,
  ) {}

  private eng(): EngineClient {
    if (!this.engine) throw new Error('CampaignService needs the engine for this action');
    return this.engine;
  }

  /** The start day the admin set (MM-DD), else 11-01. */
  async startDay(): Promise<string> {
    const row = await this.ds.getRepository(AppSetting).findOneBy({ key: CAMPAIGN_START_KEY });
    return typeof row?.value === 'string' && START_DAY_RE.test(row.value) ? row.value : DEFAULT_CAMPAIGN_START_DAY;
  }

  async setStartDay(day: string, by: string): Promise<void> {
    await this.ds.getRepository(AppSetting).upsert({ key: CAMPAIGN_START_KEY, value: day, updatedBy: by, updatedAt: new Date() }, ['key']);
  }

  /**
   * Starts a county's campaign for a season, once: the row is unique per
   * county and season, so a second start (by hand or by the timer) is refused
   * with 409 and nothing is started. The row and the instance go together.
   */
  async start(countyCode: string, season: string, startedByName: string): Promise<ReliefCampaign> {
    const campaignNo = campaignNoOf(countyCode, season);
    // Through the engine outbox: the row and the instance commit together, or a crash's instance is removed.
    return new OutboxService(this.ds, this.eng()).startProcess(PROCESS.winterSpringCampaign, campaignNo, 'campaign', async (em, startInstance) => {
      if (!(await em.existsBy(Unit, { code: countyCode, level: 'county' }))) throw new BadRequestError('COUNTY_UNKNOWN', '县不存在', 'countyCode');
      const ins = await em.createQueryBuilder().insert().into(ReliefCampaign).values({ campaignNo, countyCode, season, startedByName }).orIgnore().returning('id').execute();
      const id = (ins.raw as { id: string }[])[0]?.id;
      if (!id) throw new ConflictError('CAMPAIGN_SEASON_EXISTS', `${season} 冬春救助已经启动过，同一季不能重复启动`);
      const inst = await engineCall(() => startInstance({ campaignId: id, countyCode, season }));
      await em.update(ReliefCampaign, { id }, { processInstanceId: inst.id });
      return em.findOneByOrFail(ReliefCampaign, { id });
    });
  }

  /** 定时启动: from the start day of the season on, starts every county's campaign once. */
  async startDue(now = new Date()): Promise<string[]> {
    const season = seasonOf(now);
    if (beijingDateOf(now) < `${season.slice(0, 4)}-${await this.startDay()}`) return [];
    const out: string[] = [];
    for (const c of await this.ds.getRepository(Unit).findBy({ level: 'county' })) {
      if (await this.ds.getRepository(ReliefCampaign).existsBy({ countyCode: c.code, season })) continue;
      try {
        out.push((await this.start(c.code, season, '定时启动')).campaignNo);
      } catch (err) {
        if (!(err instanceof ConflictError || err instanceof BadRequestError)) throw err;
      }
    }
    return out;
  }

  /**
   * 确定摸底范围: one survey per village of the county, one review per
   * township; the county's groups. Reads only the units (the instance may run
   * before the campaign's row commits).
   */
  async prepare(countyCode: string): Promise<{ villageGroups: string[]; townshipGroups: string[]; civilGroup: string; emergencyGroup: string }> {
    const townships = await this.ds.getRepository(Unit).find({ where: { parentCode: countyCode, level: 'township' }, order: { code: 'ASC' } });
    const villages = townships.length ? (await this.ds.getRepository(Unit).find({ where: { level: 'village' }, order: { code: 'ASC' } })).filter((v) => townships.some((t) => t.code === v.parentCode)) : [];
    return {
      villageGroups: villages.map((v) => group.unitRole(v.code, 'village')),
      townshipGroups: townships.filter((t) => villages.some((v) => v.parentCode === t.code)).map((t) => group.unitRole(t.code, 'handler')),
      civilGroup: group.dept(countyCode, 'civil'),
      emergencyGroup: group.dept(countyCode, 'emergency'),
    };
  }

  /** Who may read a campaign: staff of the county, its townships and villages (each sees their part of the lists). */
  private async campaignFor(user: User, id: string): Promise<ReliefCampaign> {
    const c = /^[0-9a-f-]{36}$/i.test(id) ? await this.ds.getRepository(ReliefCampaign).findOneBy({ id }) : null;
    if (!c) throw new NotFoundError('CAMPAIGN_NOT_FOUND', '冬春救助不存在');
    if (user.role === 'admin' || user.role === 'clerk' || !(await unitCovers(this.ds, c.countyCode, user.unitCode))) throw new ForbiddenError('CAMPAIGN_FORBIDDEN', '无权查看该县的冬春救助');
    return c;
  }

  /**
   * Completes an open task of the campaign the user may act on: a village's
   * survey (households of that village only), a township's review, or a
   * county approval — through the engine outbox: what it decides, the task
   * fact and the engine's completion commit together, and a crash in between
   * is finished by the reconciler (recordCampaignCompletion).
   */
  async completeTask(user: User, campaignId: string, taskId: string, body: unknown) {
    const c = await this.campaignFor(user, campaignId);
    const engine = this.eng();
    const {
      task,
      fact: { candidateGroups },
    } = await ownTask(engine, user, taskId, PROCESS.winterSpringCampaign, async (t) => t.processInstanceId === c.processInstanceId);
    // Bad input is refused before anything changes (the record parses and checks again in the completion's transaction).
    const result = await checkCampaignForm(this.ds.manager, campaignId, user, task.taskDefinitionKey, candidateGroups, body);
    await claimOwn(engine, user, task);
    await new OutboxService(this.ds, engine).completeTask('campaign.complete', user, await taskCompletionOf(engine, task, candidateGroups, body));
    return result;
  }

  /**
   * 登记救助: when both county departments approved, each money item becomes
   * a payment line (source campaign) that the next monthly payroll sends to
   * the bank, and in-kind items are recorded as handed over; otherwise the
   * campaign ends 未批准. Idempotent: an item paid once keeps its line.
   */
  async record(campaignId: string, approved: boolean, now = new Date()): Promise<{ paid: number; inKind: number }> {
    return this.ds.transaction(async (em) => {
      const c = await em.getRepository(ReliefCampaign).findOne({ where: { id: campaignId }, lock: { mode: 'pessimistic_write' } });
      if (!c) throw new Error(`campaign ${campaignId} not found`);
      if (!approved) {
        await em.update(ReliefCampaign, { id: campaignId }, { status: 'rejected' });
        return { paid: 0, inKind: 0 };
      }
      const items = await em.getRepository(ReliefItem).findBy({ campaignId });
      let paid = 0;
      let inKind = 0;
      for (const i of items) {
        if (i.recordedAt) continue;
        let paymentLineId: string | null = null;
        if (i.form === 'money') {
          const line = await em.save(
            em.create(PaymentLine, {
              runId: null,
              month: monthOf(now),
              source: 'campaign',
              householdId: i.householdId,
              recipientId: null,
              caseId: null,
              kind: 'winter_spring',
              townshipCode: i.townshipCode,
              villageCode: i.villageCode,
              amountFen: i.amountFen,
            }),
          );
          paymentLineId = line.id;
          paid++;
        } else inKind++;
        await em.update(ReliefItem, { id: i.id }, { paymentLineId, recordedAt: now });
      }
      await em.update(ReliefCampaign, { id: campaignId }, { status: 'approved' });
      return { paid, inKind };
    });
  }

  /**
   * 协调员监控: per running campaign of the county and per township, how many
   * villages have reported (and how many of them after the time limit, from
   * the task facts), how many are late (their survey open past its due date)
   * and how many are still within their limit; and the township's review.
   * Open tasks are counted by the engine per township (by their candidate
   * groups), not listed.
   */
  async monitor(countyCode: string): Promise<{ items: CampaignMonitorItem[] }> {
    const engine = this.eng();
    const campaigns = await this.ds.getRepository(ReliefCampaign).find({ where: { countyCode, status: 'open' }, order: { season: 'DESC' } });
    const townships = await this.ds.getRepository(Unit).find({ where: { parentCode: countyCode, level: 'township' }, order: { code: 'ASC' } });
    const villages = townships.length ? await this.ds.getRepository(Unit).find({ where: { parentCode: In(townships.map((t) => t.code)), level: 'village' }, order: { code: 'ASC' } }) : [];
    const now = Date.now();
    const items: CampaignMonitorItem[] = [];
    for (const c of campaigns) {
      if (!c.processInstanceId) continue;
      const reported = (await this.ds.query(
        `SELECT e.unit_code AS code, bool_or(f.late) AS late
           FROM relief_campaign_event e
           LEFT JOIN task_fact f ON f.process_instance_id = $2 AND f.task_key = 'Task_VillageSurvey' AND ('unit:' || e.unit_code || ':village') = ANY (f.candidate_groups)
          WHERE e.campaign_id = $1 AND e.unit_code IS NOT NULL GROUP BY e.unit_code`,
        [c.id, c.processInstanceId],
      )) as { code: string; late: boolean | null }[];
      const done = new Map(reported.map((r) => [r.code, !!r.late]));
      // One query per step and township: the open tasks with their due dates, counted open and late here.
      const open = async (taskKey: string, groups: string[]): Promise<[open: number, late: number]> => {
        if (!groups.length) return [0, 0];
        const tasks = await engineCall(() => engine.queryTasks({ processInstanceId: c.processInstanceId, taskDefinitionKey: taskKey, candidateGroups: groups, includeAssignedTasks: true }, 0, 1000));
        return [tasks.length, tasks.filter((t) => t.due !== null && engineMs(t.due) < now).length];
      };
      const rows = await Promise.all(
        townships.map(async (t): Promise<CampaignTownshipProgress> => {
          const mine = villages.filter((v) => v.parentCode === t.code);
          const groups = mine.map((v) => group.unitRole(v.code, 'village'));
          const review = [group.unitRole(t.code, 'handler')];
          const [[openSurveys, lateSurveys], [openReview, lateReview]] = await Promise.all([open('Task_VillageSurvey', groups), open('Task_TownshipReview', review)]);
          const reviewed = done.has(t.code);
          return {
            code: t.code,
            name: t.name,
            villages: mine.length,
            reported: mine.filter((v) => done.has(v.code)).length,
            reportedLate: mine.filter((v) => done.get(v.code)).length,
            late: lateSurveys,
            pending: openSurveys - lateSurveys,
            review: reviewed ? 'done' : lateReview ? 'late' : openReview ? 'pending' : 'waiting',
            reviewName: reviewed ? '已审核' : lateReview ? '审核逾期' : openReview ? '审核中' : mine.length ? '待各村上报' : '无村',
          };
        }),
      );
      const sum = (k: 'villages' | 'reported' | 'reportedLate' | 'late' | 'pending') => rows.reduce((n, r) => n + r[k], 0);
      items.push({
        id: c.id,
        campaignNo: c.campaignNo,
        season: c.season,
        statusName: CAMPAIGN_STATUS_NAMES[c.status],
        createdAt: c.createdAt.toISOString(),
        villages: sum('villages'),
        reported: sum('reported'),
        reportedLate: sum('reportedLate'),
        late: sum('late'),
        pending: sum('pending'),
        townshipsReviewed: rows.filter((r) => r.review === 'done').length,
        townships: rows.filter((r) => r.villages > 0),
      });
    }
    return { items };
  }

  /** Every campaign of the user's county, newest season first. */
  async list(user: User) {
    if (user.role === 'admin' || user.role === 'clerk') throw new ForbiddenError('CAMPAIGN_FORBIDDEN', '无权查看冬春救助');
    const county = user.unitCode.slice(0, 6);
    const rows = await this.ds.getRepository(ReliefCampaign).find({ where: { countyCode: county }, order: { season: 'DESC' } });
    return { items: rows.map((r) => ({ id: r.id, campaignNo: r.campaignNo, season: r.season, status: r.status, statusName: CAMPAIGN_STATUS_NAMES[r.status], startedByName: r.startedByName, createdAt: r.createdAt })) };
  }

  /**
   * One campaign: progress per township (villages surveyed of all, households
   * listed, money and in-kind items, reviewed or not), the items of the
   * user's part (masked names), the opinions, and the user's open tasks.
   */
  async detail(user: User, id: string) {
    const c = await this.campaignFor(user, id);
    const progress = (await this.ds.query(
      `SELECT t.code, t.name,
              (SELECT count(*)::int FROM unit v WHERE v.parent_code = t.code AND v.level = 'village') AS villages,
              (SELECT count(DISTINCT e.unit_code)::int FROM relief_campaign_event e JOIN unit v ON v.code = e.unit_code WHERE e.campaign_id = $1 AND v.parent_code = t.code) AS "villagesSurveyed",
              (SELECT count(DISTINCT i.household_id)::int FROM relief_item i WHERE i.campaign_id = $1 AND i.township_code = t.code) AS households,
              (SELECT coalesce(sum(i.amount_fen), 0)::bigint FROM relief_item i WHERE i.campaign_id = $1 AND i.township_code = t.code AND i.form = 'money') AS "moneyFen",
              (SELECT count(*)::int FROM relief_item i WHERE i.campaign_id = $1 AND i.township_code = t.code AND i.form = 'in_kind') AS "inKindItems",
              EXISTS (SELECT 1 FROM relief_campaign_event e WHERE e.campaign_id = $1 AND e.unit_code = t.code) AS reviewed
         FROM unit t WHERE t.parent_code = $2 AND t.level = 'township' ORDER BY t.code`,
      [c.id, c.countyCode],
    )) as { code: string; name: string; villages: number; villagesSurveyed: number; households: number; moneyFen: string; inKindItems: number; reviewed: boolean }[];
    const items = (await this.ds.query(
      `SELECT i.id, i.need, i.form, i.amount_fen AS "amountFen", i.description, i.village_code AS "villageCode", v.name AS "villageName", i.township_code AS "townshipCode", i.payment_line_id AS "paymentLineId", i.recorded_at AS "recordedAt", h.household_no AS "householdNo", h.head_name AS "headName"
         FROM relief_item i JOIN household h ON h.id = i.household_id JOIN unit v ON v.code = i.village_code
        WHERE i.campaign_id = $1 AND (i.village_code = $2 OR i.township_code = $2 OR $3) ORDER BY i.village_code, h.household_no, i.need`,
      [c.id, user.unitCode, user.unitCode === c.countyCode],
    )) as Record<string, any>[];
    const events = (await this.ds.query(`SELECT step, unit_code AS "unitCode", approved, actor_name AS "actorName", opinion, created_at AS at FROM relief_campaign_event WHERE campaign_id = $1 ORDER BY id`, [c.id])) as unknown[];
    let tasks: { taskId: string; taskKey: string; name: string; due: string | null }[] = [];
    let open: { taskKey: string; name: string; count: number }[] = [];
    if (c.processInstanceId && this.engine) {
      const all = await engineCall(() => this.engine!.queryTasks({ processInstanceId: c.processInstanceId }, 0, 1000));
      open = [...new Map(all.map((t) => [t.taskDefinitionKey, { taskKey: t.taskDefinitionKey, name: t.name, count: all.filter((x) => x.taskDefinitionKey === t.taskDefinitionKey).length }])).values()];
      const mine = await engineCall(() => this.engine!.queryTasks({ processInstanceId: c.processInstanceId, candidateGroups: groupsOf(user), includeAssignedTasks: true }, 0, 50));
      tasks = mine.filter((t) => !t.assignee || t.assignee === user.id).map((t) => ({ taskId: t.id, taskKey: t.taskDefinitionKey, name: t.name, due: t.due }));
    }
    return {
      id: c.id,
      campaignNo: c.campaignNo,
      season: c.season,
      status: c.status,
      statusName: CAMPAIGN_STATUS_NAMES[c.status],
      startedByName: c.startedByName,
      createdAt: c.createdAt,
      progress: progress.map((p) => ({ ...p, moneyFen: undefined, moneyYuan: Number(p.moneyFen) / 100 })),
      open,
      items: items.map((i) => ({ ...i, headName: maskName(i.headName), amountFen: undefined, amountYuan: i.amountFen / 100, needName: RELIEF_NEED_NAMES[i.need as ReliefNeed], formName: i.form === 'money' ? '现金' : '实物' })),
      events,
      tasks,
    };
  }
}
