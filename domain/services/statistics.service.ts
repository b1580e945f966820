/**
 * 考核/通报: performance per department and per step over a date range, read
 * from the task facts the app keeps of every completion (task_fact: arrival,
 * due date, completion, candidate groups, assignee) and from the engine's
 * runtime for the tasks open now (with the candidate groups of its identity-link
 * log), named from the department table and the time-limit rules (办理时限). The arithmetic lives
 * in ../statistics/metrics.ts; this service only gathers the facts.
 */
import type { DataSource } from 'typeorm';
import type { StatisticsQuery } from '../../contracts/statistics.schema.js';
import { processGraphs } from '../deadlines/process-graph.js';
import { Department } from '../entities/department.entity.js';
import { TimeLimitRuleRow } from '../entities/escalation.entity.js';
import { TaskFactRow } from '../entities/task-fact.entity.js';
import { Unit } from '../entities/unit.entity.js';
import { User } from '../entities/user.entity.js';
import { PROCESS, countyCodeOf, countyOfGroups } from '../engine/contract.js';
import type { EngineClient } from '../engine/engine-client.js';
import { engineCall } from '../engine/engine-calls.js';
import { BadRequestError, ForbiddenError } from '../errors.js';
import { statisticsCsv } from '../statistics/csv.js';
import { statisticsXlsx } from '../statistics/xlsx.js';
import {
  buildRows,
  dailySeries,
  buildUnitRows,
  departmentOfGroups,
  unitOfGroups,
  groupBy,
  inWindow,
  openDuring,
  resolveRange,
  stepId,
  type DateRange,
  type GroupDirectory,
  type Labels,
  type StatWindow,
  type TaskFact,
} from '../statistics/metrics.js';
import { toEngineDate } from '../time/deadline.js';
import { groupsOf } from './auth.service.js';
import { PROCESS_NAMES } from '../../contracts/processes.js';
import type { StatisticsReport } from '../../contracts/statistics.js';

export { PROCESS_NAMES };
export type { StatisticsReport };

/** Candidate links are written with the task; this margin around task creation absorbs clock and commit order. */
const LINK_MARGIN_MS = 10 * 60_000;

/** Who sees what: leaders and the joint-conference office their county's figures, a department head their county department's only. */
export function statisticsScope(user: Pick<User, 'role' | 'departmentCode' | 'unitCode'>): { departmentCode: string | null; county: string } {
  const county = countyCodeOf(user.unitCode);
  if (user.role === 'leader' || user.role === 'coordinator') return { departmentCode: null, county };
  if (user.role === 'head') return { departmentCode: user.departmentCode, county };
  throw new ForbiddenError('STATISTICS_FORBIDDEN', '只有分管领导、联席会议办公室和部门负责人可以查看考核统计');
}

/** Engine dates (2026-03-09T23:59:59.999+0800) as epoch milliseconds. */
export function engineMs(s: string): number {
  const t = Date.parse(s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(t)) throw new Error(`unreadable engine date: ${s}`);
  return t;
}

const minOf = (xs: number[]) => xs.reduce((a, b) => Math.min(a, b), Infinity);
const maxOf = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), -Infinity);

export class StatisticsService {
  constructor(
    private readonly ds: DataSource,
    private readonly engine: EngineClient,
    private readonly opts: { pageSize?: number; maxRows?: number } = {},
  ) {}

  /** The statistics of the range the user may see (400 for a bad range, 403 for roles without access). */
  async report(user: Pick<User, 'role' | 'departmentCode' | 'unitCode'>, query: Pick<StatisticsQuery, 'from' | 'to'>, now = new Date()): Promise<StatisticsReport> {
    const scope = statisticsScope(user);
    const range = resolveRange(query, now);
    const w: StatWindow = { start: range.start.getTime(), end: range.end.getTime(), now: now.getTime() };
    const [raw, dir, labels] = await Promise.all([this.taskFacts(range), this.directory(), this.labels()]);
    // The rows need completions in the range and today's open tasks; the daily series every task open at some instant of the range.
    const relevant = raw.filter((f) => inWindow(f, w) || openDuring(f, w.start, w.end));
    // Completed tasks carry their groups; the open ones' come from the engine's identity-link log (kept while their instance runs).
    const groups = await this.candidateGroups(relevant.filter((f) => !f.groups));
    const facts = relevant.flatMap(({ groups: known, ...f }) => {
      const g = known ?? groups.get(f.taskId) ?? [];
      // Another county's tasks count for that county only.
      if (countyOfGroups(g) !== scope.county) return [];
      return [{ ...f, department: departmentOfGroups(g, dir), unit: unitOfGroups(g, dir) }];
    });
    const mine = scope.departmentCode ? facts.filter((f) => f.department === scope.departmentCode) : facts;
    const rows = buildRows(mine, w, labels, scope.departmentCode ? [scope.departmentCode] : []);
    return {
      range: { from: range.from, to: range.to, days: range.days, start: range.start.toISOString(), end: range.end.toISOString(), timeZone: 'Asia/Shanghai' },
      scope: { departmentCode: scope.departmentCode, departmentName: scope.departmentCode ? (labels.departments.get(scope.departmentCode)?.name ?? scope.departmentCode) : null },
      generatedAt: now.toISOString(),
      ...rows,
      byUnit: buildUnitRows(mine, w, dir),
      daily: dailySeries(mine, range, w.now),
    };
  }

  /** The report as a download (CSV with a UTF-8 BOM, or an Excel workbook): named with the range (and a head's department). */
  async exportFile(
    user: Pick<User, 'role' | 'departmentCode' | 'unitCode'>,
    query: Pick<StatisticsQuery, 'from' | 'to' | 'format'>,
    now = new Date(),
  ): Promise<{ filename: string; asciiFilename: string; contentType: string; content: string | Buffer }> {
    const r = await this.report(user, query, now);
    const dates = `${r.range.from}_${r.range.to}`;
    const ext = query.format === 'xlsx' ? 'xlsx' : 'csv';
    return {
      filename: r.scope.departmentName ? `考核统计_${r.scope.departmentName}_${dates}.${ext}` : `考核统计_${dates}.${ext}`,
      asciiFilename: r.scope.departmentCode ? `doudi-statistics_${r.scope.departmentCode}_${dates}.${ext}` : `doudi-statistics_${dates}.${ext}`,
      contentType: ext === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
      content: ext === 'xlsx' ? await statisticsXlsx(r) : statisticsCsv(r),
    };
  }

  /** Every page of an engine list, stable by a unique sort key; refuses beyond maxRows rather than exhausting memory. */
  private async allPages<T>(page: (first: number, max: number) => Promise<T[]>): Promise<T[]> {
    const size = this.opts.pageSize ?? 500;
    const maxRows = this.opts.maxRows ?? 200_000;
    const out: T[] = [];
    for (let first = 0; ; first += size) {
      const rows = await engineCall(() => page(first, size));
      out.push(...rows);
      if (rows.length < size) return out;
      if (out.length >= maxRows) throw new BadRequestError('STATISTICS_TOO_LARGE', `统计涉及的记录超过 ${maxRows} 条，请缩小统计区间`, 'from');
    }
  }

  /**
   * Tasks completed since the range began and created before it ended (the task facts of the
   * app schema, written with each completion, so the figures outlive the engine's history
   * cleanup: the rows take the completions in the range, the daily series also those still
   * open at a day's end) with the groups each was offered to, and tasks open now (engine
   * runtime), groups still unknown.
   */
  private async taskFacts(range: DateRange): Promise<(Omit<TaskFact, 'department'> & { groups?: string[] })[]> {
    const done = await this.ds
      .getRepository(TaskFactRow)
      .createQueryBuilder('f')
      .where('f.completed_at >= :start AND f.created_at <= :end', { start: range.start, end: range.end })
      .orderBy('f.task_id')
      .limit((this.opts.maxRows ?? 200_000) + 1)
      .getMany();
    if (done.length > (this.opts.maxRows ?? 200_000)) throw new BadRequestError('STATISTICS_TOO_LARGE', `统计涉及的记录超过 ${this.opts.maxRows ?? 200_000} 条，请缩小统计区间`, 'from');
    const open = await this.allPages((first, max) => this.engine.queryTasks({ sorting: [{ sortBy: 'id', sortOrder: 'asc' }] }, first, max));
    const keys = new Map<string, string>();
    for (const id of new Set(open.map((t) => t.processDefinitionId).filter(Boolean))) keys.set(id, await engineCall(() => this.engine.processKeyOf(id)));
    return [
      // Only completions are facts: cancelled tasks (withdrawn case, interrupted step) were never done.
      ...done.map((f) => ({
        taskId: f.taskId,
        processKey: f.processKey,
        taskKey: f.taskKey,
        taskName: f.taskName,
        created: f.createdAt.getTime(),
        due: f.dueAt ? f.dueAt.getTime() : null,
        completed: f.completedAt.getTime(),
        groups: f.candidateGroups,
      })),
      ...open
        .filter((t) => t.processDefinitionId && t.taskDefinitionKey)
        .map((t) => ({
          taskId: t.id,
          processKey: keys.get(t.processDefinitionId)!,
          taskKey: t.taskDefinitionKey,
          taskName: t.name ?? '',
          created: engineMs(t.created),
          due: t.due ? engineMs(t.due) : null,
          completed: null,
        })),
    ];
  }

  /**
   * Once, when the app holds no task facts yet (the first start after the upgrade that
   * introduced them): imports every completion the engine's history still has, with the
   * groups each task was offered to. Returns how many were imported.
   */
  async importHistoryOnce(): Promise<number> {
    const [{ any }] = (await this.ds.query(`SELECT EXISTS (SELECT 1 FROM task_fact) AS any`)) as { any: boolean }[];
    if (any) return 0;
    const done = (await this.allPages((first, max) => this.engine.historicTasks({ finished: true, sortBy: 'taskId', sortOrder: 'asc' }, first, max))).filter(
      (t) => t.deleteReason === 'completed' && t.endTime && t.processDefinitionKey && t.taskDefinitionKey && t.processInstanceId,
    );
    const facts = done.map((t) => ({
      taskId: t.id,
      processKey: t.processDefinitionKey!,
      taskKey: t.taskDefinitionKey!,
      taskName: t.name ?? '',
      created: engineMs(t.startTime),
      due: t.due ? engineMs(t.due) : null,
      completed: engineMs(t.endTime!),
    }));
    const groups = await this.candidateGroups(facts);
    for (let i = 0; i < done.length; i += 500) {
      const rows = done.slice(i, i + 500).map((t, j) => {
        const f = facts[i + j]!;
        return {
          taskId: f.taskId,
          processInstanceId: t.processInstanceId!,
          processKey: f.processKey,
          taskKey: f.taskKey,
          taskName: f.taskName.slice(0, 128),
          candidateGroups: groups.get(f.taskId) ?? [],
          assignee: t.assignee,
          createdAt: new Date(f.created),
          dueAt: f.due === null ? null : new Date(f.due),
          completedAt: new Date(f.completed),
        };
      });
      await this.ds.createQueryBuilder().insert().into(TaskFactRow).values(rows).orIgnore().execute();
    }
    return done.length;
  }

  /**
   * The candidate groups of the tasks, from the engine's identity-link log:
   * one paged query per process over the window in which those tasks were
   * created (links are written with the task), not one call per task.
   */
  private async candidateGroups(facts: Omit<TaskFact, 'department'>[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const [processKey, list] of groupBy(facts, (f) => f.processKey)) {
      const ids = new Set(list.map((f) => f.taskId));
      const created = list.map((f) => f.created);
      const logs = await this.allPages((first, max) =>
        this.engine.identityLinkLog(
          {
            type: 'candidate',
            operationType: 'add',
            processDefinitionKey: processKey,
            dateAfter: toEngineDate(new Date(minOf(created) - LINK_MARGIN_MS)),
            dateBefore: toEngineDate(new Date(maxOf(created) + LINK_MARGIN_MS)),
            sortBy: 'taskId',
            sortOrder: 'asc',
          },
          first,
          max,
        ),
      );
      for (const l of logs) {
        if (!l.taskId || !l.groupId || !ids.has(l.taskId)) continue;
        const g = out.get(l.taskId);
        if (g) g.push(l.groupId);
        else out.set(l.taskId, [l.groupId]);
      }
    }
    return out;
  }

  /** Unit levels and the departments of the accounts acting for each candidate group. */
  private async directory(): Promise<GroupDirectory> {
    const [units, users] = await Promise.all([
      this.ds.getRepository(Unit).find({ select: { code: true, level: true, name: true } }),
      this.ds.getRepository(User).find({ where: { active: true }, select: { id: true, role: true, departmentCode: true, unitCode: true } }),
    ]);
    const levels = new Map(units.map((u) => [u.code, u.level as string]));
    const members = new Map<string, Set<string>>();
    for (const u of users) {
      for (const g of groupsOf(u)) {
        const set = members.get(g) ?? new Set<string>();
        set.add(u.departmentCode);
        members.set(g, set);
      }
    }
    const names = new Map(units.map((u) => [u.code, u.name]));
    return { unitLevel: (code) => levels.get(code), unitName: (code) => names.get(code), memberDepartments: (g) => [...(members.get(g) ?? [])] };
  }

  /** Department names in the table's order; step names from the time-limit rules in each model's order. */
  private async labels(): Promise<Labels> {
    const [departments, rules, graphs] = await Promise.all([this.ds.getRepository(Department).find({ order: { sortOrder: 'ASC', code: 'ASC' } }), this.ds.getRepository(TimeLimitRuleRow).find(), processGraphs()]);
    const steps = new Map<string, { name: string; order: number }>();
    for (const [processKey, g] of graphs) for (const [i, t] of g.userTasks().entries()) steps.set(stepId(processKey, t.key), { name: t.name, order: i });
    for (const r of rules) {
      const id = stepId(r.processKey, r.taskKey);
      steps.set(id, { name: r.stepName, order: steps.get(id)?.order ?? Number.MAX_SAFE_INTEGER });
    }
    return {
      departments: new Map(departments.map((d, i) => [d.code, { name: d.name, order: i }])),
      processes: new Map(Object.values(PROCESS).map((k, i) => [k, { name: PROCESS_NAMES[k] ?? k, order: i }])),
      steps,
    };
  }
}
