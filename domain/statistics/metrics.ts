/**
 * 考核/通报 figures computed from plain task facts — no database, no engine —
 * so every rule here (range, attribution, on-time rate, p90, grouping) is
 * unit-tested with hand-computed numbers. StatisticsService gathers the facts.
 */
import { departmentsOfGroups } from '../engine/contract.js';
import { BadRequestError } from '../errors.js';
import type { DayPoint, DepartmentRow, Metrics, StepRow, UnitRow } from '../../contracts/statistics.js';
import { addCalendarDays, beijingDateOf, beijingInstant, DAY_MS, endOfBeijingDay } from '../time/beijing.js';

export type { DayPoint, DepartmentRow, Metrics, StepRow, UnitRow };

/** The department code of tasks whose candidate groups name no department. */
export const UNASSIGNED = 'unassigned';
export const UNASSIGNED_NAME = '未归属';
/** A range covers at most this many calendar days (a leap year). */
export const MAX_RANGE_DAYS = 366;
/** Without dates: the last 30 days, today included. */
export const DEFAULT_RANGE_DAYS = 30;

const HOUR_MS = 3_600_000;

/** One user task as the statistics see it (instants in epoch milliseconds). */
export interface TaskFact {
  taskId: string;
  processKey: string;
  /** User task id in the model (Task_HomeVisit). */
  taskKey: string;
  /** The task's name in the engine, the fallback step name. */
  taskName: string;
  /** Department code the task is attributed to (UNASSIGNED when none). */
  department: string;
  /** The village or township a 村/乡镇 task belongs to (its `unit:` candidate group), for the per-unit rows. */
  unit?: string | null;
  created: number;
  due: number | null;
  /** Completion instant; null while the task is open. */
  completed: number | null;
}

/** The statistics window: completions in [start, end] count as done; `now` decides what is overdue today. */
export interface StatWindow {
  start: number;
  end: number;
  now: number;
}

/** A validated date range in Beijing calendar dates with its instants. */
export interface DateRange {
  from: string;
  to: string;
  days: number;
  /** from 00:00:00.000 Beijing */
  start: Date;
  /** to 23:59:59.999 Beijing */
  end: Date;
}

/**
 * The range of a query: both dates default (to = today in Beijing, from = 29
 * days earlier), from ≤ to, at most 366 days. Dates are already well-formed
 * (statisticsQuerySchema); the cross-field rules answer 400 here.
 */
export function resolveRange(q: { from?: string; to?: string }, now: Date): DateRange {
  const to = q.to ?? beijingDateOf(now);
  const from = q.from ?? addCalendarDays(to, -(DEFAULT_RANGE_DAYS - 1));
  if (from > to) throw new BadRequestError('STATISTICS_RANGE_INVERTED', `开始日期（${from}）不能晚于结束日期（${to}）`, 'from');
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
  if (days > MAX_RANGE_DAYS) throw new BadRequestError('STATISTICS_RANGE_TOO_LONG', `统计区间不能超过 ${MAX_RANGE_DAYS} 天（当前 ${days} 天），请缩小区间`, 'from');
  return { from, to, days, start: beijingInstant(from), end: endOfBeijingDay(to) };
}

/** Nearest-rank percentile: the smallest value with at least p % of the values at or below it; null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile out of range: ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  // p × n first, then / 100: a whole rank never comes out a hair above itself (which ceil would push up).
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100));
  return sorted[rank - 1]!;
}

/** Arithmetic mean; null for no values. */
export function mean(values: readonly number[]): number | null {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
}

/** numerator / denominator, null when nothing could be measured. */
export function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/** Rounds half away from zero to the given decimals; null stays null. */
export function round(v: number | null, decimals: number): number | null {
  if (v === null) return null;
  const f = 10 ** decimals;
  return (Math.sign(v) * Math.round(Math.abs(v) * f)) / f;
}

/** True for facts the window reports on: completed inside it, or open now. */
export function inWindow(f: Pick<TaskFact, 'completed'>, w: StatWindow): boolean {
  return f.completed === null || (f.completed >= w.start && f.completed <= w.end);
}

/** The figures of a set of facts for the window (facts completed outside it are ignored). */
export function summarize(facts: readonly TaskFact[], w: StatWindow): Metrics {
  let done = 0;
  let doneWithDue = 0;
  let onTime = 0;
  let overdueDone = 0;
  let overdueOpen = 0;
  let backlog = 0;
  let backlogOverdue = 0;
  const hours: number[] = [];
  const overdueBy = Math.min(w.now, w.end);
  for (const f of facts) {
    if (f.completed !== null) {
      if (f.completed < w.start || f.completed > w.end) continue;
      done++;
      hours.push((f.completed - f.created) / HOUR_MS);
      if (f.due !== null) {
        doneWithDue++;
        if (f.completed <= f.due) onTime++;
        else overdueDone++;
      }
    } else {
      backlog++;
      if (f.due !== null && f.due < w.now) backlogOverdue++;
      if (f.due !== null && f.due < overdueBy) overdueOpen++;
    }
  }
  return {
    done,
    doneWithDue,
    onTime,
    onTimeRate: round(rate(onTime, doneWithDue), 4),
    overdue: overdueDone + overdueOpen,
    overdueDone,
    overdueOpen,
    avgHours: round(mean(hours), 2),
    p90Hours: round(percentile(hours, 90), 2),
    backlog,
    backlogOverdue,
  };
}

/** Facts grouped by a key, in first-seen order. */
export function groupBy<T>(items: readonly T[], keyOf: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = keyOf(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}

/** What attribution needs to know about the organisation. */
export interface GroupDirectory {
  /** The level of an administrative unit (village, township, county …), if known. */
  unitLevel(code: string): string | undefined;
  /** The departments of the active accounts acting for a candidate group. */
  memberDepartments(group: string): readonly string[];
  /** The name of an administrative unit, if known. */
  unitName?(code: string): string | undefined;
}

/** The village or township of a task's `unit:<code>:<role>` candidate group (null for county departments). */
export function unitOfGroups(groups: readonly string[], dir: GroupDirectory): string | null {
  for (const g of [...new Set(groups)].sort()) {
    if (!g.startsWith('unit:')) continue;
    const code = g.split(':')[1] ?? '';
    const level = dir.unitLevel(code);
    if (level === 'village' || level === 'township') return code;
  }
  return null;
}

/** The rows per village and township (村、乡镇 are one department each, but each unit answers for its own tasks), by unit code. */
export function buildUnitRows(facts: readonly TaskFact[], w: StatWindow, dir: GroupDirectory): UnitRow[] {
  const byUnit = groupBy(
    facts.filter((f) => f.unit && inWindow(f, w)),
    (f) => f.unit!,
  );
  return [...byUnit.entries()]
    .map(([code, list]) => ({ unitCode: code, unitName: dir.unitName?.(code) ?? code, level: (dir.unitLevel(code) === 'village' ? 'village' : 'township') as UnitRow['level'], ...summarize(list, w) }))
    .sort((a, b) => a.unitCode.localeCompare(b.unitCode));
}

/**
 * The department a task is attributed to, from its candidate groups:
 * `dept:<county>:<code>` is that department; `unit:<code>:<role>` is 村民委员会 for a
 * village worker or a village unit, 乡镇人民政府 for a township unit, and
 * otherwise (county window) the one department of the accounts acting for the
 * group; `role:<county>:<role>` likewise (leader → 县人民政府, coordinator → 民政局).
 * Groups are taken in sorted order so the answer never depends on log order.
 */
export function departmentOfGroups(groups: readonly string[], dir: GroupDirectory): string {
  const sorted = [...new Set(groups)].sort();
  const dept = departmentsOfGroups(sorted)[0];
  if (dept !== undefined) return dept || UNASSIGNED;
  const single = (g: string) => {
    const ds = [...new Set(dir.memberDepartments(g))];
    return ds.length === 1 ? ds[0]! : null;
  };
  for (const g of sorted.filter((x) => x.startsWith('unit:'))) {
    const [, code = '', role = ''] = g.split(':');
    const level = dir.unitLevel(code);
    if (role === 'village' || level === 'village') return 'village';
    if (level === 'township') return 'township';
    const d = single(g);
    if (d) return d;
  }
  for (const g of sorted.filter((x) => x.startsWith('role:'))) {
    const d = single(g);
    if (d) return d;
  }
  return UNASSIGNED;
}

/** Names and ordering of departments and steps for the rows. */
export interface Labels {
  departments: ReadonlyMap<string, { name: string; order: number }>;
  processes: ReadonlyMap<string, { name: string; order: number }>;
  /** Keyed by `${processKey}/${taskKey}`; order within the process. */
  steps: ReadonlyMap<string, { name: string; order: number }>;
}

export const stepId = (processKey: string, taskKey: string): string => `${processKey}/${taskKey}`;

/**
 * The rows per department and per step and the totals. Only departments and
 * steps with something to report appear, plus `alwaysDepartments` (a head
 * always sees their own row); rows follow the department table's order and
 * each model's order of steps, unknown ones last.
 */
export function buildRows(facts: readonly TaskFact[], w: StatWindow, labels: Labels, alwaysDepartments: readonly string[] = []): { byDepartment: DepartmentRow[]; byStep: StepRow[]; totals: Metrics } {
  const relevant = facts.filter((f) => inWindow(f, w));
  const byDept = groupBy(relevant, (f) => f.department);
  for (const d of alwaysDepartments) if (!byDept.has(d)) byDept.set(d, []);
  const deptLabel = (code: string) => labels.departments.get(code) ?? (code === UNASSIGNED ? { name: UNASSIGNED_NAME, order: Number.MAX_SAFE_INTEGER } : { name: code, order: Number.MAX_SAFE_INTEGER - 1 });
  const byDepartment = [...byDept.entries()]
    .map(([code, list]) => ({ departmentCode: code, departmentName: deptLabel(code).name, ...summarize(list, w) }))
    .sort((a, b) => deptLabel(a.departmentCode).order - deptLabel(b.departmentCode).order || a.departmentCode.localeCompare(b.departmentCode));

  const order = (processKey: string, taskKey: string): [number, number] => [labels.processes.get(processKey)?.order ?? Number.MAX_SAFE_INTEGER, labels.steps.get(stepId(processKey, taskKey))?.order ?? Number.MAX_SAFE_INTEGER];
  const byStep = [...groupBy(relevant, (f) => stepId(f.processKey, f.taskKey)).values()]
    .map((list) => {
      const { processKey, taskKey } = list[0]!;
      // The latest task's name stands in when no rule names the step.
      const latest = list.reduce((a, b) => (b.created > a.created ? b : a));
      return {
        processKey,
        processName: labels.processes.get(processKey)?.name ?? processKey,
        taskKey,
        stepName: labels.steps.get(stepId(processKey, taskKey))?.name ?? (latest.taskName || taskKey),
        ...summarize(list, w),
      };
    })
    .sort((a, b) => {
      const [pa, sa] = order(a.processKey, a.taskKey);
      const [pb, sb] = order(b.processKey, b.taskKey);
      return pa - pb || a.processKey.localeCompare(b.processKey) || sa - sb || a.taskKey.localeCompare(b.taskKey);
    });
  return { byDepartment, byStep, totals: summarize(relevant, w) };
}

/** True for facts the daily series needs: open at some instant of [start, end]. */
export function openDuring(f: Pick<TaskFact, 'created' | 'completed'>, start: number, end: number): boolean {
  return f.created <= end && (f.completed === null || f.completed >= start);
}

/** The per-day figures of the range, one point per calendar day from `from` to `to`. */
export function dailySeries(facts: readonly TaskFact[], range: Pick<DateRange, 'from' | 'days'>, now: number): DayPoint[] {
  const out: DayPoint[] = [];
  for (let i = 0; i < range.days; i++) {
    const date = addCalendarDays(range.from, i);
    const start = beijingInstant(date).getTime();
    if (start > now) {
      out.push({ date, done: null, doneLate: null, newlyOverdue: null, openOverdue: null });
      continue;
    }
    const cutoff = Math.min(endOfBeijingDay(date).getTime(), now);
    let done = 0;
    let doneLate = 0;
    let newlyOverdue = 0;
    let openOverdue = 0;
    for (const f of facts) {
      if (f.completed !== null && f.completed >= start && f.completed <= cutoff) {
        done++;
        if (f.due !== null && f.completed > f.due) doneLate++;
      }
      if (f.due === null) continue;
      if (f.due >= start && f.due < cutoff && (f.completed === null || f.completed > f.due)) newlyOverdue++;
      if (f.created <= cutoff && (f.completed === null || f.completed > cutoff) && f.due < cutoff) openOverdue++;
    }
    out.push({ date, done, doneLate, newlyOverdue, openOverdue });
  }
  return out;
}
