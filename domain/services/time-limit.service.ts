/**
 * 办理时限应用到在办任务: after an admin changes a step's time limit, the open
 * tasks of that step in the admin's county get the instants of the new rule,
 * counted from when each task was created — the task's due date, the deadline
 * variables the escalation step reads, and the ladder's boundary timer jobs
 * that have not fired yet (a timer moved into the past fires at once).
 */
import type { DataSource } from 'typeorm';
import { TimeLimitRuleRow } from '../entities/escalation.entity.js';
import type { User } from '../entities/user.entity.js';
import { countyCodeOf } from '../engine/contract.js';
import type { EngineClient, EngineTask } from '../engine/engine-client.js';
import { engineCall } from '../engine/engine-calls.js';
import { deadlineVar, type DeadlineService } from '../deadlines/deadline.service.js';
import { BadRequestError, NotFoundError } from '../errors.js';
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

export class TimeLimitService {
  constructor(
    private readonly ds: DataSource,
    private readonly engine: EngineClient,
    private readonly deadlines: DeadlineService,
  ) {}

  /** Recomputes the deadlines of the open tasks of a rule's step in the admin's county. */
  async applyToOpenTasks(user: User, ruleId: string): Promise<AppliedTimeLimit> {
    const rule = /^[0-9a-f-]{36}$/i.test(ruleId) ? await this.ds.getRepository(TimeLimitRuleRow).findOneBy({ id: ruleId }) : null;
    if (!rule) throw new NotFoundError('TIME_LIMIT_NOT_FOUND', '办理时限规则不存在');
    if (DEADLINE_SET_BY_PEOPLE.has(rule.taskKey)) throw new BadRequestError('TIME_LIMIT_SET_BY_PEOPLE', `“${rule.stepName}”的期限由联席会议议定，不随办理时限规则重算`);
    const filter = { processDefinitionKey: rule.processKey, taskDefinitionKey: rule.taskKey, processVariables: [{ name: 'countyCode', operator: 'eq', value: countyCodeOf(user.unitCode) }] };
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
      const i = await this.deadlines.instantsFor(rule.processKey, rule.taskKey, created);
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
