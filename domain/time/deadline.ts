/**
 * Time-limit arithmetic (办理时限) in Beijing time over a WorkdayCalendar.
 *
 * Two kinds of working time:
 * - working DAYS count whole calendar days: the day of the event never counts,
 *   and a limit of N working days ends at the END of the N-th working day after
 *   the event's Beijing date (end of day = next day's 00:00:00.000 Beijing − 1 ms,
 *   i.e. 23:59:59.999+08:00). An event on a non-working day likewise counts from
 *   the next working day, which is day 1.
 * - working HOURS count only office hours on working days; office hours are a
 *   list of [from, to) minute ranges of the Beijing day, by default
 *   09:00–12:00 and 13:30–17:30 (7 hours a day).
 */
import type { WorkdayCalendar } from './calendar.js';
import { BEIJING_OFFSET_MS, addCalendarDays, assertValidDate, beijingDateOf, beijingInstant, endOfBeijingDay } from './beijing.js';

/** Office hours of a working day: ascending, non-overlapping [from, to) ranges in minutes after 00:00 Beijing. */
export interface OfficeHours {
  ranges: ReadonlyArray<readonly [number, number]>;
}

/** Default office hours: 09:00–12:00 and 13:30–17:30 Beijing time (7 working hours a day). */
export const DEFAULT_OFFICE_HOURS: OfficeHours = Object.freeze({
  ranges: Object.freeze([Object.freeze([9 * 60, 12 * 60] as const), Object.freeze([13 * 60 + 30, 17 * 60 + 30] as const)]),
});

/** Unit of a time limit, reminder or grace period. */
export type TimeUnit = 'workday' | 'hour';

/** An amount of working time. */
export interface WorkingDuration {
  amount: number;
  unit: TimeUnit;
}

/** A time-limit rule of a process step: the limit itself, when to remind before it and how long to wait after it before escalating. */
export interface TimeLimitRule {
  amount: number;
  unit: TimeUnit;
  reminderBefore: WorkingDuration;
  graceAfter: WorkingDuration;
}

/** Options of computeInstants. */
export interface ComputeInstantsOptions {
  /** Demo time scale: one working day lasts this many real seconds (one working hour = 1/8 of it); the calendar is ignored. */
  demoSecondsPerWorkday?: number;
  /** Office hours for hour-based amounts (default DEFAULT_OFFICE_HOURS). */
  office?: OfficeHours;
}

/** The three instants of the escalation ladder of one task. */
export interface DeadlineInstants {
  /** 催办 to the handler. */
  remindAt: Date;
  /** Due time (task dueDate); 黄牌 to the department head. */
  dueAt: Date;
  /** 红牌 to the convenor/leader and an accountability record. */
  escalateAt: Date;
}

/** Safety bound on day-by-day scans (about ten years). */
const MAX_SCAN_DAYS = 3700;
const HOUR_MS = 60 * 60 * 1000;

function assertOffice(office: OfficeHours): OfficeHours {
  const r = office?.ranges;
  if (!Array.isArray(r) || r.length === 0) throw new Error('办公时间 ranges 应为非空的 [开始分钟, 结束分钟] 数组');
  let prevEnd = -1;
  for (const range of r as ReadonlyArray<readonly [number, number]>) {
    const [from, to] = Array.isArray(range) ? range : [NaN, NaN];
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > 24 * 60 || from >= to || from < prevEnd) {
      throw new Error(`办公时间段 ${JSON.stringify(range)} 无效：应为 0–1440 内按时间先后排列、互不重叠的 [开始分钟, 结束分钟]`);
    }
    prevEnd = to;
  }
  return office;
}

function officeMsPerDay(office: OfficeHours): number {
  return office.ranges.reduce((sum, [from, to]) => sum + (to - from) * 60_000, 0);
}

function assertAmount(n: number, what: string, integer: boolean): void {
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw new Error(`${what}应为${integer ? '非负整数' : '非负数'}，实际为 ${JSON.stringify(n)}`);
  }
}

function tooFar(): never {
  throw new Error('工作时间推算超出十年范围，请检查工作日历数据');
}

/** The end (23:59:59.999 Beijing) of the N-th working day after the Beijing date of `start`; the start day itself never counts. Zero days returns `start` unchanged. */
export function addWorkingDays(cal: WorkdayCalendar, start: Date, days: number): Date {
  assertValidDate(start, '起算时间');
  assertAmount(days, '工作日数', true);
  if (days === 0) return new Date(start.getTime());
  let date = beijingDateOf(start);
  let left = days;
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    date = addCalendarDays(date, 1);
    if (cal.isWorkday(date) && --left === 0) return endOfBeijingDay(date);
  }
  return tooFar();
}

/** The end (23:59:59.999 Beijing) of the N-th working day before the Beijing date of `from` (the mirror of addWorkingDays); never earlier than `notBefore`, and never scans days before it. */
export function subtractWorkingDays(cal: WorkdayCalendar, from: Date, days: number, opts: { notBefore?: Date } = {}): Date {
  assertValidDate(from, '起算时间');
  assertAmount(days, '工作日数', true);
  const floor = opts.notBefore === undefined ? undefined : assertValidDate(opts.notBefore, 'notBefore').getTime();
  const clamp = (t: number): Date => new Date(floor === undefined ? t : Math.max(t, floor));
  if (days === 0) return clamp(from.getTime());
  let date = beijingDateOf(from);
  let left = days;
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    date = addCalendarDays(date, -1);
    const end = endOfBeijingDay(date).getTime();
    if (floor !== undefined && end < floor) return clamp(floor);
    if (cal.isWorkday(date) && --left === 0) return clamp(end);
  }
  return tooFar();
}

/** The instant after `hours` working hours counted from `start`, only inside office hours of working days; landing exactly on the end of an office period returns that end (e.g. 12:00, not 13:30). */
export function addWorkingHours(cal: WorkdayCalendar, start: Date, hours: number, office: OfficeHours = DEFAULT_OFFICE_HOURS): Date {
  assertValidDate(start, '起算时间');
  assertAmount(hours, '工作小时数', false);
  assertOffice(office);
  let left = Math.round(hours * HOUR_MS);
  if (left === 0) return new Date(start.getTime());
  const cursor = start.getTime();
  let date = beijingDateOf(start);
  for (let i = 0; i < MAX_SCAN_DAYS; i++, date = addCalendarDays(date, 1)) {
    if (!cal.isWorkday(date)) continue;
    for (const [from, to] of office.ranges) {
      const begin = Math.max(beijingInstant(date, from).getTime(), cursor);
      const end = beijingInstant(date, to).getTime();
      if (begin >= end) continue;
      if (left <= end - begin) return new Date(begin + left);
      left -= end - begin;
    }
  }
  return tooFar();
}

/** The instant `hours` working hours before `from`, counted backwards through office hours of working days; landing exactly on the start of an office period returns that start (e.g. 13:30, not 12:00); never earlier than `notBefore`, and never scans days before it. */
export function subtractWorkingHours(cal: WorkdayCalendar, from: Date, hours: number, opts: { office?: OfficeHours; notBefore?: Date } = {}): Date {
  assertValidDate(from, '起算时间');
  assertAmount(hours, '工作小时数', false);
  const office = assertOffice(opts.office ?? DEFAULT_OFFICE_HOURS);
  const floor = opts.notBefore === undefined ? undefined : assertValidDate(opts.notBefore, 'notBefore').getTime();
  const clamp = (t: number): Date => new Date(floor === undefined ? t : Math.max(t, floor));
  let left = Math.round(hours * HOUR_MS);
  if (left === 0) return clamp(from.getTime());
  const cursor = from.getTime();
  let date = beijingDateOf(from);
  for (let i = 0; i < MAX_SCAN_DAYS; i++, date = addCalendarDays(date, -1)) {
    if (floor !== undefined && beijingInstant(addCalendarDays(date, 1)).getTime() <= floor) return clamp(floor);
    if (!cal.isWorkday(date)) continue;
    for (let k = office.ranges.length - 1; k >= 0; k--) {
      const [rFrom, rTo] = office.ranges[k]!;
      const begin = beijingInstant(date, rFrom).getTime();
      const end = Math.min(beijingInstant(date, rTo).getTime(), cursor);
      if (end <= begin) continue;
      if (left <= end - begin) return clamp(end - left);
      left -= end - begin;
    }
  }
  return tooFar();
}

/** Working time from `from` to `to`, in working days: office time on working days divided by the office time of one day (negative when `to` is before `from`); used for "overdue by N working days". */
export function workingTimeBetween(cal: WorkdayCalendar, from: Date, to: Date, office: OfficeHours = DEFAULT_OFFICE_HOURS): number {
  assertValidDate(from, '开始时间');
  assertValidDate(to, '结束时间');
  assertOffice(office);
  if (to.getTime() < from.getTime()) return -workingTimeBetween(cal, to, from, office);
  const a = from.getTime();
  const b = to.getTime();
  let total = 0;
  let date = beijingDateOf(from);
  for (let i = 0; beijingInstant(date).getTime() < b; i++, date = addCalendarDays(date, 1)) {
    if (i > MAX_SCAN_DAYS) tooFar();
    if (!cal.isWorkday(date)) continue;
    for (const [rFrom, rTo] of office.ranges) {
      const begin = Math.max(beijingInstant(date, rFrom).getTime(), a);
      const end = Math.min(beijingInstant(date, rTo).getTime(), b);
      if (end > begin) total += end - begin;
    }
  }
  return total / officeMsPerDay(office);
}

function checkRule(rule: TimeLimitRule, integerDays: boolean): void {
  if (typeof rule !== 'object' || rule === null) throw new Error('时限规则应为对象');
  const parts: Array<[WorkingDuration | undefined, string, boolean]> = [
    [rule, '办理时限', true],
    [rule.reminderBefore, '提前催办时间', false],
    [rule.graceAfter, '超时宽限时间', false],
  ];
  for (const [d, what, positive] of parts) {
    if (typeof d !== 'object' || d === null) throw new Error(`${what}缺失`);
    if (d.unit !== 'workday' && d.unit !== 'hour') throw new Error(`${what}的单位应为 'workday' 或 'hour'，实际为 ${JSON.stringify(d.unit)}`);
    assertAmount(d.amount, `${what}（${d.unit === 'workday' ? '工作日' : '工作小时'}）`, integerDays && d.unit === 'workday');
    if (positive && d.amount === 0) throw new Error(`${what}必须大于 0`);
  }
}

function forward(cal: WorkdayCalendar, t: Date, d: WorkingDuration, office: OfficeHours): Date {
  return d.unit === 'workday' ? addWorkingDays(cal, t, d.amount) : addWorkingHours(cal, t, d.amount, office);
}

/**
 * The reminder, due and escalation instants of a task created at `created`:
 * due = created + limit; remind = due − reminderBefore, counted backwards in
 * working time and never before `created`; escalate = due + graceAfter. With
 * `demoSecondsPerWorkday` a working day is that many real seconds and an hour
 * 1/8 of it, with no calendar.
 */
export function computeInstants(cal: WorkdayCalendar, created: Date, rule: TimeLimitRule, opts: ComputeInstantsOptions = {}): DeadlineInstants {
  assertValidDate(created, '任务创建时间');
  const demo = opts.demoSecondsPerWorkday;
  checkRule(rule, demo === undefined);
  if (demo !== undefined) {
    if (typeof demo !== 'number' || !Number.isFinite(demo) || demo <= 0) throw new Error(`演示时间倍率 demoSecondsPerWorkday 应为正数，实际为 ${JSON.stringify(demo)}`);
    const ms = (d: WorkingDuration): number => Math.round(d.amount * (d.unit === 'workday' ? demo * 1000 : (demo * 1000) / 8));
    const c = created.getTime();
    const due = c + ms(rule);
    return { remindAt: new Date(Math.max(c, due - ms(rule.reminderBefore))), dueAt: new Date(due), escalateAt: new Date(due + ms(rule.graceAfter)) };
  }
  const office = assertOffice(opts.office ?? DEFAULT_OFFICE_HOURS);
  const dueAt = forward(cal, created, rule, office);
  const rb = rule.reminderBefore;
  const remindAt = rb.unit === 'workday' ? subtractWorkingDays(cal, dueAt, rb.amount, { notBefore: created }) : subtractWorkingHours(cal, dueAt, rb.amount, { office, notBefore: created });
  const escalateAt = forward(cal, dueAt, rule.graceAfter, office);
  return { remindAt, dueAt, escalateAt };
}

/** ISO 8601 in Beijing time with a colon offset: 2026-02-13T23:59:59.999+08:00. */
export function toIsoWithOffset(d: Date): string {
  assertValidDate(d);
  const shifted = new Date(d.getTime() + BEIJING_OFFSET_MS).toISOString();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(shifted)) throw new Error(`时间超出可表示范围：${shifted}`);
  return `${shifted.slice(0, -1)}+08:00`;
}

/** The engine's REST date format yyyy-MM-dd'T'HH:mm:ss.SSSZ in Beijing time: 2026-02-13T23:59:59.999+0800. */
export function toEngineDate(d: Date): string {
  return `${toIsoWithOffset(d).slice(0, -6)}+0800`;
}
