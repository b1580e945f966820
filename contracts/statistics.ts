/**
 * The figures of 考核/通报 statistics as GET /api/statistics answers them (computed in domain/statistics/metrics.ts),
 * inferred from the schema the answer is checked with (contracts/answers/statistics.ts, where the fields are described).
 */
import type { z } from 'zod';
import type * as answers from './answers/statistics.js';

/** The figures of one row (a department, a step, or the totals). */
export type Metrics = z.infer<typeof answers.metricsSchema>;

/** One village or township (按村、乡镇): the tasks of its own candidate groups. */
export type UnitRow = z.infer<typeof answers.unitRowSchema>;

export type DepartmentRow = z.infer<typeof answers.departmentRowSchema>;

export type StepRow = z.infer<typeof answers.stepRowSchema>;

/**
 * One day of the overdue trend (逾期趋势), Beijing calendar day:
 * - done (当日办结): tasks completed that day;
 * - doneLate (当日逾期办结): of those, completed after their due date;
 * - newlyOverdue (当日新增逾期): tasks whose due date passed that day while they were still open;
 * - openOverdue (日终逾期未结): tasks still open at the end of the day (today: now) and already past due.
 * Days not begun yet have null figures. Withdrawn or interrupted steps are
 * not facts (see taskFacts), so they count nowhere, as in the rows.
 */
export type DayPoint = z.infer<typeof answers.dayPointSchema>;

export type StatisticsReport = z.infer<typeof answers.statisticsReportSchema>;
