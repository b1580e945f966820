/**
 * 议题卷宗 (matter file) as a user reads it: the matter, the convenor's
 * decision, every department's opinion (or that it is still awaited), the
 * minutes, the agreed items with their progress, the report, the timeline,
 * the engine's history, and the open tasks of the matter the user may act on.
 */
import { countyCodeOf } from '../engine/contract.js';
import { In, type DataSource } from 'typeorm';
import { AssistanceCase } from '../entities/assistance-case.entity.js';
import { CONFERENCE_OUTCOME_NAMES, CONFERENCE_STATUS_NAMES, ConferenceMatter, type ConferenceStatus } from '../entities/conference-matter.entity.js';
import { User } from '../entities/user.entity.js';
import { ForbiddenError } from '../errors.js';
import type { EngineClient } from '../engine/engine-client.js';
import { beijingDateOf } from '../time/beijing.js';
import { ConferenceService, canViewMatter, departmentNames, matterSummary } from './conference.service.js';
import type { ConferenceTaskService } from './conference-task.service.js';
import type { TaskService } from './task.service.js';

const ITEM_STATUS_NAMES: Record<string, string> = { open: '落实中', done: '已落实' };

/** The matter file and the matter list, scoped to what the user may see. */
export class ConferenceFileService {
  private readonly conferences: ConferenceService;

  constructor(
    private readonly ds: DataSource,
    private readonly engine: EngineClient,
    private readonly tasks: TaskService,
    private readonly conferenceTasks: ConferenceTaskService,
  ) {
    this.conferences = new ConferenceService(ds);
  }

  /** The matter file, for coordinators, leaders and the departments concerned (403 for anyone else). */
  async forUser(user: User, matterId: string) {
    const m = await this.conferences.get(matterId);
    if (!canViewMatter(user, m)) throw new ForbiddenError('CONFERENCE_FORBIDDEN', '该议题不涉及您所在部门，无权查看');
    const [opinions, items, timeline, names, relatedCase] = await Promise.all([
      this.conferences.opinions(m.id),
      this.conferences.items(m.id),
      this.conferences.timeline(m.id),
      departmentNames(this.ds.manager),
      m.relatedCaseId ? this.ds.getRepository(AssistanceCase).findOneBy({ id: m.relatedCaseId }) : null,
    ]);
    const userIds = [m.raisedBy, m.decidedBy, m.minutesBy, ...opinions.map((o) => o.givenBy), ...items.map((i) => i.completedBy)].filter((x): x is string => !!x);
    const users = await this.ds.getRepository(User).findBy({ id: In([...new Set(userIds)]) });
    const who = (id: string | null) => (id ? (users.find((u) => u.id === id)?.displayName ?? null) : null);
    const dept = (code: string) => ({ code, name: names(code) });
    const today = beijingDateOf(new Date());

    let history: { activityId: string; name: string | null; type: string; start: string; end: string | null; assignee: string | null }[] = [];
    let processState: string | null = null;
    let myTasks: Awaited<ReturnType<ConferenceTaskService['openTasks']>> = [];
    if (m.processInstanceId) {
      try {
        const [hpi, acts] = await Promise.all([this.engine.historicProcessInstance(m.processInstanceId), this.engine.historicActivities(m.processInstanceId)]);
        processState = hpi.state;
        history = acts
          .filter((a) => !['sequenceFlow', 'exclusiveGateway', 'parallelGateway', 'multiInstanceBody'].includes(a.activityType))
          .map((a) => ({ activityId: a.activityId, name: a.activityName, type: a.activityType, start: a.startTime, end: a.endTime, assignee: a.assignee }));
        if (processState === 'ACTIVE') myTasks = await this.conferenceTasks.openTasks(m, this.tasks.inboxFilter(user));
      } catch {
        processState = 'UNKNOWN';
      }
    }

    return {
      id: m.id,
      matterNo: m.matterNo,
      title: m.title,
      background: m.background,
      departments: m.departments.map(dept),
      relatedCase: relatedCase ? { id: relatedCase.id, caseNo: relatedCase.caseNo } : null,
      status: m.status,
      statusName: m.outcome ? CONFERENCE_OUTCOME_NAMES[m.outcome] : CONFERENCE_STATUS_NAMES[m.status],
      outcome: m.outcome,
      outcomeName: m.outcome ? CONFERENCE_OUTCOME_NAMES[m.outcome] : null,
      raisedBy: who(m.raisedBy),
      raisedAt: m.createdAt,
      decision: m.convene === null ? null : { convene: m.convene, opinion: m.decisionOpinion, by: who(m.decidedBy), at: m.decidedAt },
      // Every department concerned, with its opinion once given (null while awaited).
      opinions: m.departments.map((code) => {
        const o = opinions.find((x) => x.departmentCode === code);
        return { department: dept(code), opinion: o?.opinion ?? null, by: o ? who(o.givenBy) : null, at: o?.createdAt ?? null };
      }),
      minutes: m.minutes === null ? null : { text: m.minutes, by: who(m.minutesBy), at: m.minutesAt },
      items: items.map((i) => ({
        id: i.id,
        seq: i.seq,
        content: i.content,
        department: dept(i.departmentCode),
        deadline: i.deadline,
        status: i.status,
        statusName: ITEM_STATUS_NAMES[i.status] ?? i.status,
        overdue: i.status === 'open' ? i.deadline < today : !!i.completedAt && i.deadline < beijingDateOf(i.completedAt),
        completionNote: i.completionNote,
        completedBy: who(i.completedBy),
        completedAt: i.completedAt,
        supervisions: timeline.filter((e) => e.kind === 'supervised' && e.itemId === i.id).length,
      })),
      report: m.report,
      closedAt: m.closedAt,
      timeline: timeline.map((e) => ({ at: e.at, kind: e.kind, step: e.stepName, actor: e.actorName, department: e.departmentCode ? names(e.departmentCode) : null, itemId: e.itemId, opinion: e.opinion })),
      processInstanceId: m.processInstanceId,
      processState,
      history,
      myTasks: myTasks.map((t) => {
        const item = t.itemId ? items.find((i) => i.id === t.itemId) : undefined;
        return {
          taskId: t.id,
          taskKey: t.taskDefinitionKey,
          name: t.name,
          created: t.created,
          due: t.due,
          assignee: t.assignee,
          claimedByMe: t.assignee === user.id,
          department: t.department ? dept(t.department) : item ? dept(item.departmentCode) : null,
          item: item ? { id: item.id, seq: item.seq, content: item.content, deadline: item.deadline } : null,
        };
      }),
    };
  }

  /** Matters the user can see, newest first, of their own county: all for coordinators and leaders, their department's for department staff. */
  async list(user: User, page: number, pageSize: number, status?: ConferenceStatus) {
    const qb = this.ds.getRepository(ConferenceMatter).createQueryBuilder('m');
    if (user.role === 'handler' || user.role === 'head') qb.where(':dept = ANY(m.departments)', { dept: user.departmentCode });
    else if (user.role !== 'coordinator' && user.role !== 'leader') throw new ForbiddenError('CONFERENCE_FORBIDDEN', '您的角色无权查看联席会议议题');
    else qb.where('true');
    qb.andWhere('m.county_code = :county', { county: countyCodeOf(user.unitCode) });
    if (status) qb.andWhere('m.status = :status', { status });
    const [rows, total] = await qb
      .orderBy('m.created_at', 'DESC')
      .addOrderBy('m.matter_no', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    const names = await departmentNames(this.ds.manager);
    return {
      total,
      items: rows.map((m) => ({ ...matterSummary(m), departments: m.departments.map((code) => ({ code, name: names(code) })) })),
    };
  }
}
