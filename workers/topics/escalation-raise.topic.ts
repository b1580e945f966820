/**
 * escalation.raise — 时限预警: one of the three boundary timers of a user task
 * fired. Raises every level of the ladder whose instant has passed and that
 * was not raised yet (a late reminder job may find the due time passed too),
 * for every open task of that step in the instance.
 */
import { TOPIC } from '../../domain/engine/contract.js';
import { type DeadlineService, deadlineVar } from '../../domain/deadlines/deadline.service.js';
import type { EngineClient } from '../../domain/engine/engine-client.js';
import type { AlertService } from '../../domain/services/alert.service.js';
import { engineMs } from '../../domain/services/statistics.service.js';
import type { TopicDefinition } from '../topic.js';

/** Timers may fire a little early relative to our clock; treat instants within this margin as passed. */
const CLOCK_MARGIN_MS = 1_000;

/** Built with the engine (the step's open tasks and their groups), the deadlines (days late) and the alerts it raises. */
export const escalationRaiseTopic = ({
  engine,
  deadlines,
  alerts,
}: {
  engine: Pick<EngineClient, 'queryTasks' | 'identityLinks'>;
  deadlines: Pick<DeadlineService, 'lateWorkingDays'>;
  alerts: Pick<AlertService, 'raise'>;
}): TopicDefinition => ({
  topic: TOPIC.escalationRaise,
  variables: null,
  async handle({ activityId, processInstanceId, businessKey, variables, log }) {
    const taskKey = activityId.replace(/^Escalate_/, '');
    const instant = (name: string) => (typeof variables[name] === 'string' ? new Date(variables[name] as string) : null);
    const remindAt = instant(deadlineVar.remind(taskKey));
    const dueAt = instant(deadlineVar.due(taskKey));
    const escalateAt = instant(deadlineVar.escalate(taskKey));
    if (!remindAt || !dueAt || !escalateAt) throw new Error(`instance ${processInstanceId} has no deadline variables for ${taskKey}`);
    const now = Date.now() + CLOCK_MARGIN_MS;
    const levels = (
      [
        ['remind', remindAt],
        ['warning', dueAt],
        ['escalation', escalateAt],
      ] as const
    )
      .filter(([, at]) => at.getTime() <= now)
      .map(([l]) => l);
    const all = await engine.queryTasks({ processInstanceId, taskDefinitionKey: taskKey }, 0, 100);
    // Steps with a due date per instance (one 议定事项 per item, each with its own deadline): only the tasks of this timer's due date.
    const same = all.filter((t) => !t.due || Math.abs(engineMs(t.due) - dueAt.getTime()) < 1_000);
    const tasks = same.length ? same : all;
    const late = await deadlines.lateWorkingDays(dueAt);
    for (const t of tasks) {
      // The task may be completed between the query and here (its timers had fired): then nothing is late.
      const links = await engine.identityLinks(t.id).catch(async (err: unknown) => {
        if ((await engine.queryTasks({ taskId: t.id }, 0, 1)).length === 0) return null;
        throw err;
      });
      if (!links) continue;
      const groups = links.filter((l) => l.type === 'candidate' && l.groupId).map((l) => l.groupId!);
      for (const level of levels) {
        const a = await alerts.raise(level, { id: t.id, name: t.name, processInstanceId, assignee: t.assignee, businessKey, candidateGroups: groups }, dueAt, late);
        if (a) log.info({ level, taskId: t.id }, '已发出时限预警');
      }
    }
  },
});
