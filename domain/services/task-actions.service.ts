/**
 * The task operations of Chinese government workflow systems, beyond claim
 * and complete: 转办 (transfer to a colleague or another department), 委派
 * (delegate, then resolve back), 退回 (return to an earlier step) and 抄送
 * (copy for information). Each is recorded in the case timeline with who,
 * when and the opinion, and each uses the engine's own operations.
 */
import { In, IsNull, type DataSource } from 'typeorm';
import { z } from 'zod';
import { CONFERENCE_TASK } from '../contracts/conference.schema.js';
import { CaseEvent } from '../entities/case-event.entity.js';
import { Department } from '../entities/department.entity.js';
import { Referral } from '../entities/case-step.entity.js';
import { TaskCopy } from '../entities/task-copy.entity.js';
import { User } from '../entities/user.entity.js';
import type { EngineClient } from '../engine/engine-client.js';
import { BadRequestError, ConflictError, NotFoundError } from '../errors.js';
import { assertMayReceiveTask } from './separation-of-duties.service.js';
import type { DeadlineService } from '../deadlines/deadline.service.js';
import type { TaskService } from './task.service.js';
import { mayReadCase } from './case.service.js';
import { taskActionInEngine } from '../engine/engine-calls.js';

const opinion = z.string({ error: '办理意见必须填写' }).trim().min(2, { error: '办理意见至少 2 个字' }).max(2000, { error: '办理意见不能超过 2000 个字' });
const username = z.string({ error: '请选择人员' }).trim().min(1, { error: '请选择人员' }).max(64, { error: '用户名过长' });

export const transferSchema = z
  .strictObject({ toUsername: username.optional(), toDepartment: z.string().trim().max(32).optional(), opinion })
  .refine((b) => (b.toUsername ? 1 : 0) + (b.toDepartment ? 1 : 0) === 1, { error: '请选择转办给同事或其他部门（二选一）', path: ['toUsername'] });
export const delegateSchema = z.strictObject({ toUsername: username, opinion });
export const resolveSchema = z.strictObject({ opinion });
export const returnSchema = z.strictObject({ opinion });
export const copySchema = z.strictObject({
  toUsernames: z.array(username, { error: '请选择抄送人' }).min(1, { error: '至少选择一位抄送人' }).max(20, { error: '抄送人不能超过 20 位' }),
  note: z.string({ error: '抄送说明必须填写' }).trim().min(2, { error: '抄送说明至少 2 个字' }).max(500, { error: '抄送说明不能超过 500 个字' }),
});

/** 退回: the earlier step each step may return a case to. */
export const RETURN_TARGETS: Record<string, { to: string; name: string }> = {
  Task_DemocraticReview: { to: 'Task_HomeVisit', name: '入户调查' },
  Task_CountyApproval: { to: 'Task_HomeVisit', name: '入户调查' },
  Task_ReviewObjection: { to: 'Task_HomeVisit', name: '入户调查' },
  Task_CountyTemporaryApproval: { to: 'Task_CompleteFile', name: '后补材料和手续' },
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
    const from = groups.find((g) => g === `dept:${user.departmentCode}`) ?? groups.find((g) => g.startsWith('dept:'));
    if (!from) throw new BadRequestError('TO_DEPARTMENT_INVALID', '该任务不属于部门待办，不能转办到其他部门', 'toDepartment');
    // A department's opinion in a joint conference is its own: another department cannot give it.
    if (task.taskDefinitionKey === CONFERENCE_TASK.opinion) throw new ConflictError('TASK_NOT_TRANSFERABLE', '部门意见须由本部门提出，不能转办到其他部门');
    const dept = await this.ds.getRepository(Department).findOneBy({ code: body.toDepartment!, active: true });
    if (!dept || `dept:${dept.code}` === from) throw new BadRequestError('TO_DEPARTMENT_INVALID', '请选择其他成员单位', 'toDepartment');
    // A task sent to a department nobody works would wait unseen until its escalation.
    if (!(await this.ds.getRepository(User).existsBy({ departmentCode: dept.code, role: In(['handler', 'head']), active: true }))) {
      throw new BadRequestError('TO_DEPARTMENT_INVALID', `${dept.name}暂无在岗经办人，不能转办`, 'toDepartment');
    }
    await this.ds.transaction(async (em) => {
      // A transferred referral (转介) belongs to the receiving department from now on: its record, and reading the case.
      if (task.taskDefinitionKey === 'Task_Referral' && caseRow) {
        const fromDept = from.slice('dept:'.length);
        if (await em.existsBy(Referral, { caseId: caseRow.id, departmentCode: dept.code })) throw new ConflictError('REFERRAL_EXISTS', `${dept.name}已有本申请的转介任务，不能重复转介`);
        await em.update(Referral, { caseId: caseRow.id, departmentCode: fromDept, status: 'pending' }, { departmentCode: dept.code });
      }
      await taskActionInEngine(() => this.engine.replaceCandidateGroup(taskId, from, `dept:${dept.code}`));
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

  /** 退回: back to the earlier step of the model, with fresh deadlines for it. */
  async returnTo(user: User, taskId: string, body: z.infer<typeof returnSchema>): Promise<{ to: string }> {
    const { task, caseRow } = await this.tasks.authorize(user, taskId, 'return');
    const target = RETURN_TARGETS[task.taskDefinitionKey];
    if (!target) throw new ConflictError('TASK_NOT_RETURNABLE', '该环节不能退回');
    const processKey = await this.engine.processKeyOf(task.processDefinitionId);
    // The target task's timers read its deadline variables when it starts: set them first.
    const instants = await this.deadlines.instantsFor(processKey, target.to);
    if (instants) {
      await this.engine.setVariables(task.processInstanceId, {
        [`${target.to}_remindAt`]: instants.remindAt.toISOString(),
        [`${target.to}_dueAt`]: instants.dueAt.toISOString(),
        [`${target.to}_escalateAt`]: instants.escalateAt.toISOString(),
      });
    }
    await taskActionInEngine(() => this.engine.moveActivity(task.processInstanceId, task.taskDefinitionKey, target.to));
    await this.record(caseRow?.id, 'task_returned', task.name, user, `退回至${target.name}：${body.opinion}`);
    return { to: target.to };
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
    const [{ total, unread }] = (await this.ds.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread FROM task_copy WHERE to_user_id = $1`,
      [user.id],
    )) as { total: number; unread: number }[];
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

/** One row of 抄送我的. */
export interface CopyItem {
  id: string;
  taskId: string;
  taskName: string;
  caseId: string | null;
  note: string;
  createdAt: string;
  readAt: string | null;
  fromName: string | null;
  fromDepartment: string | null;
  caseNo: string | null;
  headName: string | null;
}
