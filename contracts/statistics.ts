/** The figures of 考核/通报 statistics as GET /api/statistics answers them (computed in domain/statistics/metrics.ts). */

/** The figures of one row (a department, a step, or the totals). */
export interface Metrics {
  /** 办结数: tasks completed in the range. */
  done: number;
  /** Of those, how many had a due date (the on-time rate's denominator). */
  doneWithDue: number;
  /** Completed at or before their due date. */
  onTime: number;
  /** 按时办结率 = onTime / doneWithDue, 0–1 with 4 decimals; null without any dated completion. */
  onTimeRate: number | null;
  /** 逾期数 = overdueDone + overdueOpen. */
  overdue: number;
  /** Completed in the range after their due date. */
  overdueDone: number;
  /** Still open and past due at the end of the range (or now, if earlier). */
  overdueOpen: number;
  /** 平均办理时长, hours from creation to completion (2 decimals). */
  avgHours: number | null;
  /** P90 办理时长 (nearest rank: 90 % of the tasks done took at most this long). */
  p90Hours: number | null;
  /** 当前积压: open tasks now. */
  backlog: number;
  /** Of those, past their due date now. */
  backlogOverdue: number;
}

/** One village or township (按村、乡镇): the tasks of its own candidate groups. */
export interface UnitRow extends Metrics {
  unitCode: string;
  unitName: string;
  level: 'village' | 'township';
}

export interface DepartmentRow extends Metrics {
  departmentCode: string;
  departmentName: string;
}

export interface StepRow extends Metrics {
  processKey: string;
  processName: string;
  taskKey: string;
  stepName: string;
}

/**
 * One day of the overdue trend (逾期趋势), Beijing calendar day:
 * - done (当日办结): tasks completed that day;
 * - doneLate (当日逾期办结): of those, completed after their due date;
 * - newlyOverdue (当日新增逾期): tasks whose due date passed that day while they were still open;
 * - openOverdue (日终逾期未结): tasks still open at the end of the day (today: now) and already past due.
 * Days not begun yet have null figures. Withdrawn or interrupted steps are
 * not facts (see taskFacts), so they count nowhere, as in the rows.
 */
export interface DayPoint {
  date: string;
  done: number | null;
  doneLate: number | null;
  newlyOverdue: number | null;
  openOverdue: number | null;
}

export interface StatisticsReport {
  range: { from: string; to: string; days: number; start: string; end: string; timeZone: 'Asia/Shanghai' };
  /** null = the whole jurisdiction; a code = a head's own department. */
  scope: { departmentCode: string | null; departmentName: string | null };
  generatedAt: string;
  byDepartment: DepartmentRow[];
  byStep: StepRow[];
  /** 按村、乡镇: one row per village and township with tasks of its own. */
  byUnit: UnitRow[];
  totals: Metrics;
  /** 逾期趋势: one point per calendar day of the range (see DayPoint for the definitions). */
  daily: DayPoint[];
}
