/** Answers of the statistics (/api/statistics: 考核/通报 figures; /api/statistics/year: 年度保障统计). */
import { z } from 'zod';
import { RECIPIENT_KINDS } from '../kinds.js';
import { count, day, instant, month } from './common.js';

const hours = z.number().min(0);

/** The figures of one row (a department, a step, a unit, or the totals). */
export const metricsSchema = z.strictObject({
  /** 办结数: tasks completed in the range. */
  done: count,
  /** Of those, how many had a due date (the on-time rate's denominator). */
  doneWithDue: count,
  /** Completed at or before their due date. */
  onTime: count,
  /** 按时办结率 = onTime / doneWithDue, 0–1 with 4 decimals; null without any dated completion. */
  onTimeRate: z.number().min(0).max(1).nullable(),
  /** 逾期数 = overdueDone + overdueOpen. */
  overdue: count,
  /** Completed in the range after their due date. */
  overdueDone: count,
  /** Still open and past due at the end of the range (or now, if earlier). */
  overdueOpen: count,
  /** 平均办理时长, hours from creation to completion (2 decimals). */
  avgHours: hours.nullable(),
  /** P90 办理时长 (nearest rank: 90 % of the tasks done took at most this long). */
  p90Hours: hours.nullable(),
  /** 当前积压: open tasks now. */
  backlog: count,
  /** Of those, past their due date now. */
  backlogOverdue: count,
});
export const unitRowSchema = metricsSchema.extend({ unitCode: z.string(), unitName: z.string(), level: z.enum(['village', 'township']) });
export const departmentRowSchema = metricsSchema.extend({ departmentCode: z.string(), departmentName: z.string() });
export const stepRowSchema = metricsSchema.extend({ processKey: z.string(), processName: z.string(), taskKey: z.string(), stepName: z.string() });
/** One day of the overdue trend (逾期趋势); days not begun yet have null figures. */
export const dayPointSchema = z.strictObject({ date: day, done: count.nullable(), doneLate: count.nullable(), newlyOverdue: count.nullable(), openOverdue: count.nullable() });

/** GET /api/statistics. */
export const statisticsReportSchema = z.strictObject({
  range: z.strictObject({ from: day, to: day, days: count, start: instant, end: instant, timeZone: z.literal('Asia/Shanghai') }),
  /** null = the whole jurisdiction; a code = a head's own department. */
  scope: z.strictObject({ departmentCode: z.string().nullable(), departmentName: z.string().nullable() }),
  generatedAt: instant,
  byDepartment: z.array(departmentRowSchema),
  byStep: z.array(stepRowSchema),
  /** 按村、乡镇: one row per village and township with tasks of its own. */
  byUnit: z.array(unitRowSchema),
  totals: metricsSchema,
  /** 逾期趋势: one point per calendar day of the range. */
  daily: z.array(dayPointSchema),
});

const rate = z.number().min(0).max(1).nullable();

/** GET /api/statistics/year: coverage by kind and township, entries and exits per month, reviews on time. */
export const yearStatisticsSchema = z.strictObject({
  year: z.number().int(),
  covered: z.array(z.strictObject({ kind: z.enum(RECIPIENT_KINDS), kindName: z.string(), township: z.string(), households: count })),
  coveredTotal: count,
  months: z.array(z.strictObject({ month, entries: count, exits: count })),
  reviews: z.strictObject({ decided: count, onTime: count, stopped: count, adjusted: count, suspended: count, continued: count, running: count, onTimeRate: rate }),
  reviewSteps: z.array(z.strictObject({ taskKey: z.string(), name: z.string(), done: count, onTime: count, onTimeRate: rate })),
});
