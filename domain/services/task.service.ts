/**
 * 待办 (department inbox) and task actions. The engine owns the tasks; this
 * service scopes them to the user's candidate groups, joins the case file and
 * records every action with its opinion in the case timeline.
 */
import { In, type DataSource, type EntityManager } from 'typeorm';
import { countyCodeOf, countyOfGroups, group } from '../engine/contract.js';
import type { InboxQuery } from '../../contracts/worklist.schema.js';
import { containsPattern } from '../db/like.js';
import { beijingInstant, endOfBeijingDay } from '../time/beijing.js';
import { toEngineDate } from '../time/deadline.js';
import { AssistanceCase, ASSISTANCE_TYPE_NAMES, type AssistanceType } from '../entities/assistance-case.entity.js';
import { CaseEvent } from '../entities/case-event.entity.js';
import { ConferenceMatter } from '../entities/conference-matter.entity.js';
import { PayrollRun } from '../entities/money.entity.js';
import { ReliefCampaign } from '../entities/campaign.entity.js';
import { Household } from '../entities/household.entity.js';
import type { User } from '../entities/user.entity.js';
import { formFor } from '../forms/application.forms.js';
import type { AlertService } from './alert.service.js';
import { parseOrThrow } from '../validation.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import type { EngineClient, EngineTask } from '../engine/engine-client.js';
import { engineCall } from '../engine/engine-calls.js';
import { OutboxService, taskCompletionOf, type TaskCompletion } from './outbox.service.js';
import { groupsOf } from './auth.service.js';
import { assertMayActOnTask, type TaskAction } from './separation-of-duties.service.js';
import { maskName } from '../idcard.js';
import { RecipientReview } from '../entities/review.entity.js';
import type { InboxItem } from '../../contracts/lists.schema.js';

export type { InboxItem };

export class TaskService {
  constructor(
    private readonly ds: DataSource,
    private readonly engine: EngineClient,
  ) {}

  /** The engine task filter of the user's 待办 (also used to list the user's tasks of one matter). */
  inboxFilter(user: User): Record<string, unknown> {
    return {
      // One OR-query object: its criteria are OR-ed (several objects would be AND-ed).
      orQueries: [{ candidateGroups: groupsOf(user), includeAssignedTasks: true, assignee: user.id }],
      sorting: [{ sortBy: 'created', sortOrder: 'asc' }],
    };
  }

  /** The user's 待办: tasks of their candidate groups plus tasks assigned to them, oldest first. */
  async inbox(user: User, page: number, pageSize: number, q: Partial<InboxQuery> = {}): Promise<{ total: number; items: InboxItem[] }> {
    const filter = await this.inboxCriteria(q);
    // Unfiltered: the filter and order of inboxFilter(user), through the engine app's own query (one call, no scan of all
    // open tasks). Filtered (搜索): the engine's REST query with the same OR filter and the search criteria AND-ed to it.
    const { count: total, tasks } =
      filter === null
        ? { count: 0, tasks: [] as EngineTask[] }
        : Object.keys(filter).length === 0
          ? await engineCall(() => this.engine.inboxTasks(user.id, groupsOf(user), (page - 1) * pageSize, pageSize))
          : await engineCall(async () => {
              const query = { ...this.inboxFilter(user), ...filter };
              const { sorting: _sorting, ...countQuery } = query;
              const [count, rows] = await Promise.all([this.engine.countTasks(countQuery), this.engine.queryTasks(query, (page - 1) * pageSize, pageSize)]);
              return { count, tasks: rows };
            });
    const piIds = [...new Set(tasks.map((t) => t.processInstanceId))];
    // only the columns the list shows (the household's encrypted columns are not read, so not decrypted)
    const [cases, matters, runs, campaigns] = piIds.length
      ? await Promise.all([
          this.ds.getRepository(AssistanceCase).find({ select: { id: true, caseNo: true, assistanceTypes: true, status: true, householdId: true, processInstanceId: true }, where: { processInstanceId: In(piIds) } }),
          this.ds.getRepository(ConferenceMatter).find({ select: { id: true, matterNo: true, title: true, processInstanceId: true }, where: { processInstanceId: In(piIds) } }),
          this.ds.getRepository(PayrollRun).find({ select: { id: true, runNo: true, month: true, processInstanceId: true }, where: { processInstanceId: In(piIds) } }),
          this.ds.getRepository(ReliefCampaign).find({ select: { id: true, campaignNo: true, season: true, processInstanceId: true }, where: { processInstanceId: In(piIds) } }),
        ])
      : [[], [], [], []];
    const reviews = piIds.length ? await this.ds.getRepository(RecipientReview).find({ select: { id: true, reviewNo: true, processInstanceId: true }, where: { processInstanceId: In(piIds) } }) : [];
    const households = cases.length ? await this.ds.getRepository(Household).find({ select: { id: true, headName: true }, where: { id: In(cases.map((c) => c.householdId)) } }) : [];
    const now = Date.now();
    return {
      total,
      items: tasks.map((t) => {
        const c = cases.find((x) => x.processInstanceId === t.processInstanceId);
        const h = c && households.find((x) => x.id === c.householdId);
        const m = matters.find((x) => x.processInstanceId === t.processInstanceId);
        return {
          taskId: t.id,
          name: t.name,
          taskKey: t.taskDefinitionKey,
          created: t.created,
          due: t.due,
          overdue: !!t.due && Date.parse(t.due) < now,
          assignee: t.assignee,
          claimedByMe: t.assignee === user.id,
          case: c
            ? {
                id: c.id,
                caseNo: c.caseNo,
                assistanceTypes: c.assistanceTypes.map((a) => ASSISTANCE_TYPE_NAMES[a as AssistanceType] ?? a),
                householdHead: h ? maskName(h.headName) : '',
                status: c.status,
              }
            : null,
          conference: m ? { id: m.id, matterNo: m.matterNo, title: m.title } : null,
          payroll: ((r) => (r ? { id: r.id, runNo: r.runNo, month: r.month } : null))(runs.find((x) => x.processInstanceId === t.processInstanceId)),
          campaign: ((r) => (r ? { id: r.id, campaignNo: r.campaignNo, season: r.season } : null))(campaigns.find((x) => x.processInstanceId === t.processInstanceId)),
          review: ((r) => (r ? { id: r.id, reviewNo: r.reviewNo } : null))(reviews.find((x) => x.processInstanceId === t.processInstanceId)),
        };
      }),
    };
  }

  /**
   * The engine criteria of a 待办 search ({} when nothing is filtered, null when no case can match):
   * number, step, 逾期 and arrival dates go to the engine as they are; 户主, village and kind become the
   * process instances of the matching cases (found in the database, never by ID number).
   */
  private async inboxCriteria(q: Partial<InboxQuery>): Promise<Record<string, unknown> | null> {
    const c: Record<string, unknown> = {};
    if (q.caseNo) c.processInstanceBusinessKeyLike = containsPattern(q.caseNo);
    if (q.step) c.taskDefinitionKey = q.step;
    if (q.overdue) c.dueBefore = toEngineDate(new Date());
    if (q.from) c.createdAfter = toEngineDate(new Date(beijingInstant(q.from).getTime() - 1));
    if (q.to) c.createdBefore = toEngineDate(new Date(endOfBeijingDay(q.to).getTime() + 1));
    if (q.head || q.village || q.kind) {
      const qb = this.ds.getRepository(AssistanceCase).createQueryBuilder('c').innerJoin(Household, 'h', 'h.id = c.household_id').select('c.process_instance_id', 'pid').where("c.status <> 'closed' AND c.process_instance_id IS NOT NULL");
      if (q.head) qb.andWhere('h.head_name LIKE :head', { head: containsPattern(q.head) });
      if (q.village) qb.andWhere('h.unit_code = :village', { village: q.village });
      if (q.kind) qb.andWhere(':kind = ANY(c.assistance_types)', { kind: q.kind });
      const pids = ((await qb.limit(5_000).getRawMany()) as { pid: string }[]).map((r) => r.pid);
      if (!pids.length) return null;
      c.processInstanceIdIn = pids;
    }
    return c;
  }

  /**
   * Loads a task for an action of the user, refused unless the rules of
   * separation-of-duties.service allow it (candidate groups, pending
   * delegation, nobody decides their own case). Tasks outside the user's
   * candidate groups are refused with 403 and reveal nothing about the task.
   */
  async authorize(user: User, taskId: string, action: TaskAction = 'view'): Promise<{ task: EngineTask; caseRow: AssistanceCase | null; candidateGroups: string[] }> {
    if (!/^[\w-]{1,64}$/.test(taskId)) throw new NotFoundError('TASK_NOT_FOUND', '任务不存在或已办结');
    const task = await engineCall(() => this.engine.getTask(taskId), { 404: () => new NotFoundError('TASK_NOT_FOUND', '任务不存在或已办结') });
    const links = await engineCall(() => this.engine.identityLinks(taskId));
    const candidateGroups = links.filter((l) => l.type === 'candidate' && l.groupId).map((l) => l.groupId!);
    // a 加签 sub-task has no process instance (TaskActionsService.cosignTask finds its case through the parent)
    const caseRow = task.processInstanceId ? await this.ds.getRepository(AssistanceCase).findOneBy({ processInstanceId: task.processInstanceId }) : null;
    assertMayActOnTask(user, { task, candidateGroups, caseRow }, action);
    return { task, caseRow, candidateGroups };
  }

  /** 签收: the task becomes the user's; a task claimed by a colleague cannot be taken. */
  async claim(user: User, taskId: string): Promise<void> {
    const { task, caseRow } = await this.authorize(user, taskId, 'claim');
    if (task.assignee === user.id) return;
    if (task.assignee) throw new ConflictError('TASK_ALREADY_CLAIMED', '该任务已被同事签收');
    await engineCall(() => this.engine.claim(taskId, user.id), { refused: () => new ConflictError('TASK_ALREADY_CLAIMED', '该任务已被同事签收') });
    if (caseRow) {
      await this.ds.getRepository(CaseEvent).insert({
        caseId: caseRow.id,
        kind: 'task_claimed',
        stepName: task.name,
        actorId: user.id,
        actorName: user.displayName,
        departmentCode: user.departmentCode,
        opinion: null,
      });
    }
  }

  /**
   * 办理: validates the body with the step's form, then (through the engine outbox) writes the
   * step's record, the opinion and the task fact and completes the engine task in one
   * transaction, behind a write-ahead row: nothing is recorded unless the engine accepted the
   * completion, and a crash in between is finished by the reconciler.
   */
  async complete(user: User, taskId: string, body: unknown): Promise<void> {
    const { task, candidateGroups } = await this.authorize(user, taskId, 'complete');
    // a 加签 sub-task (no process instance) is signed, not completed with a step's form
    if (task.parentTaskId) throw new ConflictError('COSIGN_USE_SIGN', '这是加签任务，请签署加签意见');
    if (await this.ds.getRepository(ConferenceMatter).existsBy({ processInstanceId: task.processInstanceId })) {
      throw new BadRequestError('CONFERENCE_TASK_FORM_REQUIRED', '联席会议的任务请在议题页面办理', undefined, 'POST /api/conferences/:id/tasks/:taskId/complete');
    }
    if (await this.ds.getRepository(PayrollRun).existsBy({ processInstanceId: task.processInstanceId })) {
      throw new BadRequestError('PAYROLL_TASK_FORM_REQUIRED', '资金发放的任务请在月度发放页面办理', undefined, 'POST /api/payroll/:id/tasks/:taskId/complete');
    }
    if (await this.ds.getRepository(ReliefCampaign).existsBy({ processInstanceId: task.processInstanceId })) {
      throw new BadRequestError('CAMPAIGN_TASK_FORM_REQUIRED', '冬春救助的任务请在冬春救助页面办理', undefined, 'POST /api/campaigns/:id/tasks/:taskId/complete');
    }
    parseOrThrow(formFor(task.taskDefinitionKey).schema, body, '办理信息');
    if ((await engineCall(() => this.engine.subtasks(taskId))).length) throw new ConflictError('COSIGN_PENDING', '还有加签人未签署意见，暂不能提交办理');
    if (task.assignee && task.assignee !== user.id) throw new ConflictError('TASK_ALREADY_CLAIMED', '该任务已被同事签收，您不能办理');
    if (!task.assignee) await this.claim(user, taskId);
    await new OutboxService(this.ds, this.engine).completeTask('task.complete', user, await taskCompletionOf(this.engine, task, candidateGroups, body));
  }

  /**
   * 手动催办: a coordinator or leader (any task of their county) or a head
   * (tasks of their department) urges a task; recorded like the timers' alerts.
   */
  async urge(user: User, taskId: string, note: string, alerts: AlertService): Promise<void> {
    if (!/^[\w-]{1,64}$/.test(taskId)) throw new NotFoundError('TASK_NOT_FOUND', '任务不存在或已办结');
    const task = await engineCall(() => this.engine.getTask(taskId), { 404: () => new NotFoundError('TASK_NOT_FOUND', '任务不存在或已办结') });
    const groups = (await engineCall(() => this.engine.identityLinks(taskId))).filter((l) => l.type === 'candidate' && l.groupId).map((l) => l.groupId!);
    // Another county's tasks are not urged (nor seen) from here.
    if (countyOfGroups(groups) !== countyCodeOf(user.unitCode)) throw new ForbiddenError('TASK_FORBIDDEN', '只能催办本县的任务');
    if (user.role === 'head' && !groups.includes(group.dept(countyCodeOf(user.unitCode), user.departmentCode))) throw new ForbiddenError('TASK_FORBIDDEN', '只能催办本部门的任务');
    const pi = await engineCall(() => this.engine.historicProcessInstance(task.processInstanceId));
    await alerts.urge(user, { id: task.id, name: task.name, processInstanceId: task.processInstanceId, assignee: task.assignee, businessKey: pi.businessKey, candidateGroups: groups }, note);
  }
}

/**
 * The records of a completed application step (the step's form data, the timeline line with
 * the opinion), in the caller's transaction; returns the process variables. Called by the
 * engine outbox, live or when it finishes a completion a crash interrupted.
 */
export async function recordTaskCompletion(em: EntityManager, user: User, c: TaskCompletion): Promise<Record<string, unknown>> {
  const form = formFor(c.taskKey);
  const input = parseOrThrow(form.schema, c.input, '办理信息');
  const caseRow = await em.findOneBy(AssistanceCase, { processInstanceId: c.processInstanceId });
  const { opinion, variables } = await form.apply({ em, user, input, caseRow, taskId: c.taskId });
  if (caseRow) {
    await em.insert(CaseEvent, {
      caseId: caseRow.id,
      kind: 'task_completed',
      stepName: c.taskName,
      actorId: user.id,
      actorName: user.displayName,
      departmentCode: user.departmentCode,
      opinion,
      dedupKey: `task:${c.taskId}:completed`,
    });
  }
  return variables;
}
