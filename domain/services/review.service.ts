/**
 * 定期核查与退出: recipients are reviewed at the frequency of their class
 * (admin data), or at once when a village worker or the window reports a
 * change (moved, died, no longer qualifying). Each review is one
 * periodic-review instance: re-verification through the verification
 * adapters → village re-visit → civil affairs' decision (continue / adjust /
 * suspend / stop) with reason, effective month and written notice. The
 * register changes through its event log when the decision takes effect: at
 * once for the current month, else when the payroll of the effective month is
 * built (applyDueDecisions), so the payroll always follows the decisions.
 */
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import { ownTask } from './process-task.js';
import { PROCESS, group } from '../engine/contract.js';
import type { EngineClient } from '../engine/engine-client.js';
import { engineCall } from '../engine/engine-calls.js';
import { Household } from '../entities/household.entity.js';
import { HouseholdMember } from '../entities/household-member.entity.js';
import { Recipient, RecipientEvent } from '../entities/money.entity.js';
import { REVIEW_STATUS_NAMES, RecipientReview, ReviewFrequency, ReviewRound } from '../entities/review.entity.js';
import { Unit } from '../entities/unit.entity.js';
import type { User } from '../entities/user.entity.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { maskName } from '../idcard.js';
import { beijingDateOf } from '../time/beijing.js';
import { parseOrThrow } from '../validation.js';
import { sourceOf } from '../verification/registry.js';
import { groupsOf } from './auth.service.js';
import { unitCovers } from './jurisdiction.service.js';
import { OutboxService, taskCompletionOf, type TaskCompletion } from './outbox.service.js';
import { monthOf } from './payroll.service.js';
import { addMonths } from './standard.service.js';
import { MONTH_RE } from '../../contracts/money.schema.js';
import { reviewDecisionSchema, type reviewQuerySchema, type reviewReportSchema, reviewVisitSchema } from '../../contracts/review.schema.js';
import { RECIPIENT_KIND_NAMES, RECIPIENT_STATUS_NAMES, REPORT_REASON_NAMES, REVIEW_CLASSES, REVIEW_CLASS_NAMES, REVIEW_DECISION_NAMES, type RecipientKind, type RecipientStatus, type ReviewClass } from '../../contracts/kinds.js';

/** Where a user sees reviews: their county (county staff), township or village. */
interface ReviewScope {
  county: string;
  township: string | null;
  village: string | null;
}

/** Who reads reviews: county civil affairs and leadership the county, a township handler the township, a village worker the village. */
export function reviewScope(user: User): ReviewScope {
  const county = user.unitCode.slice(0, 6);
  if ((user.unitCode.length === 6 && user.departmentCode === 'civil') || ['coordinator', 'leader', 'admin'].includes(user.role)) return { county, township: null, village: null };
  if (user.role === 'village' && user.unitCode.length === 12) return { county, township: null, village: user.unitCode };
  if (user.unitCode.length === 9 && (user.departmentCode === 'township' || user.role === 'clerk')) return { county, township: user.unitCode, village: null };
  if (user.role === 'clerk') return { county, township: null, village: null };
  throw new ForbiddenError('REVIEW_FORBIDDEN', '您无权查看定期核查');
}

function inScope(s: ReviewScope, r: { countyCode?: string; townshipCode: string; villageCode: string }): boolean {
  if (r.countyCode && r.countyCode !== s.county) return false;
  if (!r.townshipCode.startsWith(s.county)) return false;
  return (!s.township || r.townshipCode === s.township) && (!s.village || r.villageCode === s.village);
}

/**
 * The recipients of county $1 due for review by month $2: 在保 or 暂停, last review (or start)
 * at least their class's frequency back, none running. Shared by the round and the overview.
 */
export const DUE_RECIPIENTS = `FROM recipient r
           JOIN unit t ON t.code = r.township_code
           LEFT JOIN review_plan p ON p.recipient_id = r.id
           JOIN review_frequency f ON f.review_class = COALESCE(p.review_class, CASE WHEN r.kind = 'tekun' THEN 'tekun' ELSE 'irregular' END)
          WHERE t.parent_code = $1::varchar AND r.status IN ('active', 'suspended')
            AND to_char(to_date(COALESCE(p.last_reviewed_month, r.start_month), 'YYYY-MM') + make_interval(months => f.months), 'YYYY-MM') <= $2::text
            AND NOT EXISTS (SELECT 1 FROM recipient_review x WHERE x.recipient_id = r.id AND x.status = 'running')`;

/** Recipients started at the same time (each start is one REST call; the engine's pool serves a few at once). */
const START_CONCURRENCY = 8;

export class ReviewService {
  constructor(
    private readonly ds: DataSource,
    private readonly engine?: EngineClient,
  ) {}

  private eng(): EngineClient {
    if (!this.engine) throw new Error('ReviewService needs the engine for this action');
    return this.engine;
  }

  /** The process variables of a review's instance: its id, county and the groups of its two user tasks. */
  private static variables(r: Pick<RecipientReview, 'id' | 'countyCode' | 'villageCode'>): Record<string, unknown> {
    return { reviewId: r.id, countyCode: r.countyCode, villageGroup: group.unitRole(r.villageCode, 'village'), civilGroup: group.dept(r.countyCode, 'civil') };
  }

  /**
   * 定期核查: selects, once per county and month, every 在保/暂停 recipient whose
   * last review (or start) lies at least its class's frequency back and that has
   * no review running, writes one review row each (the write-ahead record), then
   * starts their instances. A second start of the same month is refused (409).
   */
  async startRound(countyCode: string, month: string, startedByName: string, now = new Date()): Promise<{ roundId: string; selected: number; started: number }> {
    if (!MONTH_RE.test(month)) throw new BadRequestError('MONTH_INVALID', '月份格式应为 YYYY-MM', 'month');
    if (month > addMonths(monthOf(now), 1)) throw new BadRequestError('MONTH_IN_FUTURE', '最多只能提前启动下个月的定期核查', 'month');
    const { roundId, selected } = await this.ds.transaction(async (em) => {
      if (!(await em.existsBy(Unit, { code: countyCode, level: 'county' }))) throw new BadRequestError('COUNTY_UNKNOWN', '县不存在', 'countyCode');
      const ins = await em.createQueryBuilder().insert().into(ReviewRound).values({ countyCode, month, startedByName }).orIgnore().returning('id').execute();
      const id = (ins.raw as { id: string }[])[0]?.id;
      if (!id) throw new ConflictError('REVIEW_ROUND_EXISTS', `${month} 的定期核查已经启动过，同一月份不能重复启动`);
      const rows = (await em.query(
        `INSERT INTO recipient_review (review_no, recipient_id, household_id, county_code, township_code, village_code, trigger, round_id, started_by_name)
         SELECT 'HC' || replace($2::text, '-', '') || '-' || lpad(nextval('review_no_seq')::text, 7, '0'), r.id, r.household_id, $1::varchar, r.township_code, r.village_code, 'periodic', $3::uuid, $4::varchar
           ${DUE_RECIPIENTS}
          ORDER BY r.township_code, r.village_code, r.id
         ON CONFLICT DO NOTHING
         RETURNING id`,
        [countyCode, month, id, startedByName],
      )) as { id: string }[];
      await em.update(ReviewRound, { id }, { selected: rows.length });
      return { roundId: id, selected: rows.length };
    });
    const started = await this.startPending(roundId);
    return { roundId, selected, started };
  }

  /**
   * Starts the instances of a round's reviews that have none yet, a few at a
   * time. `resume` (a round a crash interrupted) first looks each one up by its
   * business key, so a start whose answer was lost is not made twice. Returns 0
   * at once when another process is starting the same round.
   */
  async startPending(roundId: string, resume = false): Promise<number> {
    const engine = this.eng();
    // One starter per round: a round of a province outlasts the external-task
    // lock of `review.schedule`, so the engine may hand the daily task to a
    // second worker while the first is still starting; the second would then
    // resume the same round beside it and could start a review twice. The lock
    // is held by a connection of its own and goes with it if the process dies.
    const lock = this.ds.createQueryRunner();
    await lock.connect();
    try {
      const [{ ok }] = (await lock.query(`SELECT pg_try_advisory_lock(hashtext('review_round'), hashtext($1)) AS ok`, [roundId])) as { ok: boolean }[];
      if (!ok) return 0;
      try {
        return await this.startUnstarted(engine, roundId, resume);
      } finally {
        await lock.query(`SELECT pg_advisory_unlock(hashtext('review_round'), hashtext($1))`, [roundId]);
      }
    } finally {
      await lock.release();
    }
  }

  private async startUnstarted(engine: EngineClient, roundId: string, resume: boolean): Promise<number> {
    let started = 0;
    for (;;) {
      const batch = await this.ds.getRepository(RecipientReview).find({ select: { id: true, reviewNo: true, countyCode: true, villageCode: true }, where: { roundId, processInstanceId: IsNull() }, order: { reviewNo: 'ASC' }, take: 200 });
      if (!batch.length) break;
      for (let i = 0; i < batch.length; i += START_CONCURRENCY) {
        const chunk = batch.slice(i, i + START_CONCURRENCY);
        const ids = await Promise.all(
          chunk.map(async (r) => {
            if (resume) {
              const [found] = await engineCall(() => engine.instancesByBusinessKey(r.reviewNo));
              if (found) return found.id;
            }
            return (await engineCall(() => engine.startProcess(PROCESS.periodicReview, r.reviewNo, ReviewService.variables(r)))).id;
          }),
        );
        await this.ds.query(`UPDATE recipient_review r SET process_instance_id = v.pid FROM unnest($1::uuid[], $2::text[]) AS v(id, pid) WHERE r.id = v.id`, [chunk.map((r) => r.id), ids]);
        started += chunk.length;
      }
      await this.ds.query(`UPDATE review_round SET started = (SELECT count(*) FROM recipient_review WHERE round_id = $1 AND process_instance_id IS NOT NULL) WHERE id = $1`, [roundId]);
    }
    return started;
  }

  /**
   * 定时启动: from the review day of a month on, starts the month's round once
   * per county with recipients, and finishes rounds a crash left half-started.
   */
  async startDueRounds(reviewDay: number, now = new Date()): Promise<string[]> {
    for (const r of (await this.ds.query(`SELECT id FROM review_round WHERE started < selected`)) as { id: string }[]) await this.startPending(r.id, true);
    if (Number(beijingDateOf(now).slice(8, 10)) < reviewDay) return [];
    const month = monthOf(now);
    const out: string[] = [];
    for (const c of await this.ds.getRepository(Unit).findBy({ level: 'county' })) {
      if (await this.ds.getRepository(ReviewRound).existsBy({ countyCode: c.code, month })) continue;
      try {
        await this.startRound(c.code, month, '定时启动', now);
        out.push(`${c.code}/${month}`);
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    return out;
  }

  /**
   * 情况变化报告: a village worker (own village) or the window (own unit and
   * below) reports a recipient's change; the same review starts at once. One
   * review at a time per recipient.
   */
  async report(user: User, input: z.infer<typeof reviewReportSchema>): Promise<RecipientReview> {
    if (!['village', 'clerk'].includes(user.role)) throw new ForbiddenError('REVIEW_REPORT_FORBIDDEN', '只有村级专干或窗口受理员可以报告在保对象情况变化');
    const r = await this.ds.getRepository(Recipient).findOneBy({ id: input.recipientId });
    if (!r) throw new NotFoundError('RECIPIENT_NOT_FOUND', '在保对象不存在');
    if (user.role === 'village' ? r.villageCode !== user.unitCode : !(await unitCovers(this.ds, user.unitCode, r.villageCode))) {
      throw new ForbiddenError('REVIEW_OUTSIDE_JURISDICTION', user.role === 'village' ? '只能报告本村在保对象的情况变化' : '只能报告本辖区在保对象的情况变化');
    }
    if (r.status === 'terminated') throw new ConflictError('RECIPIENT_TERMINATED', '该对象已停止保障，无需核查');
    if (await this.ds.getRepository(RecipientReview).existsBy({ recipientId: r.id, status: 'running' })) throw new ConflictError('REVIEW_RUNNING', '该对象正在核查中，请在当前核查中反映情况');
    const county = r.townshipCode.slice(0, 6);
    const [{ n }] = (await this.ds.query(`SELECT nextval('review_no_seq') AS n`)) as { n: string }[];
    const reviewNo = `HC${monthOf(new Date()).replace('-', '')}-${String(n).padStart(7, '0')}`;
    try {
      return await new OutboxService(this.ds, this.eng()).startProcess(PROCESS.periodicReview, reviewNo, 'review', async (em, start) => {
        const row = await em.save(
          em.create(RecipientReview, {
            reviewNo,
            recipientId: r.id,
            householdId: r.householdId,
            countyCode: county,
            townshipCode: r.townshipCode,
            villageCode: r.villageCode,
            trigger: 'report',
            roundId: null,
            reportReason: input.reason,
            reportNote: input.note,
            startedByName: user.displayName,
            status: 'running',
          }),
        );
        const inst = await engineCall(() => start(ReviewService.variables(row)));
        await em.update(RecipientReview, { id: row.id }, { processInstanceId: inst.id });
        return em.findOneByOrFail(RecipientReview, { id: row.id });
      });
    } catch (err) {
      // Two reports at once: the partial unique index lets one in.
      if ((err as { code?: string }).code === '23505') throw new ConflictError('REVIEW_RUNNING', '该对象正在核查中，请在当前核查中反映情况');
      throw err;
    }
  }

  /** 复核 (worker): asks every configured verification source about the household now and keeps the per-capita income. */
  async verify(reviewId: string, sources: string[]): Promise<{ perCapitaFen: number; flags: number }> {
    const review = await this.ds.getRepository(RecipientReview).findOneByOrFail({ id: reviewId });
    if (review.verificationSummary !== null) return { perCapitaFen: review.verifiedPerCapitaFen ?? 0, flags: 0 };
    const h = await this.ds.getRepository(Household).findOneByOrFail({ id: review.householdId });
    const members = await this.ds.getRepository(HouseholdMember).findBy({ householdId: h.id });
    const snapshot = { householdId: h.id, unitCode: h.unitCode, declaredMonthlyIncomeFen: h.monthlyIncomeFen, members: members.map((m) => ({ name: m.name, idNumber: m.idNumber, relation: m.relation })) };
    const findings = await Promise.all(sources.map(async (s) => ({ name: sourceOf(s).name, f: await sourceOf(s).query(snapshot) })));
    const size = Math.max(1, members.length);
    const total = findings.reduce((sum, x) => sum + x.f.monthlyIncomeFen, 0);
    const perCapita = Math.floor(total / size);
    const flags = findings.flatMap((x) => [...x.f.flags, ...x.f.assets.map((a) => `${x.name}发现${{ vehicle: '机动车', property: '房产', deposits: '大额存款' }[a]}`)]);
    const summary = `复核：家庭 ${size} 人，月总收入 ${(total / 100).toFixed(2)} 元，月人均 ${(perCapita / 100).toFixed(2)} 元；${flags.length ? `需关注：${flags.join('；')}` : '各数据源未发现异常'}`;
    await this.ds.getRepository(RecipientReview).update({ id: reviewId }, { verifiedPerCapitaFen: perCapita, verificationSummary: summary });
    return { perCapitaFen: perCapita, flags: flags.length };
  }

  /** A review the user may see (404 otherwise). */
  async reviewFor(user: User, id: string): Promise<RecipientReview> {
    const s = reviewScope(user);
    const r = /^[0-9a-f-]{36}$/i.test(id) ? await this.ds.getRepository(RecipientReview).findOneBy({ id }) : null;
    if (!r || !inScope(s, r)) throw new NotFoundError('REVIEW_NOT_FOUND', '核查不存在');
    return r;
  }

  /**
   * 入户复查 / 民政决定: completes the review's open task the user may act on,
   * through the outbox (the form's record, the task fact and the engine's
   * completion in one transaction).
   */
  async completeTask(user: User, reviewId: string, taskId: string, body: unknown): Promise<{ status: string }> {
    const review = await this.reviewFor(user, reviewId);
    const engine = this.eng();
    const {
      task,
      fact: { candidateGroups },
    } = await ownTask(engine, user, taskId, PROCESS.periodicReview, async (t) => t.processInstanceId === review.processInstanceId);
    // Refuse bad input before the write-ahead row (the form parses again inside the transaction).
    await this.checkForm(review, task.taskDefinitionKey, body);
    await new OutboxService(this.ds, engine).completeTask('review.complete', user, await taskCompletionOf(engine, task, candidateGroups, body));
    const after = await this.ds.getRepository(RecipientReview).findOneByOrFail({ id: reviewId });
    return { status: after.status };
  }

  private async checkForm(review: RecipientReview, taskKey: string, body: unknown): Promise<void> {
    if (taskKey === 'Task_ReviewVisit') {
      parseOrThrow(reviewVisitSchema, body, '入户复查');
      return;
    }
    if (taskKey !== 'Task_ReviewDecision') throw new NotFoundError('TASK_NOT_FOUND', '任务不存在或已办结');
    const input = parseOrThrow(reviewDecisionSchema, body, '核查结论');
    const recipient = await this.ds.getRepository(Recipient).findOneByOrFail({ id: review.recipientId });
    await this.checkEffectiveMonth(this.ds.manager, recipient, input.effectiveMonth);
  }

  /** The effective month must come after the last month already paid (or sent to the bank) for the household. */
  private async checkEffectiveMonth(em: EntityManager, r: Recipient, month: string): Promise<void> {
    const [{ last }] = (await em.query(`SELECT max(month) AS last FROM payment_line WHERE recipient_id = $1 AND source = 'payroll'`, [r.id])) as { last: string | null }[];
    if (last && month <= last) throw new BadRequestError('REVIEW_EFFECTIVE_BEFORE_PAID', `生效月份不能早于或等于已发放的最后月份（${last}），请从 ${addMonths(last, 1)} 起生效`, 'effectiveMonth');
    if (month < r.startMonth) throw new BadRequestError('REVIEW_EFFECTIVE_BEFORE_START', `生效月份不能早于纳入保障的月份（${r.startMonth}）`, 'effectiveMonth');
  }

  /** Writes a review task's record (called by the outbox in the completion's transaction); returns the engine variables. */
  static async recordCompletion(em: EntityManager, user: User, c: TaskCompletion, now = new Date()): Promise<Record<string, unknown>> {
    const review = await em.getRepository(RecipientReview).findOne({ where: { processInstanceId: c.processInstanceId }, lock: { mode: 'pessimistic_write' } });
    if (!review) throw new NotFoundError('REVIEW_NOT_FOUND', '核查不存在');
    if (c.taskKey === 'Task_ReviewVisit') {
      const input = parseOrThrow(reviewVisitSchema, c.input, '入户复查');
      await em.update(RecipientReview, { id: review.id }, { visitFindings: input.findings, visitSuggestsChange: input.suggestsChange, visitedBy: user.displayName });
      return { visitSuggestsChange: input.suggestsChange };
    }
    const input = parseOrThrow(reviewDecisionSchema, c.input, '核查结论');
    const r = await em.getRepository(Recipient).findOne({ where: { id: review.recipientId }, lock: { mode: 'pessimistic_write' } });
    if (!r) throw new NotFoundError('RECIPIENT_NOT_FOUND', '在保对象不存在');
    await new ReviewService(em.connection).checkEffectiveMonth(em, r, input.effectiveMonth);
    await em.update(
      RecipientReview,
      { id: review.id },
      {
        status: 'decided',
        decision: input.decision,
        decisionReason: input.reason,
        effectiveMonth: input.effectiveMonth,
        newPerCapitaFen: input.perCapitaIncomeYuan === undefined ? null : Math.round(input.perCapitaIncomeYuan * 100),
        newHouseholdSize: input.householdSize ?? null,
        decidedBy: user.displayName,
        decidedAt: now,
      },
    );
    const cls: ReviewClass = input.reviewClass ?? (r.kind === 'tekun' ? 'tekun' : 'irregular');
    await em.query(
      `INSERT INTO review_plan (recipient_id, review_class, last_reviewed_month) VALUES ($1, $2, $3)
       ON CONFLICT (recipient_id) DO UPDATE SET review_class = COALESCE($4, review_plan.review_class), last_reviewed_month = EXCLUDED.last_reviewed_month`,
      [r.id, cls, monthOf(now), input.reviewClass ?? null],
    );
    // A decision for this month (nothing paid for it yet, checked above) changes the register now.
    if (input.effectiveMonth <= monthOf(now)) await applyDecisions(em, { reviewId: review.id });
    return { reviewDecision: input.decision };
  }

  /** 核查列表: the reviews in the user's scope, newest first, with the household (masked) and the open step. */
  async list(user: User, q: z.infer<typeof reviewQuerySchema>) {
    const s = reviewScope(user);
    const qb = this.ds
      .getRepository(RecipientReview)
      .createQueryBuilder('v')
      .innerJoin(Recipient, 'r', 'r.id = v.recipient_id')
      .innerJoin(Household, 'h', 'h.id = v.household_id')
      .select([
        'v.id AS id',
        'v.review_no AS "reviewNo"',
        'v.trigger AS trigger',
        'v.status AS status',
        'v.decision AS decision',
        'v.effective_month AS "effectiveMonth"',
        'v.created_at AS "createdAt"',
        'v.decided_at AS "decidedAt"',
        'v.report_reason AS "reportReason"',
        'v.township_code AS "townshipCode"',
        'v.village_code AS "villageCode"',
        'r.kind AS kind',
        'r.status AS "recipientStatus"',
        'h.household_no AS "householdNo"',
        'h.head_name AS "headName"',
      ])
      .where('v.county_code = :county', { county: s.county });
    if (s.township) qb.andWhere('v.township_code = :t', { t: s.township });
    if (s.village) qb.andWhere('v.village_code = :v', { v: s.village });
    if (q.status) qb.andWhere('v.status = :status', { status: q.status });
    if (q.recipientId) qb.andWhere('v.recipient_id = :rid', { rid: q.recipientId });
    const total = await qb.getCount();
    const rows = await qb
      .orderBy('v.created_at', 'DESC')
      .addOrderBy('v.review_no', 'DESC')
      .offset((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .getRawMany<Record<string, any>>();
    const units = await this.unitNames();
    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
        reviewNo: r.reviewNo,
        trigger: r.trigger,
        triggerName: r.trigger === 'periodic' ? '定期核查' : `情况变化报告：${REPORT_REASON_NAMES[r.reportReason as keyof typeof REPORT_REASON_NAMES] ?? ''}`,
        status: r.status,
        statusName: REVIEW_STATUS_NAMES[r.status as keyof typeof REVIEW_STATUS_NAMES],
        decisionName: r.decision ? REVIEW_DECISION_NAMES[r.decision as keyof typeof REVIEW_DECISION_NAMES] : null,
        effectiveMonth: r.effectiveMonth,
        householdNo: r.householdNo,
        headName: maskName(r.headName),
        kindName: RECIPIENT_KIND_NAMES[r.kind as RecipientKind],
        recipientStatusName: RECIPIENT_STATUS_NAMES[r.recipientStatus as RecipientStatus],
        township: units.get(r.townshipCode) ?? r.townshipCode,
        village: units.get(r.villageCode) ?? r.villageCode,
        createdAt: r.createdAt,
        decidedAt: r.decidedAt,
      })),
    };
  }

  private async unitNames(): Promise<Map<string, string>> {
    return new Map((await this.ds.getRepository(Unit).find({ select: { code: true, name: true } })).map((u) => [u.code, u.name]));
  }

  /** 核查详情: the review with its verification, visit, decision, notice and the user's open task. */
  async get(user: User, id: string) {
    const v = await this.reviewFor(user, id);
    const r = await this.ds.getRepository(Recipient).findOneByOrFail({ id: v.recipientId });
    const h = await this.ds.getRepository(Household).findOneByOrFail({ id: v.householdId });
    const units = await this.unitNames();
    let tasks: { taskId: string; taskKey: string; name: string; due: string | null; mine: boolean }[] = [];
    if (v.status === 'running' && v.processInstanceId && this.engine) {
      const engine = this.engine;
      const open = await engineCall(() => engine.queryTasks({ processInstanceId: v.processInstanceId }, 0, 10));
      const mine = groupsOf(user);
      tasks = await Promise.all(
        open.map(async (t) => {
          const links = await engineCall(() => engine.identityLinks(t.id));
          return { taskId: t.id, taskKey: t.taskDefinitionKey, name: t.name ?? '', due: t.due, mine: t.assignee === user.id || (!t.assignee && links.some((l) => l.type === 'candidate' && !!l.groupId && mine.includes(l.groupId))) };
        }),
      );
    }
    const [{ last }] = (await this.ds.query(`SELECT max(month) AS last FROM payment_line WHERE recipient_id = $1 AND source = 'payroll'`, [r.id])) as { last: string | null }[];
    return {
      id: v.id,
      reviewNo: v.reviewNo,
      trigger: v.trigger,
      status: v.status,
      statusName: REVIEW_STATUS_NAMES[v.status],
      reportReasonName: v.reportReason ? REPORT_REASON_NAMES[v.reportReason] : null,
      reportNote: v.reportNote,
      startedByName: v.startedByName,
      household: { householdNo: h.householdNo, headName: maskName(h.headName), township: units.get(v.townshipCode) ?? v.townshipCode, village: units.get(v.villageCode) ?? v.villageCode },
      recipient: {
        id: r.id,
        kindName: RECIPIENT_KIND_NAMES[r.kind],
        statusName: RECIPIENT_STATUS_NAMES[r.status],
        amountYuan: r.monthlyAmountFen / 100,
        householdSize: r.householdSize,
        perCapitaIncomeYuan: r.perCapitaIncomeFen / 100,
        startMonth: r.startMonth,
        lastPaidMonth: last,
      },
      verification: v.verificationSummary ? { summary: v.verificationSummary, perCapitaIncomeYuan: (v.verifiedPerCapitaFen ?? 0) / 100 } : null,
      visit: v.visitFindings ? { findings: v.visitFindings, suggestsChange: v.visitSuggestsChange, by: v.visitedBy } : null,
      decision: v.decision
        ? {
            decision: v.decision,
            name: REVIEW_DECISION_NAMES[v.decision],
            reason: v.decisionReason,
            effectiveMonth: v.effectiveMonth,
            by: v.decidedBy,
            at: v.decidedAt,
            applied: v.appliedAt !== null,
            perCapitaIncomeYuan: v.newPerCapitaFen === null ? null : v.newPerCapitaFen / 100,
            householdSize: v.newHouseholdSize,
          }
        : null,
      tasks,
      decisions: REVIEW_DECISION_NAMES,
      classes: REVIEW_CLASS_NAMES,
    };
  }

  /** 核查结论告知书: the written notice to the household (printable), once decided. */
  async notice(user: User, id: string) {
    const v = await this.reviewFor(user, id);
    const d = await this.get(user, id);
    if (!d.decision) throw new ConflictError('REVIEW_NOT_DECIDED', '核查尚未作出决定，暂无告知书');
    const county = await this.ds.getRepository(Unit).findOneBy({ code: v.countyCode });
    return {
      title: '社会救助核查结论告知书',
      countyName: county?.name ?? '',
      reviewNo: d.reviewNo,
      household: d.household,
      kindName: d.recipient.kindName,
      decisionName: d.decision.name,
      reason: d.decision.reason,
      effectiveMonth: d.decision.effectiveMonth,
      decidedBy: d.decision.by,
      decidedAt: d.decision.at,
      body:
        d.decision.decision === 'stop'
          ? `经核查，你户自 ${d.decision.effectiveMonth} 起停止享受${d.recipient.kindName}（退出保障范围）。`
          : d.decision.decision === 'suspend'
            ? `经核查，你户${d.recipient.kindName}自 ${d.decision.effectiveMonth} 起暂停发放。`
            : d.decision.decision === 'adjust'
              ? `经核查，你户${d.recipient.kindName}保障金额自 ${d.decision.effectiveMonth} 起按核定情况调整。`
              : `经核查，你户继续享受${d.recipient.kindName}。`,
      appeal: '如对本决定有异议，可自收到本告知书之日起 60 日内向上一级民政部门申请行政复议，或在 6 个月内向人民法院提起行政诉讼。',
    };
  }

  /** Recipients a user may report (their village / unit), with masked names, for the report form. */
  async reportable(user: User) {
    const s = reviewScope(user);
    const qb = this.ds
      .getRepository(Recipient)
      .createQueryBuilder('r')
      .innerJoin(Household, 'h', 'h.id = r.household_id')
      .select(['r.id AS id', 'r.kind AS kind', 'r.status AS status', 'h.household_no AS "householdNo"', 'h.head_name AS "headName"', 'r.village_code AS "villageCode"'])
      .where(`r.status IN ('active', 'suspended')`)
      .andWhere('r.township_code LIKE :c', { c: `${s.county}%` });
    if (s.township) qb.andWhere('r.township_code = :t', { t: s.township });
    if (s.village) qb.andWhere('r.village_code = :v', { v: s.village });
    const rows = await qb.orderBy('h.household_no').limit(500).getRawMany<Record<string, string>>();
    const units = await this.unitNames();
    return { items: rows.map((r) => ({ id: r.id, householdNo: r.householdNo, headName: maskName(r.headName!), kindName: RECIPIENT_KIND_NAMES[r.kind as RecipientKind], village: units.get(r.villageCode!) ?? r.villageCode })) };
  }

  /** 定期核查 overview: the frequencies and this county's rounds. */
  async overview(user: User) {
    const s = reviewScope(user);
    const freq = await this.ds.getRepository(ReviewFrequency).find({ order: { months: 'DESC' } });
    const rounds = await this.ds.getRepository(ReviewRound).find({ where: { countyCode: s.county }, order: { month: 'DESC' }, take: 24 });
    const [{ due }] = (await this.ds.query(`SELECT count(*)::int AS due ${DUE_RECIPIENTS}`, [s.county, monthOf(new Date())])) as { due: number }[];
    return {
      /** Due by this month and not under review (county-wide; the next round starts them). */
      dueNow: due,
      frequencies: freq.map((f) => ({ reviewClass: f.reviewClass, name: REVIEW_CLASS_NAMES[f.reviewClass], months: f.months, updatedBy: f.updatedBy, updatedAt: f.updatedAt })),
      rounds: rounds.map((r) => ({ id: r.id, month: r.month, startedByName: r.startedByName, selected: r.selected, started: r.started, createdAt: r.createdAt })),
      reportReasons: REPORT_REASON_NAMES,
    };
  }

  /** 核查频次 of a class (admins). */
  async setFrequency(reviewClass: string, months: number, by: string): Promise<void> {
    if (!(REVIEW_CLASSES as readonly string[]).includes(reviewClass)) throw new NotFoundError('REVIEW_CLASS_UNKNOWN', '核查分类不存在');
    await this.ds.getRepository(ReviewFrequency).update({ reviewClass: reviewClass as ReviewClass }, { months, updatedBy: by, updatedAt: new Date() });
  }
}

/**
 * Applies decided reviews to the register, each once, with an event in the
 * recipient's log: the one review given, or every decision of a county whose
 * effective month has come (the payroll of `month` calls this before it
 * builds its roster, so it pays what was decided).
 */
export async function applyDecisions(em: EntityManager, which: { reviewId: string } | { countyCode: string; month: string }): Promise<number> {
  const rows = (await em.query(
    'reviewId' in which
      ? `SELECT * FROM recipient_review WHERE id = $1 AND decided_at IS NOT NULL AND applied_at IS NULL FOR UPDATE`
      : `SELECT * FROM recipient_review WHERE county_code = $1 AND effective_month <= $2 AND decided_at IS NOT NULL AND applied_at IS NULL ORDER BY decided_at FOR UPDATE`,
    'reviewId' in which ? [which.reviewId] : [which.countyCode, which.month],
  )) as Record<string, any>[];
  for (const v of rows) {
    const r = await em.getRepository(Recipient).findOne({ where: { id: v.recipient_id }, lock: { mode: 'pessimistic_write' } });
    if (!r) continue;
    const actorName = v.decided_by as string;
    const reason = `${v.review_no} ${REVIEW_DECISION_NAMES[v.decision as keyof typeof REVIEW_DECISION_NAMES]}（${v.effective_month} 起）：${v.decision_reason}`;
    const dedupKey = `review:${v.id}`;
    if (r.status !== 'terminated') {
      if (v.decision === 'stop' || v.decision === 'suspend') {
        const to: RecipientStatus = v.decision === 'stop' ? 'terminated' : 'suspended';
        if (to !== r.status) {
          await em.update(Recipient, { id: r.id }, { status: to });
          await em.insert(RecipientEvent, { recipientId: r.id, kind: 'status_changed', fromStatus: r.status, toStatus: to, actorId: null, actorName, reason, dedupKey });
        }
      } else if (v.decision === 'continue' && r.status === 'suspended') {
        await em.update(Recipient, { id: r.id }, { status: 'active' });
        await em.insert(RecipientEvent, { recipientId: r.id, kind: 'status_changed', fromStatus: 'suspended', toStatus: 'active', actorId: null, actorName, reason, dedupKey });
      } else if (v.decision === 'adjust') {
        const perCapita = v.new_per_capita_fen ?? r.perCapitaIncomeFen;
        const size = v.new_household_size ?? r.householdSize;
        const amount = await amountAt(em, r, v.effective_month, perCapita, size);
        await em.update(
          Recipient,
          { id: r.id },
          {
            perCapitaIncomeFen: perCapita,
            householdSize: size,
            monthlyAmountFen: amount,
            status: r.status === 'suspended' ? 'active' : r.status,
            computation: `${r.computation}；${v.review_no} 核定月人均收入 ${(perCapita / 100).toFixed(2)} 元、保障 ${size} 人，${v.effective_month} 起`,
          },
        );
        await em.insert(RecipientEvent, { recipientId: r.id, kind: 'amount_changed', fromAmountFen: r.monthlyAmountFen, toAmountFen: amount, actorId: null, actorName, reason, dedupKey });
      }
    }
    await em.query(`UPDATE recipient_review SET applied_at = now() WHERE id = $1`, [v.id]);
  }
  return rows.length;
}

/** The monthly amount at the standards in force for `month` (the payroll computes it the same way). */
async function amountAt(em: EntityManager, r: Recipient, month: string, perCapitaFen: number, size: number): Promise<number> {
  const county = r.townshipCode.slice(0, 6);
  const std = async (kind: string) => {
    const [row] = (await em.query(`SELECT amount_fen FROM assistance_standard WHERE county_code = $1 AND kind = $2 AND effective_month <= $3 ORDER BY effective_month DESC LIMIT 1`, [county, kind, month])) as { amount_fen: number }[];
    return row?.amount_fen ?? 0;
  };
  if (r.kind === 'tekun') return ((await std('tekun_basic')) + (r.careLevel ? await std(`tekun_care_${r.careLevel}`) : 0)) * size;
  return Math.max(0, (await std(r.kind)) - perCapitaFen) * size;
}
