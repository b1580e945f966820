/**
 * 联席会议 user tasks: each task key has its own form (召集人决定, 部门意见,
 * 会议纪要, 议定事项落实). Authorization is TaskService's (candidate groups);
 * this service validates the form, records it on the matter and in its
 * timeline, and completes the engine task in the same database transaction.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { ConferenceItem } from '../entities/conference-item.entity.js';
import { ConferenceMatter } from '../entities/conference-matter.entity.js';
import { ConferenceOpinion } from '../entities/conference-opinion.entity.js';
import type { User } from '../entities/user.entity.js';
import { CONFERENCE_TASK, CONFERENCE_TASK_FORMS, type ConferenceTaskInput, type ConferenceTaskKey, type DecisionInput, type DepartmentOpinionInput, type ItemCompletionInput, type MinutesInput } from '../../contracts/conference.schema.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import type { EngineClient, EngineTask } from '../engine/engine-client.js';
import { engineCall } from '../engine/engine-calls.js';
import { parseOrThrow } from '../validation.js';
import { addConferenceEvent, ConferenceService, departmentNames } from './conference.service.js';
import type { TaskService } from './task.service.js';
import { OutboxService, taskCompletionOf, type TaskCompletion } from './outbox.service.js';

/** An engine task with the variables visible from it (the multi-instance element variable among them). */
type TaskWithVariables = EngineTask & { variables?: Record<string, { value: unknown }> };

/** What a conference task is about: the department asked (部门意见) or the agreed item (议定事项落实). */
export interface ConferenceTaskSubject {
  department: string | null;
  itemId: string | null;
}

const FORM_NAMES: Record<ConferenceTaskKey, string> = {
  [CONFERENCE_TASK.decision]: '召集人决定',
  [CONFERENCE_TASK.opinion]: '部门意见',
  [CONFERENCE_TASK.minutes]: '会议纪要',
  [CONFERENCE_TASK.item]: '落实情况',
};

function isConferenceTaskKey(key: string): key is ConferenceTaskKey {
  return (Object.values(CONFERENCE_TASK) as string[]).includes(key);
}

/** Engine refusals of a completion mean the task moved on under us (409); outages are 503. */
/** Completes conference user tasks with their own forms; lists a matter's open tasks with what each is about. */
export class ConferenceTaskService {
  private readonly conferences: ConferenceService;

  constructor(
    private readonly ds: DataSource,
    private readonly engine: EngineClient,
    private readonly tasks: TaskService,
  ) {
    this.conferences = new ConferenceService(ds);
  }

  /**
   * Open tasks of the matter matching an engine task filter, each with its
   * subject (the department or item it is for), read from the task's variables.
   */
  async openTasks(m: ConferenceMatter, filter: Record<string, unknown>): Promise<(EngineTask & ConferenceTaskSubject)[]> {
    return m.processInstanceId ? this.queryWithSubjects(m.processInstanceId, filter) : [];
  }

  private async queryWithSubjects(processInstanceId: string, filter: Record<string, unknown>): Promise<(EngineTask & ConferenceTaskSubject)[]> {
    const tasks: TaskWithVariables[] = await engineCall(() => this.engine.queryTasks({ ...filter, processInstanceId, withTaskVariablesInReturn: true }, 0, 200));
    return tasks.map(({ variables, ...t }) => ({ ...t, ...subjectOf(t.taskDefinitionKey, variables) }));
  }

  /** The subject of one task. */
  private async subject(task: EngineTask): Promise<ConferenceTaskSubject> {
    const [withVars] = await this.queryWithSubjects(task.processInstanceId, { taskId: task.id });
    if (!withVars) throw new NotFoundError('TASK_NOT_FOUND', '任务不存在或已办结');
    return withVars;
  }

  /**
   * 办理: completes a task of the matter with the form of its task key. Nothing
   * changes when the user may not act on the task (403), the task is not the
   * matter's (404), or the form is invalid (400).
   */
  async complete(user: User, matterId: string, taskId: string, body: unknown): Promise<{ taskKey: ConferenceTaskKey }> {
    const matter = await this.conferences.get(matterId);
    const { task, candidateGroups } = await this.tasks.authorize(user, taskId, 'complete');
    if (task.processInstanceId !== matter.processInstanceId || !isConferenceTaskKey(task.taskDefinitionKey)) {
      throw new NotFoundError('TASK_NOT_FOUND', '该议题下没有此任务，或任务已办结');
    }
    const taskKey = task.taskDefinitionKey;
    const form = parseForm(taskKey, body);
    if (form.taskKey === CONFERENCE_TASK.minutes) checkMinutes(matter, form.input);
    if (form.taskKey === CONFERENCE_TASK.decision && form.input.convene) await this.conferences.checkStillActive(matter);
    const needsSubject = taskKey === CONFERENCE_TASK.opinion || taskKey === CONFERENCE_TASK.item;
    const subject = needsSubject ? await this.subject(task) : { department: null, itemId: null };
    // 部门意见 is the opinion of the department asked, given by its own staff.
    if (taskKey === CONFERENCE_TASK.opinion && subject.department !== user.departmentCode) {
      throw new ForbiddenError('TASK_FORBIDDEN', '部门意见须由被征求意见的部门提出');
    }
    if (task.assignee && task.assignee !== user.id) throw new ConflictError('TASK_ALREADY_CLAIMED', '该任务已被同事签收，您不能办理');
    if (!task.assignee) await this.tasks.claim(user, taskId);
    await new OutboxService(this.ds, this.engine).completeTask('conference.complete', user, await taskCompletionOf(this.engine, task, candidateGroups, body, subject));
    return { taskKey };
  }
}

/** A conference form parsed with the schema of its task key. */
function parseForm(taskKey: ConferenceTaskKey, body: unknown): ConferenceTaskInput {
  return { taskKey, input: parseOrThrow(CONFERENCE_TASK_FORMS[taskKey], body, FORM_NAMES[taskKey]) } as ConferenceTaskInput;
}

/**
 * The records of a completed conference task (on the matter and in its timeline), in the
 * caller's transaction; returns the process variables. Called by the engine outbox, live or
 * when it finishes a completion a crash interrupted. `afterEngine`: the engine completed the task
 * already, so the matter may have moved on (a worker's step) and its stage is not checked.
 */
export async function recordConferenceCompletion(em: EntityManager, user: User, c: TaskCompletion, afterEngine = false): Promise<Record<string, unknown>> {
  if (!isConferenceTaskKey(c.taskKey)) throw new Error(`task ${c.taskId} is not a conference task (${c.taskKey})`);
  const form = parseForm(c.taskKey, c.input);
  const subject = c.subject ?? { department: null, itemId: null };
  // One completion per matter at a time: the row lock serialises the matter's records and engine calls.
  const m = await em.findOne(ConferenceMatter, { where: { processInstanceId: c.processInstanceId }, lock: { mode: 'pessimistic_write' } });
  if (!m) throw new Error(`no conference matter for process instance ${c.processInstanceId}`);
  switch (form.taskKey) {
    case CONFERENCE_TASK.decision:
      await recordDecision(em, m, user, form.input, c.taskId, afterEngine);
      return { convene: form.input.convene };
    case CONFERENCE_TASK.opinion:
      await recordOpinion(em, m, user, subject.department, form.input, c.taskId, afterEngine);
      return {};
    case CONFERENCE_TASK.minutes:
      await recordMinutes(em, m, user, form.input, c.taskId, afterEngine);
      return {};
    case CONFERENCE_TASK.item:
      await recordItemCompletion(em, m, user, subject.itemId, form.input, c.taskId);
      return {};
  }
}

/** 召集人决定: convene or not, with the convenor's opinion. */
async function recordDecision(em: EntityManager, m: ConferenceMatter, user: User, input: DecisionInput, taskId: string, afterEngine: boolean): Promise<void> {
  if (!afterEngine && m.status !== 'deciding') throw new ConflictError('CONFERENCE_STATE_CHANGED', '议题已不在待召集人决定阶段');
  await em.update(ConferenceMatter, { id: m.id }, { convene: input.convene, decisionOpinion: input.opinion, decidedBy: user.id, decidedAt: new Date() });
  await addConferenceEvent(em, {
    matterId: m.id,
    kind: 'decided',
    stepName: '召集人决定',
    actorId: user.id,
    actorName: user.displayName,
    departmentCode: user.departmentCode,
    opinion: `${input.convene ? '同意召集' : '不予召集'}：${input.opinion}`,
    dedupKey: `task:${taskId}:completed`,
  });
}

/** 部门意见: one per department; the last one moves the matter on to the minutes. */
async function recordOpinion(em: EntityManager, m: ConferenceMatter, user: User, department: string | null, input: DepartmentOpinionInput, taskId: string, afterEngine: boolean): Promise<void> {
  if (!department) throw new Error(`opinion task ${taskId} has no department variable`);
  if (!afterEngine && m.status !== 'consulting') throw new ConflictError('CONFERENCE_STATE_CHANGED', '议题已不在征求部门意见阶段');
  if (await em.existsBy(ConferenceOpinion, { matterId: m.id, departmentCode: department })) {
    throw new ConflictError('OPINION_ALREADY_GIVEN', '本部门已就该议题提出意见');
  }
  await em.insert(ConferenceOpinion, { matterId: m.id, departmentCode: department, opinion: input.opinion, givenBy: user.id });
  await addConferenceEvent(em, {
    matterId: m.id,
    kind: 'opinion',
    stepName: '部门意见',
    actorId: user.id,
    actorName: user.displayName,
    departmentCode: department,
    opinion: input.opinion,
    dedupKey: `task:${taskId}:completed`,
  });
  const given = await em.countBy(ConferenceOpinion, { matterId: m.id });
  if (given >= m.departments.length && m.status === 'consulting') await em.update(ConferenceMatter, { id: m.id }, { status: 'minuting' });
}

/** 会议纪要: the minutes and the agreed items (numbered in order). */
async function recordMinutes(em: EntityManager, m: ConferenceMatter, user: User, input: MinutesInput, taskId: string, afterEngine: boolean): Promise<void> {
  if (!afterEngine && m.status !== 'minuting') throw new ConflictError('CONFERENCE_STATE_CHANGED', '议题已不在起草会议纪要阶段');
  await em.update(ConferenceMatter, { id: m.id }, { minutes: input.minutes, minutesBy: user.id, minutesAt: new Date() });
  await em.insert(
    ConferenceItem,
    input.items.map((it, i) => ({ matterId: m.id, seq: i + 1, content: it.content, departmentCode: it.department, deadline: it.deadline, status: 'open' as const })),
  );
  const names = await departmentNames(em);
  await addConferenceEvent(em, {
    matterId: m.id,
    kind: 'minutes',
    stepName: '会议纪要',
    actorId: user.id,
    actorName: user.displayName,
    departmentCode: user.departmentCode,
    opinion: `${input.minutes}\n议定事项：${input.items.map((it, i) => `${i + 1}. ${it.content}（${names(it.department)}，${it.deadline} 前）`).join('；')}`,
    dedupKey: `task:${taskId}:completed`,
  });
}

/** 议定事项落实: the department reports what was done. */
async function recordItemCompletion(em: EntityManager, m: ConferenceMatter, user: User, itemId: string | null, input: ItemCompletionInput, taskId: string): Promise<void> {
  const item = itemId ? await em.findOneBy(ConferenceItem, { id: itemId, matterId: m.id }) : null;
  if (!item) throw new Error(`item task ${taskId} has no agreed item of matter ${m.id}`);
  if (item.status === 'done') throw new ConflictError('CONFERENCE_ITEM_DONE', '该议定事项已报告落实');
  await em.update(ConferenceItem, { id: item.id }, { status: 'done', completionNote: input.note, completedBy: user.id, completedAt: new Date() });
  await addConferenceEvent(em, {
    matterId: m.id,
    kind: 'item_completed',
    stepName: '议定事项落实',
    actorId: user.id,
    actorName: user.displayName,
    departmentCode: item.departmentCode,
    itemId: item.id,
    opinion: `事项 ${item.seq} 已落实：${input.note}`,
    dedupKey: `task:${taskId}:completed`,
  });
}

/** Agreed items go to the departments that took part: each must be one of the matter's departments. */
function checkMinutes(m: ConferenceMatter, input: MinutesInput): void {
  input.items.forEach((it, i) => {
    if (!m.departments.includes(it.department)) {
      throw new BadRequestError('ITEMS_DEPARTMENT_INVALID', `第 ${i + 1} 项议定事项的承办部门须为参会部门之一`, `items.${i}.department`);
    }
  });
}

/** Reads the multi-instance element variable of a conference task. */
function subjectOf(taskKey: string, variables: Record<string, { value: unknown }> | undefined): ConferenceTaskSubject {
  const str = (name: string) => {
    const v = variables?.[name]?.value;
    return typeof v === 'string' ? v : null;
  };
  return {
    department: taskKey === CONFERENCE_TASK.opinion ? str('department') : null,
    itemId: taskKey === CONFERENCE_TASK.item ? str('itemId') : null,
  };
}
