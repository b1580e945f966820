/**
 * 联席会议 (joint conference) rules: raising a matter, the automated steps the
 * workers run (convene, decline, assign, report), supervision (督办) and the
 * matter timeline. Used by the server and by the workers.
 */
import { In, type DataSource, type EntityManager } from 'typeorm';
import { AssistanceCase } from '../entities/assistance-case.entity.js';
import { CaseEvent } from '../entities/case-event.entity.js';
import { event } from './application-steps.service.js';
import { mayReadCase } from './case.service.js';
import { ConferenceEvent } from '../entities/conference-event.entity.js';
import { ConferenceItem } from '../entities/conference-item.entity.js';
import { CONFERENCE_OUTCOME_NAMES, CONFERENCE_STATUS_NAMES, ConferenceMatter } from '../entities/conference-matter.entity.js';
import { ConferenceOpinion } from '../entities/conference-opinion.entity.js';
import { Department } from '../entities/department.entity.js';
import { User } from '../entities/user.entity.js';
import type { RaiseConferenceInput, SuperviseInput } from '../../contracts/conference.schema.js';
import { BadRequestError, ConflictError, NotFoundError, RecordNotFoundError, UnavailableError } from '../errors.js';
import { PROCESS, countyCodeOf } from '../engine/contract.js';
import type { EngineClient } from '../engine/engine-client.js';
import { engineCall, engineReason } from '../engine/engine-calls.js';
import { OutboxService } from './outbox.service.js';
import { beijingDateOf, endOfBeijingDay } from '../time/beijing.js';
import { toIsoWithOffset } from '../time/deadline.js';

/** A timeline line as services write it; `dedupKey` makes a repeated write harmless. */
export type ConferenceEventInput = Pick<ConferenceEvent, 'matterId' | 'kind' | 'stepName' | 'actorId' | 'actorName' | 'departmentCode' | 'opinion'> & {
  itemId?: string | null;
  dedupKey?: string | null;
};

/** Adds a timeline line (ignored when its dedup key was already written). */
export async function addConferenceEvent(em: EntityManager, e: ConferenceEventInput): Promise<void> {
  await em
    .createQueryBuilder()
    .insert()
    .into(ConferenceEvent)
    .values({ ...e, itemId: e.itemId ?? null, dedupKey: e.dedupKey ?? null })
    .orIgnore()
    .execute();
}

/** The related case's timeline line when its matter closes (通报 or 不予召集), once. */
async function noteClosedOnCase(em: EntityManager, m: ConferenceMatter): Promise<void> {
  if (!m.relatedCaseId) return;
  await event(em, {
    caseId: m.relatedCaseId,
    kind: 'conference_closed',
    stepName: '联席会议议题办结',
    opinion: `议题 ${m.matterNo}${m.outcome === 'declined' ? '不予召集' : '已通报'}：${m.report ?? ''}`.slice(0, 2000),
    dedupKey: `conference-closed:${m.id}`,
  });
}

/** What the items step hands to the engine: parallel lists indexed by the multi-instance loop counter. */
export interface ItemAssignment {
  itemIds: string[];
  itemDepartments: string[];
  /** Task due dates: the end of each deadline day in Beijing time (ISO 8601 with offset). */
  itemDueDates: string[];
  /** The deadline days themselves (YYYY-MM-DD), for the escalation ladder of each item. */
  itemDeadlines: string[];
}

const SYSTEM = { actorId: null, actorName: '系统', departmentCode: 'civil' } as const;

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** The rules of a matter's life: raising it, the workers' steps, 督办, and reading its records. */
export class ConferenceService {
  constructor(private readonly ds: DataSource) {}

  /** Next 议题编号: JC-<year>-<4 digits> from a database sequence. */
  private async nextMatterNo(em: EntityManager, now: Date): Promise<string> {
    const [{ n }] = (await em.query(`SELECT nextval('conference_matter_no_seq') AS n`)) as { n: string }[];
    return `JC-${beijingDateOf(now).slice(0, 4)}-${String(n).padStart(4, '0')}`;
  }

  /**
   * Checks that every department concerned exists and has staff who can work
   * its inbox (an active handler or head); otherwise its task would wait forever.
   */
  private async checkDepartments(em: EntityManager, codes: string[]): Promise<void> {
    const known = await em.findBy(Department, { code: In(codes) });
    const unknown = codes.filter((c) => !known.some((d) => d.code === c));
    if (unknown.length) throw new BadRequestError('DEPARTMENTS_INVALID', `参会部门不存在：${unknown.join('、')}`, 'departments');
    const disabled = known.filter((d) => !d.active);
    if (disabled.length) throw new BadRequestError('DEPARTMENT_DISABLED', `以下部门已停用，不能列为参会部门：${disabled.map((d) => d.name).join('、')}`, 'departments');
    const staffed = (await em
      .createQueryBuilder(User, 'u')
      .select('DISTINCT u.department_code', 'code')
      .where('u.department_code IN (:...codes) AND u.role IN (:...roles) AND u.active', { codes, roles: ['handler', 'head'] })
      .getRawMany()) as { code: string }[];
    const unstaffed = known.filter((d) => !staffed.some((s) => s.code === d.code));
    if (unstaffed.length) {
      throw new BadRequestError('DEPARTMENTS_INVALID', `以下部门没有可办理的经办人或负责人账号，无法征求意见：${unstaffed.map((d) => d.name).join('、')}`, 'departments');
    }
  }

  /**
   * Before the convenor decides to convene: every department of the matter
   * must still be in use, or its opinion task would go to a department that
   * was switched off (停用) after the matter was raised.
   */
  async checkStillActive(m: Pick<ConferenceMatter, 'departments'>): Promise<void> {
    const disabled = await this.ds.getRepository(Department).findBy({ code: In(m.departments), active: false });
    if (disabled.length) {
      throw new ConflictError('DEPARTMENT_DISABLED', `以下参会部门已停用，无法征求意见：${disabled.map((d) => d.name).join('、')}。请先在部门管理中重新启用，或作出不予召集的决定后重新提出议题`);
    }
  }

  /**
   * 议题提出: writes the matter and its first timeline line and starts the
   * process — all or nothing, through the engine outbox: if the engine refuses
   * or the transaction does not commit, the instance it may have started is
   * deleted again by its business key (the matter number).
   */
  async raise(input: RaiseConferenceInput, coordinator: User, engine: EngineClient): Promise<ConferenceMatter> {
    const matterNo = await this.nextMatterNo(this.ds.manager, new Date());
    return new OutboxService(this.ds, engine).startProcess(PROCESS.jointConference, matterNo, 'matter', async (em, start) => {
      await this.checkDepartments(em, input.departments);
      // Only a case of the raiser's own county (one they may read) can be related.
      const related = input.relatedCaseId ? await em.findOneBy(AssistanceCase, { id: input.relatedCaseId }) : null;
      if (input.relatedCaseId && !(related && (await mayReadCase(em, coordinator, related)))) {
        throw new BadRequestError('RELATED_CASE_ID_INVALID', '关联的救助申请不存在', 'relatedCaseId');
      }
      const m = await em.save(
        em.create(ConferenceMatter, {
          matterNo,
          title: input.title,
          background: input.background,
          departments: input.departments,
          relatedCaseId: input.relatedCaseId ?? null,
          status: 'deciding',
          raisedBy: coordinator.id,
          countyCode: countyCodeOf(coordinator.unitCode),
        }),
      );
      await addConferenceEvent(em, {
        matterId: m.id,
        kind: 'raised',
        stepName: '议题提出',
        actorId: coordinator.id,
        actorName: coordinator.displayName,
        departmentCode: coordinator.departmentCode,
        opinion: m.title,
      });
      // Linked both ways: the case's timeline names the matter (the case file lists it with its outcome).
      if (related) {
        await em.insert(CaseEvent, {
          caseId: related.id,
          kind: 'conference_raised',
          stepName: '提请联席会议',
          actorId: coordinator.id,
          actorName: coordinator.displayName,
          departmentCode: coordinator.departmentCode,
          opinion: `议题 ${matterNo}：${m.title}`,
          dedupKey: `conference-raised:${m.id}`,
        });
      }
      // Process variables carry ids only; the departments list is set by the convene worker.
      const notRaised = '流程引擎暂不可用，议题未提出，请稍后重试';
      const instance = await engineCall(() => start({ matterId: m.id, countyCode: m.countyCode }), {
        refused: (err) => new UnavailableError('ENGINE_UNAVAILABLE', `${notRaised}（${engineReason(err).slice(0, 80)}）`),
        unavailable: notRaised,
      });
      m.processInstanceId = instance.id;
      await em.update(ConferenceMatter, { id: m.id }, { processInstanceId: instance.id });
      return m;
    });
  }

  /** Loads a matter or throws 404. */
  async get(id: string): Promise<ConferenceMatter> {
    const m = isUuid(id) ? await this.ds.getRepository(ConferenceMatter).findOneBy({ id }) : null;
    if (!m) throw new NotFoundError('CONFERENCE_NOT_FOUND', '议题不存在');
    return m;
  }

  /** Loads a matter for an automated step (a missing matter is a fault, not a user error). */
  private async lockForStep(em: EntityManager, matterId: string): Promise<ConferenceMatter> {
    const m = await em.findOne(ConferenceMatter, { where: { id: matterId }, lock: { mode: 'pessimistic_write' } });
    if (!m) throw new RecordNotFoundError('conference matter', matterId);
    return m;
  }

  /** 发出会议通知: the matter moves to consultation; returns the departments to ask, in order. Idempotent. */
  async convene(matterId: string): Promise<string[]> {
    return this.ds.transaction(async (em) => {
      const m = await this.lockForStep(em, matterId);
      if (m.status === 'deciding') await em.update(ConferenceMatter, { id: m.id }, { status: 'consulting' });
      const names = await departmentNames(em);
      await addConferenceEvent(em, {
        matterId,
        kind: 'convened',
        stepName: '发出会议通知',
        ...SYSTEM,
        opinion: `召集联席会议，请${m.departments.map((c) => names(c)).join('、')}提出意见`,
        dedupKey: `convened:${matterId}`,
      });
      return m.departments;
    });
  }

  /** 告知不予召集: closes the matter with the convenor's reason. Idempotent. */
  async decline(matterId: string): Promise<ConferenceMatter> {
    return this.ds.transaction(async (em) => {
      const m = await this.lockForStep(em, matterId);
      if (m.status === 'closed') return m;
      m.status = 'closed';
      m.outcome = 'declined';
      m.report = `经召集人研究，决定不予召集联席会议。理由：${m.decisionOpinion ?? '未说明'}`;
      m.closedAt = new Date();
      await em.save(m);
      await addConferenceEvent(em, { matterId, kind: 'declined', stepName: '告知不予召集', ...SYSTEM, opinion: m.report, dedupKey: `declined:${matterId}` });
      await noteClosedOnCase(em, m);
      return m;
    });
  }

  /** 分派议定事项: the matter moves to implementation; returns what the engine needs to create one task per item. Idempotent. */
  async assign(matterId: string): Promise<ItemAssignment> {
    return this.ds.transaction(async (em) => {
      const m = await this.lockForStep(em, matterId);
      const items = await em.find(ConferenceItem, { where: { matterId }, order: { seq: 'ASC' } });
      if (!items.length) throw new Error(`conference matter ${matterId} has no agreed items`);
      if (m.status === 'minuting') await em.update(ConferenceMatter, { id: m.id }, { status: 'implementing' });
      const names = await departmentNames(em);
      await addConferenceEvent(em, {
        matterId,
        kind: 'assigned',
        stepName: '分派议定事项',
        ...SYSTEM,
        opinion: items.map((i) => `${i.seq}. ${names(i.departmentCode)}，${i.deadline} 前完成`).join('；'),
        dedupKey: `assigned:${matterId}`,
      });
      return {
        itemIds: items.map((i) => i.id),
        itemDepartments: items.map((i) => i.departmentCode),
        itemDueDates: items.map((i) => toIsoWithOffset(endOfBeijingDay(i.deadline))),
        itemDeadlines: items.map((i) => i.deadline),
      };
    });
  }

  /** 通报: writes the report of what was agreed and done, and closes the matter. Idempotent. */
  async report(matterId: string): Promise<ConferenceMatter> {
    return this.ds.transaction(async (em) => {
      const m = await this.lockForStep(em, matterId);
      if (m.status === 'closed') return m;
      const items = await em.find(ConferenceItem, { where: { matterId }, order: { seq: 'ASC' } });
      const open = items.filter((i) => i.status !== 'done');
      if (open.length) throw new Error(`conference matter ${matterId}: ${open.length} agreed item(s) not done`);
      const supervisions = await em.countBy(ConferenceEvent, { matterId, kind: 'supervised' });
      m.report = composeReport(m, items, supervisions, await departmentNames(em));
      m.status = 'closed';
      m.outcome = 'reported';
      m.closedAt = new Date();
      await em.save(m);
      await addConferenceEvent(em, { matterId, kind: 'reported', stepName: '通报', ...SYSTEM, opinion: m.report, dedupKey: `reported:${matterId}` });
      await noteClosedOnCase(em, m);
      return m;
    });
  }

  /** 督办: the coordinator or the convenor urges the department responsible for an open item; recorded in the timeline. */
  async supervise(matterId: string, itemId: string, user: User, input: SuperviseInput): Promise<void> {
    await this.ds.transaction(async (em) => {
      const m = isUuid(matterId) ? await em.findOne(ConferenceMatter, { where: { id: matterId }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!m || !canViewMatter(user, m)) throw new NotFoundError('CONFERENCE_NOT_FOUND', '议题不存在');
      const item = isUuid(itemId) ? await em.findOneBy(ConferenceItem, { id: itemId, matterId }) : null;
      if (!item) throw new NotFoundError('CONFERENCE_ITEM_NOT_FOUND', '议定事项不存在');
      if (item.status === 'done') throw new ConflictError('CONFERENCE_ITEM_DONE', '该议定事项已落实，无需督办');
      if (m.status !== 'implementing') throw new ConflictError('CONFERENCE_NOT_IMPLEMENTING', '议题不在议定事项落实阶段，不能督办');
      const names = await departmentNames(em);
      await addConferenceEvent(em, {
        matterId,
        kind: 'supervised',
        stepName: '督办',
        actorId: user.id,
        actorName: user.displayName,
        departmentCode: item.departmentCode,
        itemId: item.id,
        opinion: `督办${names(item.departmentCode)}（事项 ${item.seq}，期限 ${item.deadline}）：${input.note}`,
      });
    });
  }

  /** The matter's timeline in order. */
  async timeline(matterId: string): Promise<ConferenceEvent[]> {
    return this.ds.getRepository(ConferenceEvent).find({ where: { matterId }, order: { id: 'ASC' } });
  }

  /** The opinions given so far. */
  async opinions(matterId: string): Promise<ConferenceOpinion[]> {
    return this.ds.getRepository(ConferenceOpinion).find({ where: { matterId }, order: { createdAt: 'ASC' } });
  }

  /** The agreed items in the order of the minutes. */
  async items(matterId: string): Promise<ConferenceItem[]> {
    return this.ds.getRepository(ConferenceItem).find({ where: { matterId }, order: { seq: 'ASC' } });
  }
}

/** Department code → Chinese name (the code itself when unknown). */
export async function departmentNames(em: EntityManager): Promise<(code: string | null) => string> {
  const depts = await em.find(Department);
  return (code) => (code ? (depts.find((d) => d.code === code)?.name ?? code) : '');
}

/** Whole calendar days between two YYYY-MM-DD dates (b − a). */
function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * The 通报 text: what was raised, who gave opinions, each agreed item with its
 * department, deadline, completion date (on time or how late) and note.
 */
export function composeReport(m: Pick<ConferenceMatter, 'matterNo' | 'title' | 'departments' | 'createdAt'>, items: ConferenceItem[], supervisions: number, name: (code: string) => string): string {
  let late = 0;
  const lines = items.map((i) => {
    const doneOn = beijingDateOf(i.completedAt ?? new Date());
    const lateDays = daysBetween(i.deadline, doneOn);
    if (lateDays > 0) late++;
    const timing = lateDays > 0 ? `逾期 ${lateDays} 天` : '按期';
    return `${i.seq}. ${i.content}（承办部门：${name(i.departmentCode)}；期限 ${i.deadline}；${doneOn} ${timing}落实）落实情况：${i.completionNote ?? ''}`;
  });
  return [
    `关于“${m.title}”议题（${m.matterNo}）办理情况的通报`,
    `${beijingDateOf(m.createdAt)}，联席会议办公室提出“${m.title}”议题。经召集人决定召集联席会议，${m.departments.map(name).join('、')}共 ${m.departments.length} 个部门提出了意见，会议形成议定事项 ${items.length} 项，现已全部落实：`,
    ...lines,
    `其中按期落实 ${items.length - late} 项，逾期落实 ${late} 项；办理过程中督办 ${supervisions} 次。`,
    '特此通报。',
  ].join('\n');
}

/**
 * Who may read a matter: coordinators and leaders, and the staff (handlers and
 * heads) of the departments concerned.
 */
/** A matter as lists show it (the matter list, a case's matters): number, title, state and outcome, raised and closed. */
export function matterSummary(m: ConferenceMatter) {
  return {
    id: m.id,
    matterNo: m.matterNo,
    title: m.title,
    status: m.status,
    statusName: m.outcome ? CONFERENCE_OUTCOME_NAMES[m.outcome] : CONFERENCE_STATUS_NAMES[m.status],
    outcome: m.outcome,
    raisedAt: m.createdAt,
    closedAt: m.closedAt,
  };
}

export function canViewMatter(user: Pick<User, 'role' | 'departmentCode' | 'unitCode'>, m: Pick<ConferenceMatter, 'departments' | 'countyCode'>): boolean {
  // A county's joint conference is its own: nobody of another county reads its matters.
  if (m.countyCode !== countyCodeOf(user.unitCode)) return false;
  switch (user.role) {
    case 'coordinator':
    case 'leader':
      return true;
    case 'handler':
    case 'head':
      return m.departments.includes(user.departmentCode);
    default:
      return false;
  }
}
