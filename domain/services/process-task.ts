/**
 * The user task a person completes on a page of its own (物价联动, 标准调整,
 * 月度发放, 定期核查, 冬春救助):
 * found in the engine, checked to belong to the record the page shows and to
 * the person (a candidate group of theirs, or assigned to them), with the task
 * fact its completion writes for the statistics.
 */
import type { EngineClient, EngineTask } from '../engine/engine-client.js';
import { engineCall } from '../engine/engine-calls.js';
import type { TaskFactRow } from '../entities/task-fact.entity.js';
import type { User } from '../entities/user.entity.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { groupsOf } from './auth.service.js';

export interface OwnTask {
  task: EngineTask;
  /** The task fact to write with the completion. */
  fact: Omit<TaskFactRow, 'late'>;
}

/**
 * The open task `taskId` of the process instance `instanceOf(task)` names, if
 * the user may complete it: 404 for an unknown task or one of another record,
 * 403 for someone outside its groups, 409 when a colleague has claimed it.
 */
export async function ownTask(engine: EngineClient, user: User, taskId: string, processKey: string, belongs: (task: EngineTask) => Promise<boolean>): Promise<OwnTask> {
  const gone = () => new NotFoundError('TASK_NOT_FOUND', '任务不存在或已办结');
  if (!/^[\w-]{1,64}$/.test(taskId)) throw gone();
  const task = await engineCall(() => engine.getTask(taskId), { 404: gone });
  if (!(await belongs(task))) throw gone();
  const links = await engineCall(() => engine.identityLinks(taskId));
  const candidateGroups = links.filter((l) => l.type === 'candidate' && l.groupId).map((l) => l.groupId!);
  if (!(task.assignee === user.id || candidateGroups.some((g) => groupsOf(user).includes(g)))) throw new ForbiddenError('TASK_FORBIDDEN', '该任务不属于您，无权办理');
  if (task.assignee && task.assignee !== user.id) throw new ConflictError('TASK_ALREADY_CLAIMED', '该任务已被同事签收，您不能办理');
  return {
    task,
    fact: {
      taskId,
      processInstanceId: task.processInstanceId,
      processKey,
      taskKey: task.taskDefinitionKey,
      taskName: task.name.slice(0, 128),
      candidateGroups,
      assignee: user.id,
      createdAt: new Date(task.created),
      dueAt: task.due ? new Date(task.due) : null,
      completedAt: new Date(),
    },
  };
}

/**
 * Claims the open task for the user before an outbox completion (if nobody has): the engine's
 * history then names who completed it, which the outbox's reconciler relies on after a crash.
 */
export async function claimOwn(engine: EngineClient, user: User, task: EngineTask): Promise<void> {
  if (task.assignee) return;
  await engineCall(() => engine.claim(task.id, user.id), { refused: () => new ConflictError('TASK_ALREADY_CLAIMED', '该任务已被同事签收，您不能办理') });
}
