/**
 * 救助标准年度调整（自然增长）: once a year per county — opened on the county's
 * adjustment day by a daily timer, or by county civil affairs by hand — 民政
 * proposes new standards per kind with the reasoning (price figures, local
 * income), 财政 and the county leader approve, and the approved amounts become
 * standards from their effective month; the monthly payroll reads the
 * standard in force, so it pays them without anyone touching it.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { PROCESS, group } from '../engine/contract.js';
import type { EngineClient } from '../engine/engine-client.js';
import { engineCall } from '../engine/engine-calls.js';
import { AppSetting } from '../entities/app-setting.entity.js';

import { Unit } from '../entities/unit.entity.js';
import type { User } from '../entities/user.entity.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { beijingDateOf } from '../time/beijing.js';
import { parseOrThrow } from '../validation.js';
import { groupsOf } from './auth.service.js';
import { OutboxService, taskCompletionOf, type TaskCompletion } from './outbox.service.js';
import { claimOwn, ownTask } from './process-task.js';
import { monthOf } from './payroll.service.js';
import { countyOf, standardInForce } from './standard.service.js';
import { adjustmentDaySchema, adjustmentProposeSchema, adjustmentReviewSchema, adjustmentStartSchema } from '../../contracts/adjustment.schema.js';
import { STANDARD_KINDS, STANDARD_KIND_NAMES, type StandardKind } from '../../contracts/kinds.js';

/** One kind of the proposal: the amount in force, the new one, and why (required when lower). */
export interface ProposalItem {
  kind: StandardKind;
  kindName: string;
  currentFen: number | null;
  amountFen: number;
  reason: string | null;
}

export const PROPOSAL_STATUS_NAMES: Record<string, string> = { proposing: '民政拟定方案', finance_review: '财政审核', leader_review: '县领导审批', applying: '执行中', applied: '已执行' };
/** The day of the year the review opens, unless the county set another (MM-DD). */
export const DEFAULT_ADJUSTMENT_DAY = '12-01';
const dayKey = (countyCode: string) => `standard.adjustmentDay.${countyCode}`;
const yuan = (fen: number) => (fen / 100).toFixed(2);

export function proposalNoOf(countyCode: string, year: number): string {
  return `TZ-${countyCode}-${year}`;
}

export class StandardAdjustmentService {
  constructor(
    private readonly ds: DataSource,
    private readonly engine?: EngineClient,
  ) {}

  private eng(): EngineClient {
    if (!this.engine) throw new Error('StandardAdjustmentService needs the engine for this action');
    return this.engine;
  }

  /** The county of a reader: 民政、财政 staff, leaders, coordinators and admins, each of their own county. */
  private async readerCounty(user: User): Promise<string> {
    const mayRead = (['handler', 'head'].includes(user.role) && ['civil', 'finance'].includes(user.departmentCode)) || ['coordinator', 'leader', 'admin'].includes(user.role);
    if (!mayRead) throw new ForbiddenError('STANDARD_ADJUSTMENT_FORBIDDEN', '只有民政、财政部门和县领导、联席会议办公室可以查看救助标准调整');
    try {
      return (await countyOf(this.ds.manager, user.unitCode)).code;
    } catch {
      throw new ForbiddenError('STANDARD_ADJUSTMENT_FORBIDDEN', '您的账号不属于任何县');
    }
  }

  /** The county's adjustment day (MM-DD). */
  async adjustmentDay(countyCode: string): Promise<string> {
    const row = await this.ds.getRepository(AppSetting).findOneBy({ key: dayKey(countyCode) });
    return typeof row?.value === 'string' ? row.value : DEFAULT_ADJUSTMENT_DAY;
  }

  /** Sets the county's adjustment day (admins). */
  async setAdjustmentDay(user: User, body: unknown): Promise<{ monthDay: string }> {
    if (user.role !== 'admin') throw new ForbiddenError('ROLE_FORBIDDEN', '只有系统管理员可以设置年度调整日');
    const { monthDay } = parseOrThrow(adjustmentDaySchema, body, '年度调整日');
    const county = await this.readerCounty(user);
    await this.ds.getRepository(AppSetting).upsert({ key: dayKey(county), value: monthDay, updatedBy: user.displayName, updatedAt: new Date() }, ['key']);
    return { monthDay };
  }

  /** Opens the year's review of a county, once (409 for a year already opened); the row and the instance go together. */
  async start(countyCode: string, year: number, startedByName: string) {
    const proposalNo = proposalNoOf(countyCode, year);
    return new OutboxService(this.ds, this.eng()).startProcess(PROCESS.standardAdjustment, proposalNo, 'standard_proposal', async (em, start) => {
      const ins = (await em.query(`INSERT INTO standard_proposal (proposal_no, county_code, year, started_by_name) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id`, [proposalNo, countyCode, year, startedByName])) as {
        id: string;
      }[];
      if (!ins[0]) throw new ConflictError('STANDARD_ADJUSTMENT_EXISTS', `${year} 年度的标准调整已经启动过`);
      const inst = await engineCall(() =>
        start({ countyCode, standardProposalId: ins[0]!.id, adjustmentYear: year, civilGroup: group.dept(countyCode, 'civil'), financeGroup: group.dept(countyCode, 'finance'), leaderGroup: group.role(countyCode, 'leader') }),
      );
      await em.query(`UPDATE standard_proposal SET process_instance_id = $2 WHERE id = $1`, [ins[0].id, inst.id]);
      return { id: ins[0].id, proposalNo, year };
    });
  }

  /** 手工启动 by county civil affairs. */
  async startByHand(user: User, body: unknown) {
    if (user.departmentCode !== 'civil' || !['handler', 'head'].includes(user.role)) throw new ForbiddenError('STANDARD_ADJUSTMENT_START_FORBIDDEN', '只有县民政部门可以启动标准调整');
    const { year } = parseOrThrow(adjustmentStartSchema, body, '调整年度');
    return this.start(await this.readerCounty(user), year, user.displayName);
  }

  /**
   * 定时启动: from each county's adjustment day on, opens the next year's
   * review once (counties with standards only). Returns the proposal numbers.
   */
  async startDue(now = new Date()): Promise<string[]> {
    const today = beijingDateOf(now);
    const year = Number(today.slice(0, 4)) + 1;
    const out: string[] = [];
    for (const c of await this.ds.getRepository(Unit).findBy({ level: 'county' })) {
      if (today.slice(5) < (await this.adjustmentDay(c.code))) continue;
      if (!(await this.ds.query(`SELECT 1 FROM assistance_standard WHERE county_code = $1 LIMIT 1`, [c.code])).length) continue;
      if ((await this.ds.query(`SELECT 1 FROM standard_proposal WHERE county_code = $1 AND year = $2`, [c.code, year])).length) continue;
      try {
        out.push((await this.start(c.code, year, '定时启动')).proposalNo);
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    return out;
  }

  /** 新标准执行 (worker): one standard row per kind from the effective month (idempotent). */
  async apply(proposalId: string): Promise<{ applied: number }> {
    return this.ds.transaction(async (em) => {
      const [p] = (await em.query(`SELECT * FROM standard_proposal WHERE id = $1 FOR UPDATE`, [proposalId])) as Record<string, any>[];
      if (!p) throw new Error(`standard proposal ${proposalId} not found`);
      const items = p.items as ProposalItem[];
      for (const i of items) {
        await em.query(`INSERT INTO assistance_standard (county_code, kind, amount_fen, effective_month, approval_ref, approved_by, set_by_name) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`, [
          p.county_code,
          i.kind,
          i.amountFen,
          p.effective_month,
          `${p.proposal_no} 年度调整`,
          `县人民政府（${p.leader_by_name ?? '县领导'}审批）`.slice(0, 64),
          p.proposed_by_name ?? '民政',
        ]);
      }
      await em.query(`UPDATE standard_proposal SET status = 'applied', applied_at = coalesce(applied_at, now()) WHERE id = $1`, [proposalId]);
      return { applied: items.length };
    });
  }

  /** The page: each kind's history (for the chart), the proposals, the user's open tasks, the adjustment day. */
  async overview(user: User) {
    const county = await this.readerCounty(user);
    const history = (await this.ds.query(`SELECT * FROM assistance_standard WHERE county_code = $1 ORDER BY kind, effective_month`, [county])) as Record<string, any>[];
    const proposals = (await this.ds.query(`SELECT * FROM standard_proposal WHERE county_code = $1 ORDER BY year DESC`, [county])) as Record<string, any>[];
    let tasks: { taskId: string; taskKey: string; name: string; due: string | null; proposalId: string }[] = [];
    if (this.engine && ['handler', 'head', 'leader'].includes(user.role)) {
      const open = await engineCall(() => this.engine!.queryTasks({ processDefinitionKey: PROCESS.standardAdjustment, candidateGroups: groupsOf(user), includeAssignedTasks: true }, 0, 50));
      const byInstance = new Map(proposals.filter((p) => p.process_instance_id).map((p) => [p.process_instance_id as string, p.id as string]));
      tasks = open
        .filter((t) => (!t.assignee || t.assignee === user.id) && byInstance.has(t.processInstanceId))
        .map((t) => ({ taskId: t.id, taskKey: t.taskDefinitionKey, name: t.name, due: t.due, proposalId: byInstance.get(t.processInstanceId)! }));
    }
    const month = monthOf(new Date());
    const inForce = [];
    for (const kind of STANDARD_KINDS) {
      const s = await standardInForce(this.ds.manager, county, kind, month);
      inForce.push({ kind, kindName: STANDARD_KIND_NAMES[kind], amountYuan: s ? s.amountFen / 100 : null });
    }
    return {
      countyCode: county,
      adjustmentDay: await this.adjustmentDay(county),
      inForce,
      history: STANDARD_KINDS.map((kind) => ({
        kind,
        kindName: STANDARD_KIND_NAMES[kind],
        points: history.filter((h) => h.kind === kind).map((h) => ({ month: h.effective_month as string, amountYuan: h.amount_fen / 100, approvalRef: h.approval_ref as string })),
      })),
      proposals: proposals.map((p) => ({
        id: p.id as string,
        proposalNo: p.proposal_no as string,
        year: p.year as number,
        status: p.status as string,
        statusName: PROPOSAL_STATUS_NAMES[p.status] ?? p.status,
        effectiveMonth: p.effective_month as string | null,
        reasoning: p.reasoning as string | null,
        items: (p.items as ProposalItem[]).map((i) => ({ kind: i.kind, kindName: i.kindName, currentYuan: i.currentFen == null ? null : i.currentFen / 100, amountYuan: i.amountFen / 100, reason: i.reason })),
        proposedBy: p.proposed_by_name as string | null,
        financeBy: p.finance_by_name as string | null,
        financeOpinion: p.finance_opinion as string | null,
        leaderBy: p.leader_by_name as string | null,
        leaderOpinion: p.leader_opinion as string | null,
        startedBy: p.started_by_name as string,
      })),
      tasks,
    };
  }

  /**
   * 办理: 民政提出方案 (new amounts per kind from a month not yet paid; a lower
   * amount needs its reason), 财政审核 or 县领导审批 (approve or send back).
   * Through the engine outbox: the proposal's record, the task fact and the
   * engine's completion commit together; a crash in between is finished by the reconciler.
   */
  async completeTask(user: User, proposalId: string, taskId: string, body: unknown) {
    const county = await this.readerCounty(user);
    const engine = this.eng();
    let p: Record<string, any> | undefined;
    const {
      task,
      fact: { candidateGroups },
    } = await ownTask(engine, user, taskId, PROCESS.standardAdjustment, async (t) => {
      if (!/^[0-9a-f-]{36}$/i.test(proposalId)) return false;
      [p] = (await this.ds.query(`SELECT * FROM standard_proposal WHERE id = $1 AND county_code = $2`, [proposalId, county])) as Record<string, any>[];
      return p?.process_instance_id === t.processInstanceId;
    });
    // Bad input is refused before anything changes (the record checks again in the completion's transaction).
    const outcome = await checkedStep(this.ds.manager, p!, task.taskDefinitionKey, body);
    await claimOwn(engine, user, task);
    await new OutboxService(this.ds, engine).completeTask('standard.complete', user, await taskCompletionOf(engine, task, candidateGroups, body));
    return outcome.step === 'propose' ? { status: 'finance_review', items: outcome.items.length } : { status: outcome.next };
  }

  /**
   * The records of a standard-adjustment task's completion — the proposal, or
   * 财政's or the leader's decision on it — written in the transaction that
   * completes the engine task (by the outbox, live or by its reconciler).
   * Returns the process variables.
   */
  static async recordCompletion(em: EntityManager, user: User, c: TaskCompletion): Promise<Record<string, unknown>> {
    const [p] = (await em.query(`SELECT * FROM standard_proposal WHERE process_instance_id = $1 FOR UPDATE`, [c.processInstanceId])) as Record<string, any>[];
    if (!p) throw new NotFoundError('STANDARD_PROPOSAL_NOT_FOUND', '标准调整不存在');
    const outcome = await checkedStep(em, p, c.taskKey, c.input);
    if (outcome.step === 'propose') {
      const { input, items } = outcome;
      await em.query(
        `UPDATE standard_proposal SET status = 'finance_review', effective_month = $2, items = $3, reasoning = $4, proposed_by_name = $5, finance_by_name = NULL, finance_opinion = NULL, leader_by_name = NULL, leader_opinion = NULL WHERE id = $1`,
        [p.id, input.effectiveMonth, JSON.stringify(items), input.reasoning, user.displayName],
      );
      return {};
    }
    const { input, leader, next } = outcome;
    // (after a crash, the step that applies the standards may already have moved the proposal on: its status is then left as it is)
    await em.query(`UPDATE standard_proposal SET status = CASE WHEN status = $5 THEN $2 ELSE status END, ${leader ? 'leader_by_name = $3, leader_opinion = $4' : 'finance_by_name = $3, finance_opinion = $4'} WHERE id = $1`, [
      p.id,
      next,
      user.displayName,
      input.opinion,
      leader ? 'leader_review' : 'finance_review',
    ]);
    return { approved: input.approved };
  }
}

/** The last month whose payroll has started in the county. */
async function paidUpTo(em: EntityManager, county: string): Promise<string | null> {
  return ((await em.query(`SELECT max(month) AS m FROM payroll_run WHERE county_code = $1`, [county])) as { m: string | null }[])[0]!.m;
}

/**
 * A standard-adjustment step's form, checked against the standards in force and the months
 * paid (400/409 with the reason): the proposal's items, or the review's decision and the
 * proposal's next status.
 */
async function checkedStep(em: EntityManager, p: Record<string, any>, taskKey: string, body: unknown) {
  const county = p.county_code as string;
  if (taskKey === 'Task_StandardPropose') {
    const input = parseOrThrow(adjustmentProposeSchema, body, '调整方案');
    if (new Set(input.items.map((i) => i.kind)).size !== input.items.length) throw new BadRequestError('ITEMS_DUPLICATE', '同一类标准只能填写一次', 'items');
    const paid = await paidUpTo(em, county);
    if (paid && input.effectiveMonth <= paid) throw new ConflictError('STANDARD_MONTH_PAID', `${paid} 的发放已经开始，新标准只能从之后的月份起执行`);
    const items: ProposalItem[] = [];
    for (const i of input.items) {
      const current = await standardInForce(em, county, i.kind, input.effectiveMonth);
      const amountFen = Math.round(i.amountYuan * 100);
      const reason = i.reason?.trim() || null;
      if (current && amountFen === current.amountFen) throw new BadRequestError('STANDARD_UNCHANGED', `${STANDARD_KIND_NAMES[i.kind]}的新标准与现行标准相同（${yuan(amountFen)} 元），无需调整`, 'items');
      if (current && amountFen < current.amountFen && (!reason || reason.length < 4)) {
        throw new BadRequestError('STANDARD_LOWER_WITHOUT_REASON', `${STANDARD_KIND_NAMES[i.kind]}的新标准 ${yuan(amountFen)} 元低于现行标准 ${yuan(current.amountFen)} 元，须说明理由（至少 4 个字）`, 'items');
      }
      items.push({ kind: i.kind, kindName: STANDARD_KIND_NAMES[i.kind], currentFen: current?.amountFen ?? null, amountFen, reason });
    }
    return { step: 'propose' as const, input, items };
  }
  const input = parseOrThrow(adjustmentReviewSchema, body, '审核意见');
  const leader = taskKey === 'Task_StandardLeader';
  if (input.approved && leader) {
    const paid = await paidUpTo(em, county);
    if (paid && p.effective_month <= paid) throw new ConflictError('STANDARD_MONTH_PAID', `${paid} 的发放已经开始，请退回民政改定生效月份`);
  }
  return { step: 'review' as const, input, leader, next: input.approved ? (leader ? 'applying' : 'leader_review') : 'proposing' };
}
