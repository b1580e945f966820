/**
 * 物价联动: 发改 enters each month's price figures of the county's reference
 * region (CPI and food price, single-month year-on-year, with the source); a
 * correction is a new version with its reason, never an overwrite. Each version
 * starts the price-linkage process, whose decision table says whether the
 * mechanism is triggered; 民政 computes the temporary price subsidy, 财政
 * approves the funds, and the subsidy joins the next monthly payroll as its
 * own line kind — at most once per county and month, however often the month
 * is corrected.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { z } from 'zod';
import { PROCESS, group } from '../engine/contract.js';
import type { EngineClient } from '../engine/engine-client.js';
import { engineCall } from '../engine/engine-calls.js';
import { AppSetting } from '../entities/app-setting.entity.js';

import type { User } from '../entities/user.entity.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, RecordNotFoundError } from '../errors.js';
import { parseOrThrow } from '../validation.js';
import { groupsOf } from './auth.service.js';
import { OutboxService, taskCompletionOf, type TaskCompletion } from './outbox.service.js';
import { claimOwn, ownTask } from './process-task.js';
import { monthOf } from './payroll.service.js';
import { countyOf } from './standard.service.js';
import { priceFigureSchema, priceSettingsSchema, subsidyApproveSchema, subsidyComputeSchema } from '../../contracts/price.schema.js';
import { RECIPIENT_KINDS, RECIPIENT_KIND_NAMES, type RecipientKind } from '../../contracts/kinds.js';

export type PriceFigureInput = z.infer<typeof priceFigureSchema>;

export type PriceSettingsInput = z.infer<typeof priceSettingsSchema>;

/** The county's linkage settings (物价联动参数), with the national defaults. */
export interface PriceSettings {
  cpiThresholdBp: number;
  foodThresholdBp: number;
  amountFenPerPerson: number;
  kinds: RecipientKind[];
  /** 其他保障群体: groups outside the register the county includes (rosters kept by 民政, price_group_member). */
  groups: PriceGroup[];
}
export interface PriceGroup {
  code: string;
  name: string;
}
export const DEFAULT_PRICE_SETTINGS: PriceSettings = { cpiThresholdBp: 350, foodThresholdBp: 600, amountFenPerPerson: 3000, kinds: ['dibao_urban', 'dibao_rural', 'tekun'], groups: [] };
const settingsKey = (countyCode: string) => `price.linkage.${countyCode}`;

/** 价格数据编号 of a version: WJ-<county>-<YYYY-MM>-<version>, the process instance's business key. */
export function figureNoOf(countyCode: string, month: string, version: number): string {
  return `WJ-${countyCode}-${month}-${version}`;
}

export const SUBSIDY_STATUS_NAMES: Record<string, string> = { computing: '民政核算', finance_review: '财政审核', paying: '列入发放', instructed: '已列入月度发放', withdrawn: '已撤销' };
export const DECISION_OUTCOME_NAMES: Record<string, string> = {
  opened: '启动，发放补贴',
  below: '未达启动条件，不发放',
  already: '本月已启动补贴，不重复发放',
  withdrawn: '更正后未达启动条件，撤销尚未批准的补贴',
  below_approved: '更正后未达启动条件；本月补贴已经财政批准发放，不追回',
};
/** The message that ends a month's price-linkage instance whose subsidy a correction withdrew. */
export const SUBSIDY_WITHDRAWN_MESSAGE = 'PriceSubsidyWithdrawn';

const ENTER_ROLES = ['handler', 'head'];
const READERS_DEPTS = ['ndrc', 'civil', 'finance'];
const yuan = (fen: number) => (fen / 100).toFixed(2);

export class PriceService {
  constructor(
    private readonly ds: DataSource,
    private readonly engine?: EngineClient,
  ) {}

  private eng(): EngineClient {
    if (!this.engine) throw new Error('PriceService needs the engine for this action');
    return this.engine;
  }

  /** The county whose figures the user reads: their own (发改/民政/财政 staff, coordinators, leaders, admins). */
  async readerCounty(user: User): Promise<string> {
    const mayRead = (ENTER_ROLES.includes(user.role) && READERS_DEPTS.includes(user.departmentCode)) || ['coordinator', 'leader', 'admin'].includes(user.role);
    if (!mayRead) throw new ForbiddenError('PRICE_FORBIDDEN', '只有发改、民政、财政部门和联席会议办公室、县领导可以查看物价联动');
    return this.countyCodeOf(user);
  }

  private async countyCodeOf(user: User): Promise<string> {
    try {
      return (await countyOf(this.ds.manager, user.unitCode)).code;
    } catch {
      throw new ForbiddenError('PRICE_FORBIDDEN', '您的账号不属于任何县，无法办理物价联动');
    }
  }

  /** The county's linkage settings (defaults where unset). */
  async settings(countyCode: string, em: EntityManager = this.ds.manager): Promise<PriceSettings> {
    const row = await em.getRepository(AppSetting).findOneBy({ key: settingsKey(countyCode) });
    return { ...DEFAULT_PRICE_SETTINGS, ...((row?.value as Partial<PriceSettings> | undefined) ?? {}) };
  }

  /** 物价联动参数: set by an admin of the county; applies to figures entered afterwards. */
  async setSettings(user: User, body: unknown): Promise<PriceSettings> {
    if (user.role !== 'admin') throw new ForbiddenError('ROLE_FORBIDDEN', '只有系统管理员可以设置物价联动参数');
    const input = parseOrThrow(priceSettingsSchema, body, '物价联动参数');
    const county = await this.countyCodeOf(user);
    const current = await this.settings(county);
    const groups = input.groups ?? current.groups;
    // A group whose roster still has members cannot be dropped: end their membership first.
    const dropped = current.groups.filter((g) => !groups.some((n) => n.code === g.code)).map((g) => g.code);
    if (dropped.length) {
      const [used] = (await this.ds.query(`SELECT group_code FROM price_group_member WHERE county_code = $1 AND group_code = ANY($2::text[]) AND to_month IS NULL LIMIT 1`, [county, dropped])) as { group_code: string }[];
      if (used) throw new ConflictError('PRICE_GROUP_IN_USE', `“${current.groups.find((g) => g.code === used.group_code)!.name}”名单中还有人员，请先办理其退出，再删除该群体`);
    }
    const value: PriceSettings = {
      cpiThresholdBp: Math.round(input.cpiThreshold * 100),
      foodThresholdBp: Math.round(input.foodThreshold * 100),
      amountFenPerPerson: Math.round(input.amountYuanPerPerson * 100),
      kinds: [...new Set(input.kinds)],
      groups,
    };
    await this.ds.getRepository(AppSetting).upsert({ key: settingsKey(county), value, updatedBy: user.displayName, updatedAt: new Date() }, ['key']);
    return value;
  }

  /**
   * 录入价格数据: a month's first entry, or — with a reason — a correction (a
   * new version). A month entered again without a reason is 409; a month in
   * the future is 400. The version row and the process start go together
   * through the engine outbox.
   */
  async enter(user: User, body: unknown, now = new Date()) {
    if (user.departmentCode !== 'ndrc' || !ENTER_ROLES.includes(user.role)) throw new ForbiddenError('PRICE_ENTRY_FORBIDDEN', '只有发改部门可以录入价格数据');
    const input = parseOrThrow(priceFigureSchema, body, '价格数据');
    if (input.month > monthOf(now)) throw new BadRequestError('MONTH_IN_FUTURE', '不能录入尚未到来的月份的价格数据', 'month');
    const countyCode = await this.countyCodeOf(user);
    const cfg = await this.settings(countyCode);
    const [{ v }] = (await this.ds.query(`SELECT COALESCE(max(version), 0)::int AS v FROM price_figure WHERE county_code = $1 AND month = $2`, [countyCode, input.month])) as { v: number }[];
    if (v > 0 && !input.correctionReason) throw new ConflictError('PRICE_MONTH_EXISTS', `${input.month} 的价格数据已经录入；如需更正，请填写更正原因`);
    if (v === 0 && input.correctionReason) throw new BadRequestError('PRICE_NOTHING_TO_CORRECT', `${input.month} 还没有录入过价格数据，不能更正`, 'correctionReason');
    const version = v + 1;
    const figureNo = figureNoOf(countyCode, input.month, version);
    const cpiBp = Math.round(input.cpiYoy * 100);
    const foodBp = Math.round(input.foodYoy * 100);
    const engine = this.eng();
    return new OutboxService(this.ds, engine).startProcess(PROCESS.priceLinkage, figureNo, 'price_figure', async (em, start) => {
      const ins = (await em.query(
        `INSERT INTO price_figure (figure_no, county_code, month, version, cpi_yoy_bp, food_yoy_bp, source, correction_reason, entered_by, entered_by_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING id`,
        [figureNo, countyCode, input.month, version, cpiBp, foodBp, input.source, input.correctionReason ?? null, user.id, user.displayName],
      )) as { id: string }[];
      if (!ins[0]) throw new ConflictError('PRICE_MONTH_EXISTS', `${input.month} 的价格数据刚刚已由他人录入，请刷新后再试`);
      const inst = await engineCall(() =>
        start({
          countyCode,
          priceFigureId: ins[0]!.id,
          priceMonth: input.month,
          cpiYoyBp: cpiBp,
          foodYoyBp: foodBp,
          cpiThresholdBp: cfg.cpiThresholdBp,
          foodThresholdBp: cfg.foodThresholdBp,
          civilGroup: group.dept(countyCode, 'civil'),
          financeGroup: group.dept(countyCode, 'finance'),
        }),
      );
      await em.query(`UPDATE price_figure SET process_instance_id = $2 WHERE id = $1`, [ins[0].id, inst.id]);
      return { id: ins[0].id, figureNo, month: input.month, version };
    });
  }

  /**
   * 记录本月决定 (worker): keeps the decision with its inputs and, when the
   * mechanism is triggered, opens the month's subsidy — once per county and
   * month, so a corrected figure re-decides without paying twice. A corrected
   * figure below the trigger stops the mechanism for its month: a subsidy that
   * 财政 has not approved yet is withdrawn (its instance is then ended by the
   * caller with SUBSIDY_WITHDRAWN_MESSAGE to `withdrawnFigureNo`); money
   * already approved is not clawed back, and the decision says so.
   */
  async decide(figureId: string, triggered: boolean, reason: string, thresholds: { cpiThresholdBp: number; foodThresholdBp: number }): Promise<{ subsidyOpened: boolean; priceSubsidyId: string | null; withdrawnFigureNo: string | null }> {
    return this.ds.transaction(async (em) => {
      const [f] = (await em.query(`SELECT id, county_code, month, cpi_yoy_bp, food_yoy_bp FROM price_figure WHERE id = $1`, [figureId])) as { id: string; county_code: string; month: string; cpi_yoy_bp: number; food_yoy_bp: number }[];
      // Right after the entry the row may not be committed yet: the runner retries this for a moment.
      if (!f) throw new RecordNotFoundError('price figure', figureId);
      const [done] = (await em.query(`SELECT outcome FROM price_decision WHERE figure_id = $1`, [figureId])) as { outcome: string }[];
      let outcome = done?.outcome;
      if (!outcome) {
        if (triggered) {
          const ins = (await em.query(`INSERT INTO price_subsidy (county_code, month, figure_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING id`, [f.county_code, f.month, f.id])) as unknown[];
          outcome = ins.length > 0 ? 'opened' : 'already';
        } else {
          // (the row lock orders this against 财政's approval: whichever commits first decides)
          const withdrawn = (await em.query(
            `UPDATE price_subsidy SET status = 'withdrawn', withdrawn_by_figure = $3, withdrawn_at = now(), withdraw_reason = $4
              WHERE county_code = $1 AND month = $2 AND status IN ('computing', 'finance_review') RETURNING id`,
            [f.county_code, f.month, f.id, `价格数据更正后${reason}`],
          )) as [unknown[], number];
          const approved = (await em.query(`SELECT 1 FROM price_subsidy WHERE county_code = $1 AND month = $2 AND status IN ('paying', 'instructed')`, [f.county_code, f.month])) as unknown[];
          outcome = withdrawn[0].length ? 'withdrawn' : approved.length ? 'below_approved' : 'below';
        }
        await em.query(`INSERT INTO price_decision (figure_id, cpi_yoy_bp, food_yoy_bp, cpi_threshold_bp, food_threshold_bp, triggered, reason, outcome) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
          f.id,
          f.cpi_yoy_bp,
          f.food_yoy_bp,
          thresholds.cpiThresholdBp,
          thresholds.foodThresholdBp,
          triggered,
          reason,
          outcome,
        ]);
      }
      const [s] = (await em.query(`SELECT id FROM price_subsidy WHERE figure_id = $1`, [f.id])) as { id: string }[];
      const [w] = (await em.query(`SELECT o.figure_no FROM price_subsidy s JOIN price_figure o ON o.id = s.figure_id WHERE s.withdrawn_by_figure = $1`, [f.id])) as { figure_no: string }[];
      return { subsidyOpened: outcome === 'opened', priceSubsidyId: outcome === 'opened' ? s!.id : null, withdrawnFigureNo: w?.figure_no ?? null };
    });
  }

  /**
   * Who the subsidy pays in the month: the 在保对象 of the kinds chosen, and the
   * members of the county's other groups chosen whose membership covers the
   * month — one line per household (a household in the register and in a group
   * is paid once, as the register's household; `kind` is the group's code for
   * the others).
   */
  private async beneficiaries(em: EntityManager | DataSource, countyCode: string, month: string, kinds: string[], groups: string[] = []) {
    return (await em.query(
      `SELECT DISTINCT ON (household_id) id, household_id, kind, household_size, township_code, village_code FROM (
         SELECT r.id, r.household_id, r.kind, r.household_size, r.township_code, r.village_code, 0 AS pri
           FROM recipient r JOIN unit t ON t.code = r.township_code
          WHERE t.parent_code = $1 AND r.status = 'active' AND r.start_month <= $2 AND r.kind = ANY($3::text[])
         UNION ALL
         SELECT NULL::uuid, m.household_id, m.group_code, m.persons, v.parent_code, h.unit_code, 1
           FROM price_group_member m JOIN household h ON h.id = m.household_id JOIN unit v ON v.code = h.unit_code
          WHERE m.county_code = $1 AND m.group_code = ANY($4::text[]) AND m.from_month <= $2 AND (m.to_month IS NULL OR m.to_month >= $2)
       ) b ORDER BY household_id, pri, kind`,
      [countyCode, month, kinds, groups],
    )) as { id: string | null; household_id: string; kind: string; household_size: number; township_code: string; village_code: string }[];
  }

  /** The register's counts per kind, and each other group's not already in the register, for the month (the task page's formula). */
  private async registerCounts(countyCode: string, month: string, groups: PriceGroup[]) {
    const rows = await this.beneficiaries(
      this.ds,
      countyCode,
      month,
      [...RECIPIENT_KINDS],
      groups.map((g) => g.code),
    );
    const count = (k: string) => {
      const of = rows.filter((r) => r.kind === k);
      return { households: of.length, persons: of.reduce((s, r) => s + r.household_size, 0) };
    };
    return [...RECIPIENT_KINDS.map((k) => ({ kind: k, kindName: RECIPIENT_KIND_NAMES[k], group: false, ...count(k) })), ...groups.map((g) => ({ kind: g.code, kindName: g.name, group: true, ...count(g.code) }))];
  }

  /**
   * 列入月度发放 (worker, after 财政 approved): one payment line per household,
   * at the computed amount per person × its size, for the subsidy's month; a
   * household already paid for that month is not paid again (unique index).
   */
  async pay(subsidyId: string): Promise<{ lines: number; amountFen: number }> {
    return this.ds.transaction(async (em) => {
      const [s] = (await em.query(`SELECT * FROM price_subsidy WHERE id = $1 FOR UPDATE`, [subsidyId])) as Record<string, any>[];
      if (!s) throw new Error(`price subsidy ${subsidyId} not found`);
      // (withdrawn by a correction while its approval was on the way: nothing is paid)
      if (s.status === 'withdrawn') return { lines: 0, amountFen: 0 };
      if (s.status !== 'instructed') {
        const rows = await this.beneficiaries(em, s.county_code, s.month, s.kinds, s.groups);
        for (const r of rows) {
          await em.query(
            `INSERT INTO payment_line (run_id, month, source, household_id, recipient_id, kind, township_code, village_code, amount_fen)
             VALUES (NULL, $1, 'price_subsidy', $2, $3, 'price_subsidy', $4, $5, $6) ON CONFLICT DO NOTHING`,
            [s.month, r.household_id, r.id, r.township_code, r.village_code, r.household_size * s.amount_per_person_fen],
          );
        }
        await em.query(`UPDATE price_subsidy SET status = 'instructed' WHERE id = $1`, [subsidyId]);
      }
      const [t] = (await em.query(
        `SELECT count(*)::int AS n, COALESCE(sum(l.amount_fen), 0)::bigint AS amount FROM payment_line l JOIN unit u ON u.code = l.township_code WHERE l.source = 'price_subsidy' AND l.month = $1 AND u.parent_code = $2`,
        [s.month, s.county_code],
      )) as { n: number; amount: string }[];
      return { lines: t!.n, amountFen: Number(t!.amount) };
    });
  }

  /** The page: the county's months (each version with its decision), the subsidies, the settings and the user's open tasks. */
  async overview(user: User) {
    const county = await this.readerCounty(user);
    const figures = (await this.ds.query(
      `SELECT f.id, f.figure_no AS "figureNo", f.month, f.version, f.cpi_yoy_bp AS "cpiBp", f.food_yoy_bp AS "foodBp", f.source, f.correction_reason AS "correctionReason", f.entered_by_name AS "enteredBy", f.created_at AS "createdAt",
              d.triggered, d.reason, d.outcome, d.cpi_threshold_bp AS "cpiThresholdBp", d.food_threshold_bp AS "foodThresholdBp", d.decided_at AS "decidedAt"
       FROM price_figure f LEFT JOIN price_decision d ON d.figure_id = f.id WHERE f.county_code = $1 ORDER BY f.month DESC, f.version DESC LIMIT 240`,
      [county],
    )) as Record<string, any>[];
    const subsidies = (await this.ds.query(
      `SELECT s.*, f.figure_no AS "figureNo",
              (SELECT count(*)::int FROM payment_line l JOIN unit u ON u.code = l.township_code WHERE l.source = 'price_subsidy' AND l.month = s.month AND u.parent_code = s.county_code) AS lines,
              (SELECT count(*)::int FROM payment_line l JOIN unit u ON u.code = l.township_code WHERE l.source = 'price_subsidy' AND l.month = s.month AND u.parent_code = s.county_code AND l.status = 'paid') AS paid
       FROM price_subsidy s JOIN price_figure f ON f.id = s.figure_id WHERE s.county_code = $1 ORDER BY s.month DESC`,
      [county],
    )) as Record<string, any>[];
    const settings = await this.settings(county);
    let tasks: { taskId: string; taskKey: string; name: string; due: string | null; subsidyId: string | null }[] = [];
    if (this.engine && ENTER_ROLES.includes(user.role)) {
      const open = await engineCall(() => this.engine!.queryTasks({ processDefinitionKey: PROCESS.priceLinkage, candidateGroups: groupsOf(user), includeAssignedTasks: true }, 0, 50));
      const byInstance = new Map(subsidies.map((s) => [figures.find((f) => f.id === s.figure_id)?.figureNo, s.id]));
      const instances = new Map(
        ((await this.ds.query(`SELECT process_instance_id AS pi, figure_no AS no FROM price_figure WHERE county_code = $1 AND process_instance_id IS NOT NULL`, [county])) as { pi: string; no: string }[]).map((r) => [r.pi, r.no]),
      );
      tasks = open
        .filter((t) => (!t.assignee || t.assignee === user.id) && instances.has(t.processInstanceId))
        .map((t) => ({ taskId: t.id, taskKey: t.taskDefinitionKey, name: t.name, due: t.due, subsidyId: byInstance.get(instances.get(t.processInstanceId)) ?? null }));
    }
    return {
      countyCode: county,
      settings: {
        cpiThreshold: settings.cpiThresholdBp / 100,
        foodThreshold: settings.foodThresholdBp / 100,
        amountYuanPerPerson: settings.amountFenPerPerson / 100,
        kinds: settings.kinds,
        groups: settings.groups,
      },
      figures: figures.map((f) => ({
        ...f,
        cpiYoy: f.cpiBp / 100,
        foodYoy: f.foodBp / 100,
        cpiBp: undefined,
        foodBp: undefined,
        outcomeName: f.outcome ? DECISION_OUTCOME_NAMES[f.outcome] : '判断中',
        cpiThreshold: f.cpiThresholdBp == null ? null : f.cpiThresholdBp / 100,
        foodThreshold: f.foodThresholdBp == null ? null : f.foodThresholdBp / 100,
      })),
      subsidies: subsidies.map((s) => this.subsidyView(s)),
      tasks,
    };
  }

  private subsidyView(s: Record<string, any>) {
    return {
      id: s.id as string,
      month: s.month as string,
      figureNo: s.figureNo as string,
      status: s.status as string,
      statusName: SUBSIDY_STATUS_NAMES[s.status] ?? s.status,
      kinds: s.kinds as string[],
      groups: (s.groups as string[] | undefined) ?? [],
      amountYuanPerPerson: s.amount_per_person_fen == null ? null : s.amount_per_person_fen / 100,
      households: s.households as number | null,
      persons: s.persons as number | null,
      totalYuan: s.total_fen == null ? null : Number(s.total_fen) / 100,
      formula: s.formula as string | null,
      computedBy: s.computed_by_name as string | null,
      fundsRef: s.funds_ref as string | null,
      approvedBy: s.approved_by_name as string | null,
      financeOpinion: s.finance_opinion as string | null,
      withdrawReason: s.withdraw_reason as string | null,
      lines: (s.lines as number | undefined) ?? 0,
      paid: (s.paid as number | undefined) ?? 0,
    };
  }

  /** One subsidy with the register's counts per kind (what 民政 computes from). */
  async subsidy(user: User, id: string) {
    const county = await this.readerCounty(user);
    const [s] = /^[0-9a-f-]{36}$/i.test(id)
      ? ((await this.ds.query(`SELECT s.*, f.figure_no AS "figureNo" FROM price_subsidy s JOIN price_figure f ON f.id = s.figure_id WHERE s.id = $1 AND s.county_code = $2`, [id, county])) as Record<string, any>[])
      : [];
    if (!s) throw new NotFoundError('PRICE_SUBSIDY_NOT_FOUND', '价格临时补贴不存在');
    const settings = await this.settings(county);
    return { ...this.subsidyView(s), register: await this.registerCounts(county, s.month, settings.groups), settings };
  }

  /**
   * 办理: 民政核算 (amount per person and the groups, the formula computed here)
   * or 财政审核 (approve with the funds' source, or send back). Through the
   * engine outbox: the subsidy's record, the task fact and the engine's
   * completion commit together; a crash in between is finished by the reconciler.
   */
  async completeTask(user: User, subsidyId: string, taskId: string, body: unknown) {
    const county = await this.readerCounty(user);
    const engine = this.eng();
    let s: Record<string, any> | undefined;
    const {
      task,
      fact: { candidateGroups },
    } = await ownTask(engine, user, taskId, PROCESS.priceLinkage, async (t) => {
      if (!/^[0-9a-f-]{36}$/i.test(subsidyId)) return false;
      [s] = (await this.ds.query(`SELECT s.*, f.process_instance_id AS pi FROM price_subsidy s JOIN price_figure f ON f.id = s.figure_id WHERE s.id = $1 AND s.county_code = $2`, [subsidyId, county])) as Record<string, any>[];
      return s?.pi === t.processInstanceId;
    });
    // Bad input is refused before anything changes (the record checks again in the completion's transaction).
    const compute = task.taskDefinitionKey === 'Task_PriceSubsidyCompute';
    if (compute) await this.computation(this.ds.manager, county, s!.month, body);
    else approvalInput(body);
    await claimOwn(engine, user, task);
    await new OutboxService(this.ds, engine).completeTask('price.complete', user, await taskCompletionOf(engine, task, candidateGroups, body));
    const [after] = (await this.ds.query(`SELECT status, households, persons, total_fen, formula FROM price_subsidy WHERE id = $1`, [subsidyId])) as Record<string, any>[];
    if (compute) return { status: after!.status as string, households: after!.households as number, persons: after!.persons as number, totalYuan: Number(after!.total_fen) / 100, formula: after!.formula as string };
    return { status: after!.status as string };
  }

  /** 民政核算: the 在保对象 of the kinds chosen in the subsidy's month, and the formula (400 when nobody is there). */
  private async computation(em: EntityManager, county: string, month: string, body: unknown) {
    const input = parseOrThrow(subsidyComputeSchema, body, '补贴核算');
    const kinds = [...new Set(input.kinds)];
    const configured = (await this.settings(county, em)).groups;
    const groups = [...new Set(input.groups ?? [])];
    const unknown = groups.find((g) => !configured.some((c) => c.code === g));
    if (unknown) throw new BadRequestError('PRICE_GROUP_UNKNOWN', `“${unknown.slice(0, 24)}”不是本县设置的其他保障群体`, 'groups');
    const amountFen = Math.round(input.amountYuanPerPerson * 100);
    const rows = await this.beneficiaries(em, county, month, kinds, groups);
    if (!rows.length) throw new BadRequestError('PRICE_NO_BENEFICIARIES', `${month} 所选类别没有在保对象，无需发放`, 'kinds');
    const persons = rows.reduce((n, r) => n + r.household_size, 0);
    const total = persons * amountFen;
    const inRegister = rows.filter((r) => r.id);
    const part = (label: string, of: typeof rows) => `${label} ${of.length} 户 ${of.reduce((n, r) => n + r.household_size, 0)} 人`;
    const parts = [part(`${kinds.map((k) => RECIPIENT_KIND_NAMES[k]).join('、')}在保对象`, inRegister)];
    for (const g of groups)
      parts.push(
        part(
          `${configured.find((c) => c.code === g)!.name}（不含已在保的）`,
          rows.filter((r) => r.kind === g),
        ),
      );
    const sum = parts.length > 1 ? `，合计 ${rows.length} 户 ${persons} 人` : '';
    const formula = `${parts.join(' + ')}${sum} × 每人每月 ${yuan(amountFen)} 元 = ${yuan(total)} 元（${input.opinion}）`;
    return { kinds, groups, amountFen, households: rows.length, persons, total, formula };
  }

  /**
   * The records of a price-linkage task's completion — the computation or 财政's
   * decision on the subsidy — written in the transaction that completes the
   * engine task (by the outbox, live or by its reconciler). Returns the process variables.
   */
  static async recordCompletion(em: EntityManager, user: User, c: TaskCompletion): Promise<Record<string, unknown>> {
    const [s] = (await em.query(`SELECT s.* FROM price_subsidy s JOIN price_figure f ON f.id = s.figure_id WHERE f.process_instance_id = $1 FOR UPDATE OF s`, [c.processInstanceId])) as Record<string, any>[];
    if (!s) throw new NotFoundError('PRICE_SUBSIDY_NOT_FOUND', '价格临时补贴不存在');
    if (s.status === 'withdrawn') throw new ConflictError('PRICE_SUBSIDY_WITHDRAWN', `${s.month} 的价格数据已更正为未达启动条件，该月补贴已撤销，无需再办理`);
    if (c.taskKey === 'Task_PriceSubsidyCompute') {
      const k = await new PriceService(em.connection).computation(em, s.county_code, s.month, c.input);
      await em.query(
        `UPDATE price_subsidy SET status = 'finance_review', kinds = $2, amount_per_person_fen = $3, households = $4, persons = $5, total_fen = $6, formula = $7, computed_by_name = $8, computed_at = now(), groups = $9 WHERE id = $1`,
        [s.id, k.kinds, k.amountFen, k.households, k.persons, k.total, k.formula, user.displayName, k.groups],
      );
      return {};
    }
    const input = approvalInput(c.input);
    // (after a crash, the payment step may already have moved the subsidy on: its status is then left as it is)
    await em.query(`UPDATE price_subsidy SET status = CASE WHEN status = 'finance_review' THEN $2 ELSE status END, funds_ref = $3, approved_by_name = $4, approved_at = CASE WHEN $5 THEN now() END, finance_opinion = $6 WHERE id = $1`, [
      s.id,
      input.approved ? 'paying' : 'computing',
      input.approved ? input.fundsRef!.trim() : null,
      input.approved ? user.displayName : null,
      input.approved,
      input.opinion,
    ]);
    return { approved: input.approved };
  }
}

/** 财政审核's form: approving needs the funds' source (预算指标文号). */
function approvalInput(body: unknown): z.infer<typeof subsidyApproveSchema> {
  const input = parseOrThrow(subsidyApproveSchema, body, '财政审核');
  if (input.approved && !input.fundsRef?.trim()) throw new BadRequestError('FUNDS_REF_REQUIRED', '同意拨付须注明资金来源（预算指标文号）；资金未落实的请退回', 'fundsRef');
  if (input.approved && input.fundsRef!.trim().length < 4) throw new BadRequestError('FUNDS_REF_INVALID', '资金来源至少 4 个字', 'fundsRef');
  return input;
}
