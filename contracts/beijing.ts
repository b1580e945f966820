/**
 * Beijing wall-clock arithmetic (Asia/Shanghai, UTC+8, no daylight saving since
 * 1991). Every conversion uses the fixed +08:00 offset, never the machine's TZ.
 * Calendar dates are plain 'YYYY-MM-DD' strings.
 */

/** The fixed offset of Beijing time from UTC, in milliseconds. */
export const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Milliseconds in one calendar day. */
export const DAY_MS = 24 * 60 * 60 * 1000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when the string is a real calendar date written as YYYY-MM-DD. */
export function isDateString(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Throws unless the string is a real YYYY-MM-DD date; returns it unchanged. */
export function assertDateString(s: unknown, what = '日期'): string {
  if (!isDateString(s)) throw new Error(`${what}格式错误：${JSON.stringify(s)}，应为真实存在的 YYYY-MM-DD 日期`);
  return s;
}

/** Throws unless the value is a valid Date; returns it unchanged. */
export function assertValidDate(d: unknown, what = '时间'): Date {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new Error(`${what}不是有效的时间：${String(d)}`);
  return d;
}

/** The calendar year of a YYYY-MM-DD date. */
export function yearOf(date: string): number {
  return Number(assertDateString(date).slice(0, 4));
}

/** The day of week of a YYYY-MM-DD date: 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  return new Date(`${assertDateString(date)}T00:00:00Z`).getUTCDay();
}

/** True for Saturday and Sunday. */
export function isWeekend(date: string): boolean {
  const w = weekdayOf(date);
  return w === 0 || w === 6;
}

/** The date n calendar days after (n < 0: before) the given date. */
export function addCalendarDays(date: string, n: number): string {
  const t = Date.parse(`${assertDateString(date)}T00:00:00Z`) + n * DAY_MS;
  return new Date(t).toISOString().slice(0, 10);
}

/** The Beijing calendar date (YYYY-MM-DD) on which an instant falls. */
export function beijingDateOf(d: Date): string {
  return new Date(assertValidDate(d).getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant at a given minute of a Beijing calendar date (minute 0 = 00:00 Beijing). */
export function beijingInstant(date: string, minuteOfDay = 0): Date {
  return new Date(Date.parse(`${assertDateString(date)}T00:00:00Z`) - BEIJING_OFFSET_MS + minuteOfDay * 60_000);
}

/** The end of a Beijing calendar day: the next day's 00:00:00.000 Beijing minus 1 ms (23:59:59.999). */
export function endOfBeijingDay(date: string): Date {
  return new Date(beijingInstant(addCalendarDays(date, 1)).getTime() - 1);
}
