/**
 * The task operations of Chinese government workflow systems, beyond claim
 * and complete: 转办 (transfer to a colleague or another department), 委派
 * (delegate, then resolve back), 退回 (return to an earlier step) and 抄送
 * (copy for information). Each is recorded in the case timeline with who,
 * when and the opinion, and each uses the engine's own operations.
 */
import { In, IsNull, Like, type DataSource } from 'typeorm';
import { countyCodeOf, group, parseGroup } from '../engine/contract.js';
import { z } from 'zod';
import { CONFERENCE_TASK } from '../../contracts/conference.schema.js';
import { CaseEvent } from '../entities/case-event.entity.js';
import { Department } from '../entities/department.entity.js';
import { Referral } from '../entities/case-step.entity.js';
import { TaskCopy } from '../entities/task-copy.entity.js';
import { User } from '../entities/user.entity.js';
import type { EngineClient, EngineTask, HistoricActivity, HistoricTask } from '../engine/engine-client.js';
import { AssistanceCase } from '../entities/assistance-case.entity.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { assertMayReceiveTask, decidesOwnCase, isCandidate, type TaskSubject } from './separation-of-duties.service.js';
import type { DeadlineService } from '../deadlines/deadline.service.js';
import type { TaskService } from './task.service.js';
import { canViewCase, mayReadCase } from './case.service.js';
import { Household } from '../entities/household.entity.js';
import { engineCall, engineStatus, taskActionInEngine } from '../engine/engine-calls.js';
import type { CopyItem, TaskActionOptions } from './views.js';
import type { copySchema, cosignSchema, delegateSchema, recallSchema, resolveSchema, returnSchema, signSchema, transferSchema } from '../../contracts/task.schema.js';
export type { CopyItem, TaskActionOptions } from './views.js';

/**
 * 撤回: the steps whose completion may be taken back while the next step is unclaimed. Each writes
 * nothing but its own record and leads (through gateways only) to another person's step, so
 * restarting it undoes nothing that reached the household or another department.
 */
export const RECALLABLE_STEPS = new Set(['Task_HomeVisit', 'Task_CompleteFile']);
/** Activities that may lie between a recallable step and the next one (they do no work of their own). */
const PASS_THROUGH = new Set(['exclusiveGateway', 'parallelGateway', 'inclusiveGateway', 'userTask']);

/**
 * 退回: the earlier steps each step may return a case to, nearest first, each with its rule (shown in
 * the dialog). Only steps that record a finding and lead forward through the model again: whatever
 * followed the chosen step (民主评议, 公示) is done anew, so nothing decided on the old finding stands.
 */
const RETURN_STEP = {
  homeVisit: { to: 'Task_HomeVisit', name: '入户调查', rule: '调查情况不实或不全时选择：村级重新入户调查，之后重新民主评议、公示。' },
  review: { to: 'Task_DemocraticReview', name: '民主评议', rule: '入户调查无误、评议程序或结果有问题时选择：重新民主评议，之后重新公示。' },
  completeFile: { to: 'Task_CompleteFile', name: '后补材料和手续', rule: '材料或手续不全时选择：乡镇经办人补办后重新报批。' },
};
export const RETURN_TARGETS: Record<string, { to: string; name: string; rule: string }[]> = {
  Task_DemocraticReview: [RETURN_STEP.homeVisit],
  Task_CountyApproval: [RETURN_STEP.review, RETURN_STEP.homeVisit],
  Task_ReviewObjection: [RETURN_STEP.review, RETURN_STEP.homeVisit],
  Task_CountyTemporaryApproval: [RETURN_STEP.completeFile],
};

export class TaskActionsService {
  constructor(
    private readonly ds: DataSource,
    private readonly engine: EngineClient,
    private readonly tasks: TaskService,
    private readonly deadlines: DeadlineService,
  ) {}

  private async target(name: string): Promise<User> {
    const u = await this.ds.getRepository(User).findOneBy({ username: name, active: true });
    if (!u) throw new BadRequestError('TO_USERNAME_INVALID', '所选人员不存在', 'toUsername');
    return u;
  }

  private async record(caseId: string | undefined, kind: string, step: string, user: User, text: string): Promise<void> {
    if (!caseId) return;
    await this.ds.getRepository(CaseEvent).insert({ caseId, kind, stepName: step.slice(0, 64), actorId: user.id, actorName: user.displayName, departmentCode: user.departmentCode, opinion: text, dedupKey: null });
  }

  /** 转办: to a colleague who shares the task's group, or from one department to another. */
  async transfer(user: User, taskId: string, body: z.infer<typeof transferSchema>): Promise<void> {
    const subject = await this.tasks.authorize(user, taskId, 'transfer');
    const { task, caseRow, candidateGroups: groups } = subject;
    if (task.assignee && task.assignee !== user.id) throw new ConflictError('TASK_ALREADY_CLAIMED', '该任务已被同事签收，您不能转办');
    if (body.toUsername) {
      const to = await this.target(body.toUsername);
      if (to.id === user.id) throw new BadRequestError('TO_USERNAME_INVALID', '不能转办给自己', 'toUsername');
      assertMayReceiveTask(to, subject, '转办');
      await taskActionInEngine(() => this.engine.setAssignee(taskId, to.id));
      await this.record(caseRow?.id, 'task_transferred', task.name, user, `转办给 ${to.displayName}：${body.opinion}`);
      return;
    }
    const from = groups.find((g) => g === group.dept(countyCodeOf(user.unitCode), user.departmentCode)) ?? groups.find((g) => parseGroup(g)?.kind === 'dept');
    if (!from) throw new BadRequestError('TO_DEPARTMENT_INVALID', '该任务不属于部门待办，不能转办到其他部门', 'toDepartment');
    // A department's opinion in a joint conference is its own: another department cannot give it.
    if (task.taskDefinitionKey === CONFERENCE_TASK.opinion) throw new ConflictError('TASK_NOT_TRANSFERABLE', '部门意见须由本部门提出，不能转办到其他部门');
    const dept = await this.ds.getRepository(Department).findOneBy({ code: body.toDepartment!, active: true });
    // The task stays in its county: it goes to that county's department.
    const fromGroup = parseGroup(from)!;
    const county = fromGroup.county ?? countyCodeOf(user.unitCode);
    const toGroup = dept ? group.dept(county, dept.code) : '';
    if (!dept || toGroup === from) throw new BadRequestError('TO_DEPARTMENT_INVALID', '请选择其他成员单位', 'toDepartment');
    // A task sent to a department nobody works would wait unseen until its escalation.
    if (!(await this.ds.getRepository(User).existsBy({ departmentCode: dept.code, role: In(['handler', 'head']), active: true, unitCode: Like(`${county}%`) }))) {
      throw new BadRequestError('TO_DEPARTMENT_INVALID', `${dept.name}暂无在岗经办人，不能转办`, 'toDepartment');
    }
    await this.ds.transaction(async (em) => {
      // A transferred referral (转介) belongs to the receiving department from now on: its record, and reading the case.
      if (task.taskDefinitionKey === 'Task_Referral' && caseRow) {
        const fromDept = fromGroup.code;
        if (await em.existsBy(Referral, { caseId: caseRow.id, departmentCode: dept.code })) throw new ConflictError('REFERRAL_EXISTS', `${dept.name}已有本申请的转介任务，不能重复转介`);
        await em.update(Referral, { caseId: caseRow.id, departmentCode: fromDept, status: 'pending' }, { departmentCode: dept.code });
      }
      await taskActionInEngine(() => this.engine.replaceCandidateGroup(taskId, from, toGroup));
    });
    if (task.assignee) await taskActionInEngine(() => this.engine.setAssignee(taskId, null));
    await this.record(caseRow?.id, 'task_transferred', task.name, user, `转办至${dept.name}：${body.opinion}`);
  }

  /** 委派: the delegate handles it and resolves it back; the owner completes. */
  async delegate(user: User, taskId: string, body: z.infer<typeof delegateSchema>): Promise<void> {
    const subject = await this.tasks.authorize(user, taskId, 'delegate');
    const { task, caseRow } = subject;
    if (task.assignee && task.assignee !== user.id) throw new ConflictError('TASK_ALREADY_CLAIMED', '该任务已被同事签收，您不能委派');
    const to = await this.target(body.toUsername);
    if (to.id === user.id) throw new BadRequestError('TO_USERNAME_INVALID', '不能委派给自己', 'toUsername');
    assertMayReceiveTask(to, subject, '委派');
    if (!task.assignee) await this.tasks.claim(user, taskId);
    await taskActionInEngine(() => this.engine.delegate(taskId, to.id));
    await this.record(caseRow?.id, 'task_delegated', task.name, user, `委派 ${to.displayName} 协助办理：${body.opinion}`);
  }

  /** The delegate hands the task back with their opinion. */
  async resolve(user: User, taskId: string, body: z.infer<typeof resolveSchema>): Promise<void> {
    // Only the delegate of a pending delegation gets past the rules of 'resolve'.
    const { task, caseRow } = await this.tasks.authorize(user, taskId, 'resolve');
    await taskActionInEngine(() => this.engine.resolve(taskId));
    await this.record(caseRow?.id, 'task_resolved', task.name, user, `委派办理完毕，交回：${body.opinion}`);
  }

  /** 退回: back to the chosen earlier step of the model (by default the nearest), with fresh deadlines for it. */
  async returnTo(user: User, taskId: string, body: z.infer<typeof returnSchema>): Promise<{ to: string }> {
    const { task, caseRow } = await this.tasks.authorize(user, taskId, 'return');
    const targets = RETURN_TARGETS[task.taskDefinitionKey];
    if (!targets) throw new ConflictError('TASK_NOT_RETURNABLE', '该环节不能退回');
    const target = body.to ? targets.find((t) => t.to === body.to) : targets[0];
    if (!target) throw new BadRequestError('RETURN_TARGET_INVALID', `本环节只能退回至${targets.map((t) => `「${t.name}」`).join('或')}`, 'to');
    await this.armDeadlines(task.processDefinitionId, task.processInstanceId, target.to);
    await taskActionInEngine(() => this.engine.moveActivity(task.processInstanceId, task.taskDefinitionKey, target.to));
    await this.record(caseRow?.id, 'task_returned', task.name, user, `退回至${target.name}：${body.opinion}`);
    return { to: target.to };
  }

  /** A step started again (退回, 撤回) gets fresh deadlines: its timers read these variables when it starts, so they are set first. */
  private async armDeadlines(processDefinitionId: string, processInstanceId: string, activityId: string): Promise<void> {
    const processKey = await this.engine.processKeyOf(processDefinitionId);
    const instants = await this.deadlines.instantsFor(processKey, activityId, new Date(), await this.engine.countyOfInstance(processInstanceId));
    if (!instants) return;
    await taskActionInEngine(() =>
      this.engine.setVariables(processInstanceId, {
        [`${activityId}_remindAt`]: instants.remindAt.toISOString(),
        [`${activityId}_dueAt`]: instants.dueAt.toISOString(),
        [`${activityId}_escalateAt`]: instants.escalateAt.toISOString(),
      }),
    );
  }

  /** Who may receive this task from the user (转办, 委派, 加签): the separation-of-duties rule applied to every active account. */
  private async candidatesOf(user: User, subject: TaskSubject): Promise<User[]> {
    const users = await this.ds.getRepository(User).find({ where: { active: true }, order: { username: 'ASC' } });
    return users.filter((u) => u.id !== user.id && isCandidate(u, subject) && !decidesOwnCase(u, subject));
  }

  /** 取消签收: the claimant gives the task back to its group (not while it is delegated or awaits co-signers). */
  async unclaim(user: User, taskId: string): Promise<void> {
    const { task, caseRow } = await this.tasks.authorize(user, taskId, 'claim');
    if (task.assignee !== user.id) throw new ConflictError('TASK_NOT_CLAIMED_BY_YOU', '只有签收人可以取消签收');
    if (task.delegationState === 'PENDING') throw new ConflictError('TASK_DELEGATED', '任务委派中，请等被委派人交回后再取消签收');
    if (task.parentTaskId) throw new ConflictError('COSIGN_NOT_RETURNABLE', '加签任务不能取消签收，请签署意见');
    if ((await engineCall(() => this.engine.subtasks(taskId))).length) throw new ConflictError('COSIGN_PENDING', '还有加签人未签署意见，不能取消签收');
    await taskActionInEngine(() => this.engine.unclaim(taskId));
    await this.record(caseRow?.id, 'task_unclaimed', task.name, user, '取消签收，退回部门待办');
  }

  /**
   * 加签: asks a colleague who may act on the task (one of its candidate groups, e.g. the
   * department head) to sign an opinion first. The co-signature is an engine sub-task of the
   * task, assigned to the co-signer; the task cannot be completed while one is open.
   */
  async cosign(user: User, taskId: string, body: z.infer<typeof cosignSchema>): Promise<void> {
    const subject = await this.tasks.authorize(user, taskId, 'add-signer');
    const { task, caseRow } = subject;
    if (task.parentTaskId) throw new ConflictError('COSIGN_NOT_NESTED', '加签任务不能再加签');
    if (!caseRow) throw new ConflictError('COSIGN_NO_CASE', '只有救助申请的办理环节可以加签');
    if (task.assignee && task.assignee !== user.id) throw new ConflictError('TASK_ALREADY_CLAIMED', '该任务已被同事签收，您不能加签');
    if (task.delegationState === 'PENDING') throw new ConflictError('TASK_DELEGATED', '任务委派中，不能加签');
    const to = await this.target(body.toUsername);
    if (to.id === user.id) throw new BadRequestError('TO_USERNAME_INVALID', '不能加签给自己', 'toUsername');
    assertMayReceiveTask(to, subject, '加签');
    if ((await engineCall(() => this.engine.subtasks(taskId))).some((t) => t.assignee === to.id)) throw new ConflictError('COSIGN_DUPLICATE', `已请${to.displayName}加签，尚未签署`);
    if (!task.assignee) await this.tasks.claim(user, taskId);
    await taskActionInEngine(() => this.engine.createSubtask(taskId, { name: `加签：${task.name}`, assignee: to.id, description: body.note, due: task.due }));
    await this.record(caseRow.id, 'task_cosign_requested', task.name, user, `请 ${to.displayName} 加签：${body.note}`);
  }

  /** The co-signer signs: their opinion goes into the case timeline and the sub-task is completed. */
  async sign(user: User, subtaskId: string, body: z.infer<typeof signSchema>): Promise<void> {
    const { task, parent, caseRow } = await this.cosignTask(user, subtaskId);
    await taskActionInEngine(() => this.engine.completeSubtask(task.id));
    await this.record(caseRow?.id, 'task_cosigned', parent.name, user, `加签意见（${body.agree ? '同意' : '不同意'}）：${body.opinion}`);
  }

  /** A 加签 sub-task of the user, with its parent task and case; a sub-task whose parent is gone is removed (404). */
  async cosignTask(user: User, subtaskId: string): Promise<{ task: EngineTask; parent: EngineTask; caseRow: AssistanceCase | null }> {
    const { task } = await this.tasks.authorize(user, subtaskId);
    if (!task.parentTaskId) throw new ConflictError('TASK_NOT_COSIGN', '该任务不是加签任务');
    if (task.assignee !== user.id) throw new ForbiddenError('TASK_FORBIDDEN', '该加签任务不是请您签署的');
    const parent = await engineCall(() => this.engine.getTask(task.parentTaskId!)).catch(async (err) => {
      if (engineStatus(err) !== 404) throw err;
      await engineCall(() => this.engine.deleteSubtask(task.id));
      throw new NotFoundError('TASK_NOT_FOUND', '原办理环节已结束，加签已取消');
    });
    const caseRow = await this.ds.getRepository(AssistanceCase).findOneBy({ processInstanceId: parent.processInstanceId });
    return { task, parent, caseRow };
  }

  /**
   * 撤回: the user takes back a step they completed while the step that followed is still
   * unclaimed (and nothing but gateways ran in between). The engine's process-instance
   * modification starts the step again (with fresh deadlines) and cancels the next one.
   */
  async recall(user: User, historicTaskId: string, body: z.infer<typeof recallSchema>): Promise<{ taskId: string }> {
    const done = /^[\w-]{1,64}$/.test(historicTaskId) ? (await engineCall(() => this.engine.historicTasks({ taskId: historicTaskId })))[0] : undefined;
    if (!done || done.assignee !== user.id || !done.endTime) throw new NotFoundError('TASK_NOT_FOUND', '没有找到您办结的这个环节');
    const check = await this.recallCheck(done);
    if (!check.ok) throw new ConflictError(check.code, check.message);
    const pi = done.processInstanceId!;
    await this.armDeadlines(done.processDefinitionId!, pi, done.taskDefinitionKey!);
    await taskActionInEngine(() =>
      this.engine.restartBefore(
        pi,
        done.taskDefinitionKey!,
        check.next.map((a) => a.id),
      ),
    );
    const again = (await engineCall(() => this.engine.queryTasks({ processInstanceId: pi, taskDefinitionKey: done.taskDefinitionKey! }))).find((t) => !t.assignee);
    // claimed through the usual rules (separation of duties included)
    if (again) await this.tasks.claim(user, again.id);
    const caseRow = await this.ds.getRepository(AssistanceCase).findOneBy({ processInstanceId: pi });
    await this.record(caseRow?.id, 'task_recalled', done.name ?? '', user, `撤回已办结的「${done.name}」（下一环节「${check.next.map((a) => a.activityName).join('、')}」尚未签收）：${body.reason}`);
    return { taskId: again?.id ?? '' };
  }

  /** Whether a completed step may still be taken back, and if so the activity instances that followed it. */
  async recallCheck(done: HistoricTask): Promise<{ ok: true; next: HistoricActivity[] } | { ok: false; code: string; message: string }> {
    if (!done.taskDefinitionKey || !RECALLABLE_STEPS.has(done.taskDefinitionKey)) return { ok: false, code: 'TASK_NOT_RECALLABLE', message: '该环节办结后不能撤回' };
    if (done.deleteReason !== 'completed' || !done.processInstanceId) return { ok: false, code: 'TASK_NOT_RECALLABLE', message: '该环节不是办结的，不能撤回' };
    const after = (await engineCall(() => this.engine.historicActivities(done.processInstanceId!))).filter((a) => a.taskId !== done.id && Date.parse(a.startTime) >= Date.parse(done.endTime!));
    const next = after.filter((a) => a.endTime === null && a.activityType === 'userTask');
    if (!next.length || after.some((a) => !PASS_THROUGH.has(a.activityType) || (a.activityType === 'userTask' && a.endTime !== null))) {
      return { ok: false, code: 'NEXT_STEP_STARTED', message: '下一环节已开始办理，不能撤回' };
    }
    const open = await engineCall(() => this.engine.queryTasks({ processInstanceId: done.processInstanceId! }));
    const claimed = open.filter((t) => t.assignee && next.some((a) => a.taskId === t.id));
    if (claimed.length) return { ok: false, code: 'NEXT_STEP_CLAIMED', message: `下一环节「${claimed[0]!.name}」已被签收，不能撤回` };
    return { ok: true, next };
  }

  /** What the task page offers besides 办理, with the people each action may go to. */
  async actionsOf(user: User, taskId: string): Promise<TaskActionOptions> {
    const subject = await this.tasks.authorize(user, taskId);
    const { task } = subject;
    const [candidates, subs, links, departments, everyone] = await Promise.all([
      this.candidatesOf(user, subject),
      task.parentTaskId ? Promise.resolve([]) : engineCall(() => this.engine.subtasks(taskId)),
      engineCall(() => this.engine.identityLinks(taskId)),
      this.ds.getRepository(Department).find({ order: { code: 'ASC' } }),
      this.ds.getRepository(User).find({ where: { active: true }, order: { username: 'ASC' } }),
    ]);
    // 抄送 never widens who reads the case: only those who may read it already are offered
    const others = everyone.filter((u) => u.id !== user.id && u.role !== 'admin');
    const c = subject.caseRow;
    const [household, referred] = c
      ? await Promise.all([this.ds.getRepository(Household).findOne({ select: { id: true, unitCode: true }, where: { id: c.householdId } }), this.ds.getRepository(Referral).findBy({ caseId: c.id })])
      : [null, []];
    const copyable = c
      ? others.filter((u) =>
          canViewCase(
            u,
            c,
            household?.unitCode ?? null,
            referred.map((r) => r.departmentCode),
          ),
        )
      : others;
    const person = (u: User) => ({ username: u.username, displayName: u.displayName, departmentName: departments.find((d) => d.code === u.departmentCode)?.name ?? '' });
    const names = new Map(everyone.map((u) => [u.id, u.displayName]));
    const deptGroup = links.map((l) => (l.type === 'candidate' && l.groupId ? parseGroup(l.groupId) : null)).find((g) => g?.kind === 'dept');
    const taskCounty = deptGroup?.county ?? countyCodeOf(user.unitCode);
    return {
      candidates: candidates.map(person),
      copyTargets: copyable.map(person),
      departments: deptGroup ? departments.filter((d) => d.active !== false && !links.some((l) => l.groupId === group.dept(taskCounty, d.code))).map((d) => ({ code: d.code, name: d.name })) : [],
      returnTargets: (RETURN_TARGETS[task.taskDefinitionKey] ?? []).map((t) => ({ key: t.to, name: t.name, rule: t.rule })),
      delegation: task.delegationState === 'PENDING' ? { owner: names.get(task.owner ?? '') ?? '', delegate: names.get(task.assignee ?? '') ?? '', toMe: task.assignee === user.id } : null,
      cosigners: subs.map((t) => names.get(t.assignee ?? '') ?? ''),
      cosign: task.parentTaskId ? { parentName: task.name.replace(/^加签：/u, ''), note: task.description ?? '' } : null,
    };
  }

  /** 抄送: copies the case of a task to colleagues for information. */
  async copy(user: User, taskId: string, body: z.infer<typeof copySchema>): Promise<void> {
    const { task, caseRow } = await this.tasks.authorize(user, taskId, 'copy');
    const targets = await Promise.all([...new Set(body.toUsernames)].map((n) => this.target(n)));
    // 抄送 informs; it never widens who reads the case.
    for (const t of caseRow ? targets : []) {
      if (!(await mayReadCase(this.ds, t, caseRow!))) throw new BadRequestError('TO_USERNAMES_INVALID', `${t.displayName}无权查看该申请，不能抄送`, 'toUsernames');
    }
    await this.ds.getRepository(TaskCopy).insert(targets.map((t) => ({ taskId, taskName: task.name.slice(0, 64), caseId: caseRow?.id ?? null, fromUserId: user.id, toUserId: t.id, note: body.note, readAt: null })));
    await this.record(caseRow?.id, 'task_copied', task.name, user, `抄送 ${targets.map((t) => t.displayName).join('、')}：${body.note}`);
  }

  /** 抄送我的, newest first, with the sender, the case's number and household head, and how many are unread. */
  async copiesFor(user: User, page: number, pageSize: number): Promise<{ total: number; unread: number; items: CopyItem[] }> {
    const [{ total, unread }] = (await this.ds.query(`SELECT count(*)::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread FROM task_copy WHERE to_user_id = $1`, [user.id])) as { total: number; unread: number }[];
    const rows: (Omit<CopyItem, 'createdAt' | 'readAt'> & { createdAt: Date; readAt: Date | null })[] = await this.ds.query(
      `SELECT tc.id, tc.task_id AS "taskId", tc.task_name AS "taskName", tc.case_id AS "caseId", tc.note,
              tc.created_at AS "createdAt", tc.read_at AS "readAt",
              u.display_name AS "fromName", d.name AS "fromDepartment", c.case_no AS "caseNo", h.head_name AS "headName"
       FROM task_copy tc
       LEFT JOIN app_user u ON u.id = tc.from_user_id
       LEFT JOIN department d ON d.code = u.department_code
       LEFT JOIN assistance_case c ON c.id = tc.case_id
       LEFT JOIN household h ON h.id = c.household_id
       WHERE tc.to_user_id = $1
       ORDER BY tc.created_at DESC, tc.id
       LIMIT $2 OFFSET $3`,
      [user.id, pageSize, (page - 1) * pageSize],
    );
    const items = rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString(), readAt: r.readAt ? new Date(r.readAt).toISOString() : null }));
    return { total, unread, items };
  }

  /** Marks one of the user's copies read (the first reading time stays); 404 for another user's copy. */
  async markCopyRead(user: User, copyId: string): Promise<{ id: string; readAt: string }> {
    const repo = this.ds.getRepository(TaskCopy);
    const copy = z.uuid().safeParse(copyId).success ? await repo.findOneBy({ id: copyId, toUserId: user.id }) : null;
    if (!copy) throw new NotFoundError('COPY_NOT_FOUND', '抄送记录不存在或不是抄送给您的');
    if (!copy.readAt) {
      await repo.update({ id: copy.id, readAt: IsNull() }, { readAt: new Date() });
      copy.readAt = (await repo.findOneByOrFail({ id: copy.id })).readAt;
    }
    return { id: copy.id, readAt: copy.readAt!.toISOString() };
  }
}
