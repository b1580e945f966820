/**
 * 月度资金发放: one payroll per county and month, driven by the monthly-payroll
 * process — the roster (发放名册) built from the register at the standards in
 * force, reviewed by civil affairs and finance, sent to the bank per township,
 * the bank's return imported, failures handed to the township, month closed.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { claimOwn, ownTask } from './process-task.js';
import { PROCESS, MESSAGE, countyCodeOf } from '../engine/contract.js';
import type { EngineClient } from '../engine/engine-client.js';
import { engineCall, taskActionInEngine } from '../engine/engine-calls.js';
import { Household } from '../entities/household.entity.js';
import { PAYROLL_STATUS_NAMES, PaymentLine, PayrollRun, RESOLUTION_NAMES, type PayrollStatus } from '../entities/money.entity.js';
import { Unit } from '../entities/unit.entity.js';
import type { User } from '../entities/user.entity.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, RecordNotFoundError } from '../errors.js';
import { beijingDateOf } from '../time/beijing.js';
import { maskName } from '../idcard.js';
import { parseOrThrow } from '../validation.js';
import { groupsOf } from './auth.service.js';
import { OutboxService, taskCompletionOf, type TaskCompletion } from './outbox.service.js';
import { addMonths, standardInForce } from './standard.service.js';
import { applyDecisions } from './review.service.js';
import { MONTH_RE, failureResolutionSchema, payrollReviewSchema } from '../../contracts/money.schema.js';
import { STANDARD_KINDS } from '../../contracts/kinds.js';

/** 发放编号 of a county's month: FF-<county>-<YYYY-MM>, the process instance's business key. */
export function runNoOf(countyCode: string, month: string): string {
  return `FF-${countyCode}-${month}`;
}

/** The Beijing month (YYYY-MM) of an instant. */
export function monthOf(now: Date): string {
  return beijingDateOf(now).slice(0, 7);
}

/** The run's status after a review: 民政 approves to 财政 or sends back to the roster; 财政 allocates or sends back to 民政. */
function reviewOutcome(taskKey: string, approved: boolean): PayrollStatus {
  if (taskKey === 'Task_PayrollCivilReview') return approved ? 'finance_review' : 'building';
  return approved ? 'at_bank' : 'civil_review';
}

/** The status a run is in while the review task is open. */
const REVIEW_STATUS: Record<string, PayrollStatus> = { Task_PayrollCivilReview: 'civil_review', Task_PayrollFinanceReview: 'finance_review' };

/**
 * The records of a payroll task's completion — the review opinion and the run's new status, or
 * the township's resolution of each failed line — written in the transaction that completes the
 * engine task (called by the engine outbox, live or by its reconciler; `afterEngine` when the
 * engine completed the task before a crash and only the records are missing). Returns the
 * process variables.
 */
export async function recordPayrollCompletion(em: EntityManager, user: User, c: TaskCompletion, afterEngine = false): Promise<Record<string, unknown>> {
  const run = await em.findOne(PayrollRun, { where: { processInstanceId: c.processInstanceId }, lock: { mode: 'pessimistic_write' } });
  if (!run) throw new Error(`no payroll run for process instance ${c.processInstanceId}`);
  if (c.taskKey === 'Task_HandleFailures') {
    const input = parseOrThrow(failureResolutionSchema, c.input, '失败处理');
    const township = c.candidateGroups.map((g) => /^unit:(\d+):/.exec(g)?.[1]).find(Boolean);
    if (!township) throw new Error(`task ${c.taskId} has no township group`);
    const failed = await em.getRepository(PaymentLine).find({ where: { runId: run.id, townshipCode: township, status: 'failed' }, lock: { mode: 'pessimistic_write' } });
    const open = failed.filter((l) => !l.resolution);
    const byId = new Map(input.items.map((i) => [i.lineId, i]));
    if (byId.size !== input.items.length) throw new BadRequestError('RESOLUTION_DUPLICATE', '同一笔明细只能处理一次', 'items');
    for (const i of input.items) if (!open.some((l) => l.id === i.lineId)) throw new BadRequestError('RESOLUTION_LINE_UNKNOWN', `明细 ${i.lineId} 不是本乡镇待处理的失败明细`, 'items');
    const missing = open.filter((l) => !byId.has(l.id));
    if (missing.length) throw new BadRequestError('RESOLUTION_INCOMPLETE', `还有 ${missing.length} 笔失败明细未填写处理方式`, 'items');
    for (const l of open) {
      const i = byId.get(l.id)!;
      await em.update(PaymentLine, { id: l.id }, { resolution: i.resolution, resolutionNote: i.note, resolvedBy: user.displayName });
      if (i.newCardNo) {
        const h = await em.findOneByOrFail(Household, { id: l.householdId });
        h.bankCardNo = i.newCardNo;
        await em.save(h);
      }
    }
    return {};
  }
  const expected = REVIEW_STATUS[c.taskKey];
  if (!expected) throw new Error(`task ${c.taskId} is not a payroll task (${c.taskKey})`);
  const input = parseOrThrow(payrollReviewSchema, c.input, '审核意见');
  const next = reviewOutcome(c.taskKey, input.approved);
  // After the engine moved on, a worker may already have moved the run (the roster rebuilt): only a run still at this review follows.
  const moved = await em.update(PayrollRun, { id: run.id, status: expected }, { status: next, ...(next === 'at_bank' && afterEngine ? { paymentDate: run.paymentDate ?? new Date() } : {}) });
  if (!moved.affected && !afterEngine) throw new ConflictError('PAYROLL_STATE_CHANGED', '发放批次已不在该审核环节，请刷新后重试');
  await em.query(
    `INSERT INTO payroll_event (run_id, step, approved, actor_id, actor_name, opinion, task_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (task_id) WHERE task_id IS NOT NULL DO NOTHING`,
    [run.id, c.taskName, input.approved, user.id, user.displayName, input.opinion, c.taskId],
  );
  return { approved: input.approved };
}

/** Who may open payroll pages: county civil affairs and finance, leadership, of their own county; a township its own part. */
export function payrollScope(user: User): { county: string; township: string | null } {
  const county = countyCodeOf(user.unitCode);
  if (['civil', 'finance', 'gov'].includes(user.departmentCode) || ['coordinator', 'leader', 'admin'].includes(user.role)) return { county, township: null };
  if (user.unitCode.length === 9 && ['township', 'town_finance'].includes(user.departmentCode)) return { county, township: user.unitCode };
  throw new ForbiddenError('PAYROLL_FORBIDDEN', '您无权查看资金发放');
}

export class PayrollService {
  constructor(
    private readonly ds: DataSource,
    private readonly engine?: EngineClient,
  ) {}

  private eng(): EngineClient {
    if (!this.engine) throw new Error('PayrollService needs the engine for this action');
    return this.engine;
  }

  /**
   * Starts the payroll of a month, once: the run row is unique per county and
   * month, so a second start (by hand or by the timer) is refused with 409 and
   * nothing is started. The row and the process instance go together.
   */
  async start(countyCode: string, month: string, startedByName: string, now = new Date()): Promise<PayrollRun> {
    if (!MONTH_RE.test(month)) throw new BadRequestError('MONTH_INVALID', '月份格式应为 YYYY-MM', 'month');
    if (month > addMonths(monthOf(now), 1)) throw new BadRequestError('MONTH_IN_FUTURE', '最多只能提前启动下个月的发放', 'month');
    const runNo = runNoOf(countyCode, month);
    // Through the engine outbox: the run row and the instance commit together, or a crash's instance is removed.
    return new OutboxService(this.ds, this.eng()).startProcess(PROCESS.monthlyPayroll, runNo, 'payroll', async (em, startInstance) => {
      const county = await em.findOneBy(Unit, { code: countyCode, level: 'county' });
      if (!county) throw new BadRequestError('COUNTY_UNKNOWN', '县不存在', 'countyCode');
      const ins = await em.createQueryBuilder().insert().into(PayrollRun).values({ runNo, countyCode, month, status: 'building', startedByName }).orIgnore().returning('id').execute();
      const id = (ins.raw as { id: string }[])[0]?.id;
      if (!id) throw new ConflictError('PAYROLL_MONTH_EXISTS', `${month} 的发放已经启动过，同一月份不能重复发放`);
      const inst = await startInstance({ payrollRunId: id, payrollMonth: month, countyCode });
      await em.update(PayrollRun, { id }, { processInstanceId: inst.id });
      return em.findOneByOrFail(PayrollRun, { id });
    });
  }

  /**
   * 定时启动: from the payment day of a month on, starts the month once for
   * every county that has standards (a day missed while the platform was down
   * is caught up the next day). Returns the run numbers started.
   */
  async startDueMonths(payrollDay: number, now = new Date()): Promise<string[]> {
    const day = Number(beijingDateOf(now).slice(8, 10));
    if (day < payrollDay) return [];
    const month = monthOf(now);
    const counties = await this.ds.getRepository(Unit).findBy({ level: 'county' });
    const out: string[] = [];
    for (const c of counties) {
      if (await this.ds.getRepository(PayrollRun).existsBy({ countyCode: c.code, month })) continue;
      if (!(await standardInForce(this.ds.manager, c.code, 'dibao_rural', month)) && !(await standardInForce(this.ds.manager, c.code, 'dibao_urban', month))) continue;
      try {
        out.push((await this.start(c.code, month, '定时启动', now)).runNo);
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    return out;
  }

  /**
   * 生成发放名册: one line per 在保 recipient of the county whose payment has
   * started, at the standards in force for the month (a register amount that
   * the standard changed is updated, with an event); the re-issues the
   * townships asked for; temporary payments not yet sent. Rebuilding (after
   * 民政 sent it back) replaces the lines not yet sent.
   */
  async build(runId: string): Promise<{ lines: number; amountFen: number }> {
    return this.ds.transaction(async (em) => {
      const run = await em.getRepository(PayrollRun).findOne({ where: { id: runId }, lock: { mode: 'pessimistic_write' } });
      // The start commits the run with its instance: the worker may see the task a moment before the row (it waits and retries).
      if (!run) throw new RecordNotFoundError('payroll run', runId);
      // Only a run being built is built: 民政 sending the roster back sets 'building' again. A build task the
      // engine delivers again (its lock expired during a long build) finds the roster done and returns its totals.
      if (run.status !== 'building') return this.totals(em, runId);
      // 定期核查: decisions effective by this month change the register before the roster is read.
      await applyDecisions(em, { countyCode: run.countyCode, month: run.month });
      for (const kind of STANDARD_KINDS) {
        if (kind.startsWith('dibao') && !(await standardInForce(em, run.countyCode, kind, run.month))) {
          // A county may have only one kind of 低保; only recipients of a missing kind are a fault.
          const [{ n }] = (await em.query(`SELECT count(*)::int AS n FROM recipient r JOIN unit t ON t.code = r.township_code WHERE t.parent_code = $1 AND r.kind = $2 AND r.status = 'active'`, [run.countyCode, kind])) as { n: number }[];
          if (n > 0) throw new Error(`县 ${run.countyCode} 没有 ${run.month} 适用的 ${kind} 标准，不能生成名册`);
        }
      }
      await em.query(`UPDATE payment_line SET run_id = NULL WHERE run_id = $1 AND source IN ('temporary', 'campaign', 'price_subsidy') AND status = 'instructed'`, [runId]);
      await em.query(`DELETE FROM payment_line WHERE run_id = $1 AND status = 'instructed'`, [runId]);
      const params = [run.countyCode, run.month];
      // Amounts at the standards in force: 低保 (standard − per-capita income) × size, 特困 (basic + care) × size.
      const calc = `
        WITH std AS (
          SELECT DISTINCT ON (kind) kind, amount_fen FROM assistance_standard
          WHERE county_code = $1 AND effective_month <= $2 ORDER BY kind, effective_month DESC
        ), calc AS (
          SELECT r.id, r.household_id, r.kind, r.township_code, r.village_code, r.monthly_amount_fen AS old_amount,
            CASE WHEN r.kind = 'tekun'
              THEN ((SELECT amount_fen FROM std WHERE kind = 'tekun_basic') + COALESCE((SELECT amount_fen FROM std WHERE kind = 'tekun_care_' || r.care_level), 0)) * r.household_size
              ELSE GREATEST(0, (SELECT amount_fen FROM std WHERE std.kind = r.kind) - r.per_capita_income_fen) * r.household_size
            END AS amount
          FROM recipient r JOIN unit t ON t.code = r.township_code
          WHERE t.parent_code = $1 AND r.status = 'active' AND r.start_month <= $2
        )`;
      // The register follows the standard: changed amounts are updated with an event each.
      await em.query(
        `${calc}, changed AS (
           UPDATE recipient r SET monthly_amount_fen = c.amount, updated_at = now(),
             computation = r.computation || '；' || $2 || ' 起按当月执行标准重算'
           FROM calc c WHERE r.id = c.id AND c.amount IS NOT NULL AND c.amount <> c.old_amount
           RETURNING r.id, c.old_amount, c.amount)
         INSERT INTO recipient_event (recipient_id, kind, from_amount_fen, to_amount_fen, actor_name, reason, dedup_key)
         SELECT id, 'amount_changed', old_amount, amount, '系统', $2 || ' 执行新标准，月发放金额按标准重算', $3 || ':' || id FROM changed
         ON CONFLICT (dedup_key) DO NOTHING`,
        [...params, `standard:${runId}`],
      );
      await em.query(
        `${calc}
         INSERT INTO payment_line (run_id, month, source, household_id, recipient_id, kind, township_code, village_code, amount_fen)
         SELECT $3::uuid, $2, 'payroll', household_id, id, kind, township_code, village_code, amount FROM calc WHERE amount > 0
         ON CONFLICT DO NOTHING`,
        [...params, runId],
      );
      // 补发: failed lines a township chose to pay again, not yet re-issued.
      await em.query(
        `INSERT INTO payment_line (run_id, month, source, household_id, recipient_id, kind, township_code, village_code, amount_fen, reissue_of)
         SELECT $2, f.month, 'reissue', f.household_id, f.recipient_id, f.kind, f.township_code, f.village_code, f.amount_fen, f.id
         FROM payment_line f JOIN unit t ON t.code = f.township_code
         WHERE t.parent_code = $1 AND f.status = 'failed' AND f.resolution = 'reissue'
           AND NOT EXISTS (SELECT 1 FROM payment_line x WHERE x.reissue_of = f.id)
         ON CONFLICT DO NOTHING`,
        [run.countyCode, runId],
      );
      // 临时救助, 冬春救助 and 价格临时补贴 payments of the county not sent yet go out with this month's bank files.
      await em.query(
        `UPDATE payment_line l SET run_id = $2 FROM unit t
         WHERE t.code = l.township_code AND t.parent_code = $1 AND l.source IN ('temporary', 'campaign', 'price_subsidy') AND l.run_id IS NULL AND l.month <= $3`,
        [run.countyCode, runId, run.month],
      );
      await em.query(`DELETE FROM payroll_township WHERE run_id = $1`, [runId]);
      await em.query(`INSERT INTO payroll_township (run_id, township_code) SELECT DISTINCT $1::uuid, township_code FROM payment_line WHERE run_id = $1`, [runId]);
      await em.update(PayrollRun, { id: runId }, { status: 'civil_review' });
      return this.totals(em, runId);
    });
  }

  private async totals(em: EntityManager, runId: string): Promise<{ lines: number; amountFen: number }> {
    const [t] = (await em.query(`SELECT count(*)::int AS lines, COALESCE(sum(amount_fen), 0)::bigint AS amount FROM payment_line WHERE run_id = $1`, [runId])) as { lines: number; amount: string }[];
    return { lines: t!.lines, amountFen: Number(t!.amount) };
  }

  /** The run a user may see (404 for another county's). */
  async runFor(user: User, runId: string): Promise<PayrollRun> {
    const scope = payrollScope(user);
    const run = /^[0-9a-f-]{36}$/i.test(runId) ? await this.ds.getRepository(PayrollRun).findOneBy({ id: runId }) : null;
    // Another county's payroll does not exist for the user.
    if (!run || run.countyCode !== scope.county) throw new NotFoundError('PAYROLL_NOT_FOUND', '发放批次不存在');
    return run;
  }

  /**
   * 审核 / 处理: completes the run's open task the user may act on — 民政审核,
   * 财政审核拨付 (approve or send back) or a township's 处理发放失败 — writing
   * what it decides in the same transaction as the engine's completion.
   */
  async completeTask(user: User, runId: string, taskId: string, body: unknown) {
    const run = await this.runFor(user, runId);
    const engine = this.eng();
    const {
      task,
      fact: { candidateGroups },
    } = await ownTask(engine, user, taskId, PROCESS.monthlyPayroll, async (t) => t.processInstanceId === run.processInstanceId);
    // Validated here for a prompt 400; parsed again with the records (live, or by the outbox's reconciler after a crash).
    const failures = task.taskDefinitionKey === 'Task_HandleFailures';
    const input = failures ? parseOrThrow(failureResolutionSchema, body, '失败处理') : parseOrThrow(payrollReviewSchema, body, '审核意见');
    // Claimed first, as a case's task is: the engine's history then names who completed it (the reconciler relies on it).
    await claimOwn(engine, user, task);
    // Through the engine outbox, like a case's task: the records, the task fact and the engine's completion commit together.
    await new OutboxService(this.ds, engine).completeTask('payroll.complete', user, await taskCompletionOf(engine, task, candidateGroups, input));
    if ('items' in input) return { resolved: input.items.length, resolutions: input.items.map((i) => RESOLUTION_NAMES[i.resolution]) };
    return { status: reviewOutcome(task.taskDefinitionKey, input.approved) };
  }

  /** 财政拨付后: the bank is instructed today; returns the instant 延压 begins. */
  async instructed(runId: string, now = new Date()): Promise<void> {
    await this.ds.getRepository(PayrollRun).update({ id: runId, status: 'at_bank' }, { paymentDate: now });
  }

  /** 本月发放结束 */
  async close(runId: string, now = new Date()): Promise<void> {
    await this.ds.getRepository(PayrollRun).update({ id: runId }, { status: 'closed', closedAt: now });
  }

  /** Every run of the user's county, newest month first, with totals (a township sees its own part). */
  async list(user: User) {
    const scope = payrollScope(user);
    const rows = (await this.ds.query(
      `SELECT r.id, r.run_no AS "runNo", r.month, r.status, r.started_by_name AS "startedByName", r.payment_date AS "paymentDate", r.created_at AS "createdAt", r.closed_at AS "closedAt",
              count(l.id)::int AS lines, COALESCE(sum(l.amount_fen), 0)::bigint AS amount
       FROM payroll_run r LEFT JOIN payment_line l ON l.run_id = r.id AND ($1::text IS NULL OR l.township_code = $1)
       WHERE r.county_code = $2
       GROUP BY r.id ORDER BY r.month DESC LIMIT 120`,
      [scope.township, scope.county],
    )) as Record<string, any>[];
    return { items: rows.map((r) => ({ ...r, amount: undefined, amountYuan: Number(r.amount) / 100, statusName: PAYROLL_STATUS_NAMES[r.status as PayrollStatus] })) };
  }

  /** One run: townships with their totals and return state, the review opinions, the user's open task. */
  async detail(user: User, runId: string) {
    const run = await this.runFor(user, runId);
    const scope = payrollScope(user);
    const townships = (await this.ds.query(
      `SELECT pt.township_code AS code, u.name, pt.return_imported_at AS "returnImportedAt", pt.return_imported_by AS "returnImportedBy", pt.published_at AS "publishedAt", pt.published_by AS "publishedBy",
              count(l.id)::int AS lines, COALESCE(sum(l.amount_fen), 0)::bigint AS amount
       FROM payroll_township pt JOIN unit u ON u.code = pt.township_code LEFT JOIN payment_line l ON l.run_id = pt.run_id AND l.township_code = pt.township_code
       WHERE pt.run_id = $1 AND ($2::text IS NULL OR pt.township_code = $2) GROUP BY pt.township_code, u.name, pt.return_imported_at, pt.return_imported_by, pt.published_at, pt.published_by ORDER BY pt.township_code`,
      [runId, scope.township],
    )) as Record<string, any>[];
    const events = (await this.ds.query(`SELECT step, approved, actor_name AS "actorName", opinion, created_at AS at FROM payroll_event WHERE run_id = $1 ORDER BY id`, [runId])) as unknown[];
    let tasks: { taskId: string; taskKey: string; name: string; due: string | null }[] = [];
    if (run.processInstanceId && this.engine) {
      const open = await engineCall(() => this.engine!.queryTasks({ processInstanceId: run.processInstanceId, candidateGroups: groupsOf(user), includeAssignedTasks: true }, 0, 50));
      tasks = open.filter((t) => !t.assignee || t.assignee === user.id).map((t) => ({ taskId: t.id, taskKey: t.taskDefinitionKey, name: t.name, due: t.due }));
    }
    const failed = (await this.ds.query(
      `SELECT l.id, l.amount_fen AS "amountFen", l.fail_reason AS "failReason", l.resolution, l.resolution_note AS "resolutionNote", l.township_code AS "townshipCode", h.household_no AS "householdNo", h.head_name AS "headName"
       FROM payment_line l JOIN household h ON h.id = l.household_id WHERE l.run_id = $1 AND l.status = 'failed' AND ($2::text IS NULL OR l.township_code = $2) ORDER BY h.household_no`,
      [runId, scope.township],
    )) as Record<string, any>[];
    return {
      id: run.id,
      runNo: run.runNo,
      month: run.month,
      status: run.status,
      statusName: PAYROLL_STATUS_NAMES[run.status],
      paymentDate: run.paymentDate,
      closedAt: run.closedAt,
      startedByName: run.startedByName,
      townships: townships.map((t) => ({ ...t, amount: undefined, amountYuan: Number(t.amount) / 100 })),
      events,
      tasks,
      failed: failed.map((f) => ({
        id: f.id,
        householdNo: f.householdNo,
        headName: maskName(f.headName),
        amountYuan: f.amountFen / 100,
        failReason: f.failReason,
        townshipCode: f.townshipCode,
        resolution: f.resolution,
        resolutionName: f.resolution ? RESOLUTION_NAMES[f.resolution as keyof typeof RESOLUTION_NAMES] : null,
        resolutionNote: f.resolutionNote,
      })),
    };
  }

  /** Tells the waiting instance that every township's return is in (inside the caller's transaction). */
  async correlateReturned(run: PayrollRun): Promise<void> {
    await taskActionInEngine(() => this.eng().correlate(MESSAGE.payrollReturned, run.runNo));
  }
}
