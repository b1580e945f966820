/**
 * The staff lists beside 待办: 已办 (tasks completed, read from the engine's
 * history) and 我发起的 (cases registered and matters raised by the user).
 * Scoping is decided here, never by the client: a handler sees only their own
 * completed tasks, a head their department's, coordinators and leaders their
 * county's.
 */
import { In, type DataSource } from 'typeorm';
import { countyCodeOf, group } from '../engine/contract.js';
import type { DoneQuery, InitiatedQuery } from '../../contracts/worklist.schema.js';
import { AssistanceCase, ASSISTANCE_TYPE_NAMES, type AssistanceType } from '../entities/assistance-case.entity.js';
import { CONFERENCE_OUTCOME_NAMES, CONFERENCE_STATUS_NAMES, ConferenceMatter, type ConferenceOutcome, type ConferenceStatus } from '../entities/conference-matter.entity.js';
import { Department } from '../entities/department.entity.js';
import type { User } from '../entities/user.entity.js';
import type { EngineClient, HistoricTask } from '../engine/engine-client.js';
import { ForbiddenError } from '../errors.js';
import { beijingInstant, endOfBeijingDay } from '../time/beijing.js';
import { toEngineDate } from '../time/deadline.js';
import { maskName } from '../idcard.js';
import { caseSteps, OUTCOME_NAMES, STATUS_NAMES } from './case-file.service.js';
import { Household } from '../entities/household.entity.js';
import { containsPattern } from '../db/like.js';
import { engineMs, PROCESS_NAMES } from './statistics.service.js';
import { engineCall } from '../engine/engine-calls.js';
import { RECALLABLE_STEPS } from './task-actions.service.js';
import type { DoneItem, InitiatedItem } from './views.js';
export type { DoneItem, InitiatedItem } from './views.js';

/** At most this many completed tasks are read per request (the newest first); the list says when it was cut. */
export const DONE_LIMIT = 5000;
const PAGE = 500;

/** The engine filter of whose completed tasks the user asked for, or 403 when the user may not see them. */
export function doneScope(user: Pick<User, 'id' | 'role' | 'departmentCode' | 'unitCode'>, q: Pick<DoneQuery, 'scope' | 'department'>): Record<string, string> {
  if (q.scope === 'mine') {
    if (q.department && q.department !== user.departmentCode) throw new ForbiddenError('DONE_FORBIDDEN', '只能查看本人或本部门的已办事项');
    return { taskAssignee: user.id };
  }
  // Coordinators, leaders and heads see their own county's work only.
  const county = countyCodeOf(user.unitCode);
  if (user.role === 'coordinator' || user.role === 'leader') return q.department ? { taskHadCandidateGroup: group.dept(county, q.department) } : { processVariables: `countyCode_eq_${county}` };
  if (user.role === 'head' && (!q.department || q.department === user.departmentCode)) return { taskHadCandidateGroup: group.dept(county, user.departmentCode) };
  throw new ForbiddenError('DONE_FORBIDDEN', user.role === 'head' ? '只能查看本部门的已办事项' : '只能查看本人的已办事项');
}

export class WorklistService {
  constructor(
    private readonly ds: DataSource,
    private readonly engine: EngineClient,
  ) {}

  /** 已办: completed tasks, newest first, filtered and paged; `truncated` when more than DONE_LIMIT matched the engine filter. */
  async done(user: User, q: DoneQuery): Promise<{ total: number; items: DoneItem[]; truncated: boolean; steps: { key: string; name: string }[] }> {
    const filter: Record<string, string | number | boolean> = {
      ...doneScope(user, q),
      finished: true,
      taskDeleteReason: 'completed',
      sortBy: 'endTime',
      sortOrder: 'desc',
    };
    if (q.processKey) filter.processDefinitionKey = q.processKey;
    if (q.step) filter.taskDefinitionKey = q.step;
    if (q.from) filter.finishedAfter = toEngineDate(new Date(beijingInstant(q.from).getTime() - 1));
    if (q.to) filter.finishedBefore = toEngineDate(new Date(endOfBeijingDay(q.to).getTime() + 1));
    const rows: HistoricTask[] = [];
    for (let first = 0; first < DONE_LIMIT; first += PAGE) {
      const page = await engineCall(() => this.engine.historicTasks(filter, first, PAGE));
      rows.push(...page);
      if (page.length < PAGE) break;
    }
    const truncated = rows.length >= DONE_LIMIT;

    const piIds = [...new Set(rows.map((t) => t.processInstanceId).filter((x): x is string => !!x))];
    type CaseRow = { id: string; caseNo: string; processInstanceId: string | null; headName: string; village: string; kinds: string[] };
    const [cases, matters] = piIds.length
      ? await Promise.all([
          this.ds
            .getRepository(AssistanceCase)
            .createQueryBuilder('c')
            .innerJoin(Household, 'h', 'h.id = c.household_id')
            .select(['c.id AS "id"', 'c.case_no AS "caseNo"', 'c.process_instance_id AS "processInstanceId"', 'h.head_name AS "headName"', 'h.unit_code AS "village"', 'c.assistance_types AS "kinds"'])
            .where('c.process_instance_id IN (:...piIds)', { piIds })
            .getRawMany<CaseRow>(),
          this.ds.getRepository(ConferenceMatter).find({ where: { processInstanceId: In(piIds) }, select: { id: true, matterNo: true, title: true, processInstanceId: true } }),
        ])
      : [[] as CaseRow[], []];
    const caseOf = new Map(cases.map((c) => [c.processInstanceId, c]));
    const matterOf = new Map(matters.map((m) => [m.processInstanceId, m]));
    // The case filters of the shared filter bar: a task matches when its case does; a matter's task only by its number.
    const caseMatches = (c: CaseRow | undefined, m: { matterNo: string } | undefined) =>
      !(q.caseNo || q.head || q.village || q.kind) ||
      (!!c && (!q.caseNo || c.caseNo.includes(q.caseNo)) && (!q.head || c.headName.includes(q.head)) && (!q.village || c.village === q.village) && (!q.kind || c.kinds.includes(q.kind))) ||
      (!!m && !!q.caseNo && !(q.head || q.village || q.kind) && m.matterNo.includes(q.caseNo));

    let items: DoneItem[] = rows
      .filter((t) => t.endTime && t.processInstanceId && caseMatches(caseOf.get(t.processInstanceId), matterOf.get(t.processInstanceId)))
      .map((t) => {
        const end = engineMs(t.endTime!);
        const due = t.due ? engineMs(t.due) : null;
        const c = caseOf.get(t.processInstanceId);
        const m = matterOf.get(t.processInstanceId);
        return {
          taskId: t.id,
          name: t.name ?? '',
          taskKey: t.taskDefinitionKey ?? '',
          processKey: t.processDefinitionKey ?? '',
          processName: PROCESS_NAMES[t.processDefinitionKey ?? ''] ?? t.processDefinitionKey ?? '',
          created: new Date(engineMs(t.startTime)).toISOString(),
          completed: new Date(end).toISOString(),
          durationMs: t.duration ?? end - engineMs(t.startTime),
          due: due === null ? null : new Date(due).toISOString(),
          timeliness: due === null ? 'no_limit' : end <= due ? 'on_time' : 'late',
          lateMs: due === null || end <= due ? 0 : end - due,
          case: c ? { id: c.id, caseNo: c.caseNo } : null,
          conference: m ? { id: m.id, matterNo: m.matterNo, title: m.title } : null,
          recallable: t.assignee === user.id && t.deleteReason === 'completed' && RECALLABLE_STEPS.has(t.taskDefinitionKey ?? ''),
        };
      });
    if (q.timeliness) items = items.filter((i) => i.timeliness === q.timeliness);
    if (q.overdue) items = items.filter((i) => i.timeliness === 'late');
    if (q.q) {
      const needle = q.q.toLowerCase();
      items = items.filter((i) => [i.name, i.case?.caseNo, i.conference?.matterNo, i.conference?.title].some((s) => s?.toLowerCase().includes(needle)));
    }
    return { total: items.length, items: items.slice((q.page - 1) * q.pageSize, q.page * q.pageSize), truncated, steps: await caseSteps() };
  }

  /** 我发起的: the cases the user registered and the matters the user raised, newest first. */
  async initiated(user: User, q: InitiatedQuery): Promise<{ total: number; items: InitiatedItem[] }> {
    const like = q.q ? `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const parts: string[] = [];
    // The parameters, typed once in `p`: $1 the user, $2 the search, then the shared case filters —
    // $3 number, $4 户主, $5 village, $6 kind, $7/$8 dates (a matter matches only by number and dates)
    const params: unknown[] = [
      user.id,
      like,
      q.caseNo ? containsPattern(q.caseNo) : null,
      q.head ? containsPattern(q.head) : null,
      q.village ?? null,
      q.kind ?? null,
      q.from ? beijingInstant(q.from) : null,
      q.to ? endOfBeijingDay(q.to) : null,
    ];
    const caseOnly = !!(q.head || q.village || q.kind);
    if (q.category !== 'conference') {
      parts.push(`SELECT 'case' AS kind, c.id, c.case_no AS number, h.head_name AS title, array_to_string(c.assistance_types, ',') AS detail,
                         c.status, c.outcome, c.created_at, c.closed_at
                  FROM assistance_case c JOIN household h ON h.id = c.household_id CROSS JOIN p
                  WHERE c.registered_by = p.uid AND (p.q IS NULL OR c.case_no ILIKE p.q OR h.head_name ILIKE p.q)
                    AND (p.no IS NULL OR c.case_no LIKE p.no) AND (p.head IS NULL OR h.head_name LIKE p.head)
                    AND (p.village IS NULL OR h.unit_code = p.village) AND (p.kind IS NULL OR p.kind = ANY(c.assistance_types))`);
    }
    if (q.category !== 'case' && !caseOnly) {
      parts.push(`SELECT 'conference' AS kind, m.id, m.matter_no AS number, m.title, array_to_string(m.departments, ',') AS detail,
                         m.status, m.outcome, m.created_at, m.closed_at
                  FROM conference_matter m CROSS JOIN p
                  WHERE m.raised_by = p.uid AND (p.q IS NULL OR m.matter_no ILIKE p.q OR m.title ILIKE p.q) AND (p.no IS NULL OR m.matter_no LIKE p.no)`);
    }
    if (!parts.length) return { total: 0, items: [] };
    const where = [q.status === 'closed' ? `x.status = 'closed'` : q.status === 'open' ? `x.status <> 'closed'` : 'TRUE', '(p.from_at IS NULL OR x.created_at >= p.from_at)', '(p.to_at IS NULL OR x.created_at <= p.to_at)'].join(' AND ');
    const typed = `WITH p AS (SELECT $1::uuid AS uid, $2::text AS q, $3::text AS no, $4::text AS head, $5::text AS village, $6::text AS kind, $7::timestamptz AS from_at, $8::timestamptz AS to_at)`;
    const base = `FROM (${parts.join(' UNION ALL ')}) x CROSS JOIN p WHERE ${where}`;
    const [{ total }] = (await this.ds.query(`${typed} SELECT count(*)::int AS total ${base}`, params)) as { total: number }[];
    type Raw = Pick<InitiatedItem, 'kind' | 'id' | 'number' | 'title' | 'detail' | 'status'> & { outcome: string | null; created_at: Date; closed_at: Date | null };
    const rows: Raw[] = await this.ds.query(`${typed} SELECT x.* ${base} ORDER BY x.created_at DESC, x.number DESC LIMIT $9 OFFSET $10`, [...params, q.pageSize, (q.page - 1) * q.pageSize]);
    const departments = new Map((await this.ds.getRepository(Department).find()).map((d) => [d.code, d.name]));
    return {
      total: total ?? 0,
      items: rows.map((r) => {
        const isCase = r.kind === 'case';
        const names = r.detail ? r.detail.split(',') : [];
        return {
          kind: r.kind,
          id: r.id,
          number: r.number,
          // The household head's name is masked as in the other lists (张**).
          title: isCase ? maskName(r.title) : r.title,
          detail: isCase ? names.map((a) => ASSISTANCE_TYPE_NAMES[a as AssistanceType] ?? a).join('、') : names.map((d) => departments.get(d) ?? d).join('、'),
          status: r.status,
          statusName: isCase
            ? ((r.outcome ? OUTCOME_NAMES[r.outcome] : null) ?? STATUS_NAMES[r.status] ?? r.status)
            : ((r.outcome ? CONFERENCE_OUTCOME_NAMES[r.outcome as ConferenceOutcome] : null) ?? CONFERENCE_STATUS_NAMES[r.status as ConferenceStatus] ?? r.status),
          closed: r.status === 'closed',
          createdAt: new Date(r.created_at).toISOString(),
          closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
        };
      }),
    };
  }
}
