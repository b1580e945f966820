/**
 * 办理时限应用到在办任务: after an admin changes a step's time limit, the open
 * tasks of that step in the admin's county get the instants of the new rule,
 * counted from when each task was created — the task's due date, the deadline
 * variables the escalation step reads, and the ladder's boundary timer jobs
 * that have not fired yet (a timer moved into the past fires at once).
 */
import { type DataSource, In } from 'typeorm';
import { DEFAULT_COUNTY, TimeLimitRuleRow } from '../entities/escalation.entity.js';
import { INSTALLATION_ROLE } from '../roles.js';
import type { User } from '../entities/user.entity.js';
import { countyCodeOf } from '../engine/contract.js';
import type { EngineClient, EngineTask } from '../engine/engine-client.js';
import { engineCall } from '../engine/engine-calls.js';
import { deadlineVar, type DeadlineService } from '../deadlines/deadline.service.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../errors.js';
import { engineMs } from './statistics.service.js';

/** Steps whose deadline people set (a 议定事项's agreed date), not the step's rule. */
const DEADLINE_SET_BY_PEOPLE = new Set(['Task_ImplementItem']);

/** The ladder's boundary timers of a step, by the instant each one reads. */
const TIMERS = [
  ['Remind', 'remindAt'],
  ['Due', 'dueAt'],
  ['Escalate', 'escalateAt'],
] as const;

export interface AppliedTimeLimit {
  processKey: string;
  taskKey: string;
  stepName: string;
  /** Open tasks whose due date was recomputed. */
  tasks: number;
  /** Boundary timer jobs moved (those already fired stay fired). */
  timers: number;
}

/** The values of a rule (what the admin edits). */
type RuleValues = Pick<TimeLimitRuleRow, 'amount' | 'unit' | 'remindBeforeAmount' | 'remindBeforeUnit' | 'graceAmount' | 'graceUnit'>;
const valuesOf = (r: RuleValues): RuleValues => ({ amount: r.amount, unit: r.unit, remindBeforeAmount: r.remindBeforeAmount, remindBeforeUnit: r.remindBeforeUnit, graceAmount: r.graceAmount, graceUnit: r.graceUnit });

/** A step's rule as the 办理时限 page shows it: the one in force in the county, whether it is the county's own, and the default it would inherit. */
export type TimeLimitRuleView = TimeLimitRuleRow & { own: boolean; defaults: RuleValues };

/**
 * Whose values an admin's request edits: a county admin their county's own
 * (`?county=` absent or their county), the 系统管理员（全省） the installation
 * defaults (null). Any other county, or the defaults for a county admin, is
 * refused with 403.
 */
export function settingScope(user: User, requested?: unknown): string | null {
  const asked = typeof requested === 'string' && requested !== '' ? requested : undefined;
  if (user.role === INSTALLATION_ROLE) {
    if (asked === undefined || asked === 'default') return null;
    throw new ForbiddenError('COUNTY_VALUE_FORBIDDEN', '系统管理员（全省）只设置全省默认值，各县自己的取值由该县系统管理员设置');
  }
  const own = countyCodeOf(user.unitCode);
  if (asked === 'default') throw new ForbiddenError('DEFAULT_VALUE_FORBIDDEN', '全省默认值只能由系统管理员（全省）修改，县系统管理员只能设置本县的取值');
  if (asked !== undefined && asked !== own) throw new ForbiddenError('COUNTY_FORBIDDEN', '只能查看和修改本县的取值');
  return own;
}

export class TimeLimitService {
  constructor(
    private readonly ds: DataSource,
    private readonly engine: EngineClient,
    private readonly deadlines: DeadlineService,
  ) {}

  /** The rules of every step in force in a county (its own where set, else the default); county null: the defaults. */
  async list(countyCode: string | null): Promise<TimeLimitRuleView[]> {
    const rows = await this.ds.getRepository(TimeLimitRuleRow).find({ where: { countyCode: In(countyCode ? [countyCode, DEFAULT_COUNTY] : [DEFAULT_COUNTY]) }, order: { processKey: 'ASC', taskKey: 'ASC' } });
    const own = new Map(rows.filter((r) => r.countyCode !== DEFAULT_COUNTY).map((r) => [`${r.processKey}/${r.taskKey}`, r]));
    return rows
      .filter((r) => r.countyCode === DEFAULT_COUNTY)
      .map((d) => {
        const o = own.get(`${d.processKey}/${d.taskKey}`);
        return { ...(o ?? d), own: !!o, defaults: valuesOf(d) };
      });
  }

  /**
   * Sets a step's rule for the scope (a county's own, or the default). `ruleId`
   * names the step: its default row or a county's row — another county's row is refused.
   */
  async update(user: User, scope: string | null, ruleId: string, values: RuleValues): Promise<TimeLimitRuleView> {
    const step = await this.step(user, ruleId);
    const repo = this.ds.getRepository(TimeLimitRuleRow);
    const row = { ...valuesOf(values), updatedBy: user.username, updatedAt: new Date() };
    if (scope === null) await repo.update({ processKey: step.processKey, taskKey: step.taskKey, countyCode: DEFAULT_COUNTY }, row);
    else await repo.upsert({ processKey: step.processKey, taskKey: step.taskKey, stepName: step.stepName, countyCode: scope, ...row }, ['processKey', 'taskKey', 'countyCode']);
    return (await this.list(scope)).find((r) => r.processKey === step.processKey && r.taskKey === step.taskKey)!;
  }

  /** 恢复默认: the county's own rule of the step is removed; the installation default applies to tasks arriving afterwards. */
  async reset(user: User, scope: string, ruleId: string): Promise<TimeLimitRuleView> {
    const step = await this.step(user, ruleId);
    await this.ds.getRepository(TimeLimitRuleRow).delete({ processKey: step.processKey, taskKey: step.taskKey, countyCode: scope });
    return (await this.list(scope)).find((r) => r.processKey === step.processKey && r.taskKey === step.taskKey)!;
  }

  /** The rule row an id names, when it is a default or the user's county's own (another county's: 403). */
  private async step(user: User, ruleId: string): Promise<TimeLimitRuleRow> {
    const rule = /^[0-9a-f-]{36}$/i.test(ruleId) ? await this.ds.getRepository(TimeLimitRuleRow).findOneBy({ id: ruleId }) : null;
    if (!rule) throw new NotFoundError('TIME_LIMIT_NOT_FOUND', '办理时限规则不存在');
    if (rule.countyCode !== DEFAULT_COUNTY && rule.countyCode !== countyCodeOf(user.unitCode)) throw new ForbiddenError('COUNTY_FORBIDDEN', '只能查看和修改本县的取值');
    return rule;
  }

  /** Recomputes the deadlines of the open tasks of a rule's step in the admin's county, under the rule in force there. */
  async applyToOpenTasks(user: User, ruleId: string): Promise<AppliedTimeLimit> {
    const rule = await this.step(user, ruleId);
    const county = countyCodeOf(user.unitCode);
    if (DEADLINE_SET_BY_PEOPLE.has(rule.taskKey)) throw new BadRequestError('TIME_LIMIT_SET_BY_PEOPLE', `“${rule.stepName}”的期限由联席会议议定，不随办理时限规则重算`);
    const filter = { processDefinitionKey: rule.processKey, taskDefinitionKey: rule.taskKey, processVariables: [{ name: 'countyCode', operator: 'eq', value: county }] };
    const tasks: EngineTask[] = [];
    for (let first = 0; ; first += 500) {
      const page = await engineCall(() => this.engine.queryTasks(filter, first, 500));
      tasks.push(...page);
      if (page.length < 500) break;
    }
    let timers = 0;
    // The deadline variables live on the instance: tasks of one step in one instance (转介 to several departments) share them.
    const byInstance = new Map<string, EngineTask[]>();
    for (const t of tasks) byInstance.set(t.processInstanceId, [...(byInstance.get(t.processInstanceId) ?? []), t]);
    for (const [pi, list] of byInstance) {
      const created = new Date(Math.min(...list.map((t) => engineMs(t.created))));
      const i = await this.deadlines.instantsFor(rule.processKey, rule.taskKey, created, county);
      if (!i) continue;
      await engineCall(() =>
        this.engine.setVariables(pi, { [deadlineVar.remind(rule.taskKey)]: i.remindAt.toISOString(), [deadlineVar.due(rule.taskKey)]: i.dueAt.toISOString(), [deadlineVar.escalate(rule.taskKey)]: i.escalateAt.toISOString() }),
      );
      for (const t of list) await engineCall(() => this.engine.updateTask(t, { due: i.dueAt }));
      for (const [suffix, instant] of TIMERS) {
        for (const job of await engineCall(() => this.engine.timerJobs(pi, `Timer_${rule.taskKey}_${suffix}`))) {
          await engineCall(() => this.engine.setJobDueDate(job.id, i[instant]));
          timers++;
        }
      }
    }
    return { processKey: rule.processKey, taskKey: rule.taskKey, stepName: rule.stepName, tasks: tasks.length, timers };
  }
}
