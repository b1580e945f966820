/**
 * 职责分离 (separation of duties): the one place that decides who may act on a
 * task and who may receive one (转办, 委派, 加签). Every task route goes through
 * assertMayActOnTask; every route that hands a task to someone else goes
 * through assertMayReceiveTask.
 *
 * The rules:
 * - only users of the task's candidate groups act on it or receive it (a
 *   delegate too: 委派 never widens who handles a task);
 * - while a delegation is pending (委派中) only the delegate acts, and only to
 *   hand it back (resolve); the owner completes after that;
 * - nobody takes a decision step (审核、审批、评议) of a case they registered
 *   or reported themselves, whatever the route.
 */
import type { AssistanceCase } from '../entities/assistance-case.entity.js';
import type { User } from '../entities/user.entity.js';
import type { EngineTask } from '../engine/engine-client.js';
import { BadRequestError, ConflictError, ForbiddenError } from '../errors.js';
import { groupsOf } from './auth.service.js';

/** What the rules need to know about a task. */
export interface TaskSubject {
  task: EngineTask;
  /** The task's candidate groups (engine identity links of type candidate). */
  candidateGroups: string[];
  /** The case of the task (null for joint-conference and other case-less tasks). */
  caseRow: Pick<AssistanceCase, 'registeredBy'> | null;
}

/** What a user does with a task. `view` is reading it; every other action changes it. */
export type TaskAction = 'view' | 'claim' | 'complete' | 'transfer' | 'delegate' | 'resolve' | 'return' | 'copy' | 'add-signer';

/**
 * Decision steps: the user tasks that approve, review or assess (审批、审核、评议、异议核实).
 * Any task key naming an approval or a review counts, so a step added to a
 * model later is covered by its name.
 */
export function isDecisionStep(taskKey: string): boolean {
  return /Approval|Review|Audit/.test(taskKey);
}

/** True when the user registered or reported (主动发现) the task's case and the task is a decision step. */
export function decidesOwnCase(user: Pick<User, 'id'>, s: TaskSubject): boolean {
  return !!s.caseRow && s.caseRow.registeredBy === user.id && isDecisionStep(s.task.taskDefinitionKey);
}

/** True when the user is one of those the task is addressed to (its candidate groups). */
export function isCandidate(user: Pick<User, 'role' | 'departmentCode' | 'unitCode'>, s: TaskSubject): boolean {
  const mine = groupsOf(user);
  return s.candidateGroups.some((g) => mine.includes(g));
}

const delegationPending = (task: EngineTask) => task.delegationState === 'PENDING';

/**
 * May this user do this with this task? Throws the refusal (403 when the user
 * may not touch the task at all, 409 when the task's state forbids the action
 * now); returns when allowed. Used by every task route (办理, 签收, 转办, 委派,
 * 交回, 退回, 抄送, 加签, conference forms).
 */
export function assertMayActOnTask(user: User, s: TaskSubject, action: TaskAction): void {
  const { task } = s;
  const involved = task.assignee === user.id || (delegationPending(task) && task.owner === user.id) || isCandidate(user, s);
  if (!involved) throw new ForbiddenError('TASK_FORBIDDEN', '该任务不属于您所在部门，无权查看或办理');
  if (action === 'view') return;
  if (decidesOwnCase(user, s)) {
    throw new ForbiddenError('SEPARATION_OF_DUTIES', '您是该申请的登记人或报告人，不能审核审批本人登记或报告的申请');
  }
  if (delegationPending(task)) {
    if (task.assignee === user.id) {
      if (action !== 'resolve' && action !== 'copy') throw new ConflictError('TASK_DELEGATED', '该任务委派给您协助办理，请办理后交回委派人，由委派人办结');
    } else {
      throw new ConflictError('TASK_DELEGATED', '该任务已委派他人协助办理，须待被委派人交回后再办理');
    }
  } else if (action === 'resolve') {
    throw new ConflictError('TASK_NOT_DELEGATED', '该任务不是委派给您的任务');
  }
}

/**
 * May this user receive the task from someone else (转办 to a colleague, 委派,
 * 加签)? Only a user the task is addressed to, and never the registrant or
 * reporter of the case for a decision step. Throws 400 `TO_USERNAME_INVALID`
 * naming the reason; returns when allowed.
 */
export function assertMayReceiveTask(target: User, s: TaskSubject, how: '转办' | '委派' | '加签'): void {
  if (!isCandidate(target, s)) throw new BadRequestError('TO_USERNAME_INVALID', `只能${how}给有权办理该任务的人员`, 'toUsername');
  if (decidesOwnCase(target, s)) throw new BadRequestError('TO_USERNAME_INVALID', `所选人员是该申请的登记人或报告人，不能${how}其审核审批本人登记或报告的申请`, 'toUsername');
}
