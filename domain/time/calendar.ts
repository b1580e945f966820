/**
 * The national working-day calendar (工作日历): weekends and public holidays are
 * off, make-up working days (调休上班) on weekends are on. Data comes per year from
 * the State Council notice; a date in a year without data is an error unless the
 * caller explicitly accepts the weekends-only fallback.
 */
import { addCalendarDays, assertDateString, isDateString, isWeekend, yearOf } from './beijing.js';

/** One year of calendar data: every holiday date and every make-up working weekend day. */
export interface CalendarYear {
  year: number;
  /** Days off (法定节假日及调休放假), YYYY-MM-DD, including the weekend days inside a holiday period. */
  holidays: string[];
  /** Make-up working days (调休上班), YYYY-MM-DD; each is a Saturday or Sunday. */
  workdays: string[];
}

/** What to do with a date in a year that has no calendar data. */
export type UnknownYearPolicy = 'error' | 'weekends-only';

/** Options of a WorkdayCalendar. */
export interface WorkdayCalendarOptions {
  /** 'error' (default): refuse to answer; 'weekends-only': treat Monday–Friday as working days, ignoring holidays. */
  unknownYears?: UnknownYearPolicy;
}

/** Thrown when a date falls in a year the calendar has no data for (and no fallback was chosen). */
export class UnknownCalendarYearError extends Error {
  constructor(
    readonly year: number,
    readonly date: string,
  ) {
    super(`缺少 ${year} 年的工作日历（节假日与调休安排），无法判断 ${date} 是否为工作日；请管理员先导入该年度日历`);
    this.name = 'UnknownCalendarYearError';
  }
}

const MIN_YEAR = 1990;
const MAX_YEAR = 2200;

/** True when a date may appear in the data of `year`: in that year, or in the last week of the year before (a New Year holiday announced with the next year). */
function belongsToYear(date: string, year: number): boolean {
  const y = yearOf(date);
  return y === year || (y === year - 1 && date >= `${year - 1}-12-25`);
}

/** Throws a clear error unless the value is a well-formed CalendarYear; returns a sorted, de-duplicated copy. */
export function validateCalendarYear(value: unknown): CalendarYear {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('工作日历数据应为对象 { year, holidays, workdays }');
  const v = value as Record<string, unknown>;
  const year = v.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new Error(`工作日历的 year 应为 ${MIN_YEAR}–${MAX_YEAR} 之间的整数，实际为 ${JSON.stringify(year)}`);
  }
  const list = (field: 'holidays' | 'workdays'): string[] => {
    const raw = v[field];
    if (!Array.isArray(raw)) throw new Error(`${year} 年工作日历的 ${field} 应为日期数组`);
    const out = new Set<string>();
    raw.forEach((d, i) => {
      assertDateString(d, `${year} 年工作日历 ${field}[${i}] `);
      if (!belongsToYear(d, year)) throw new Error(`${year} 年工作日历 ${field}[${i}] 的日期 ${d} 不属于 ${year} 年`);
      out.add(d);
    });
    return [...out].sort();
  };
  const holidays = list('holidays');
  const workdays = list('workdays');
  const off = new Set(holidays);
  for (const d of workdays) {
    if (!isWeekend(d)) throw new Error(`${year} 年工作日历的调休上班日 ${d} 不是周六或周日`);
    if (off.has(d)) throw new Error(`${year} 年工作日历中 ${d} 同时被列为放假日和调休上班日`);
  }
  return { year, holidays, workdays };
}

/** Converts the shared calendar JSON ({ year, holidays: [{ name, from, to } | 'YYYY-MM-DD'], workdays: [...] }, object or text) into a validated CalendarYear. */
export function calendarYearFromJson(json: unknown): CalendarYear {
  let data = json;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data) as unknown;
    } catch (e) {
      throw new Error(`工作日历 JSON 无法解析：${(e as Error).message}`);
    }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('工作日历 JSON 应为对象 { year, holidays, workdays }');
  const v = data as Record<string, unknown>;
  const year = v.year;
  if (typeof year !== 'number' || !Number.isInteger(year)) throw new Error(`工作日历 JSON 缺少整数 year，实际为 ${JSON.stringify(year)}`);
  if (!Array.isArray(v.holidays)) throw new Error(`${year} 年工作日历 JSON 的 holidays 应为数组`);
  if (!Array.isArray(v.workdays)) throw new Error(`${year} 年工作日历 JSON 的 workdays 应为数组`);

  const holidays: string[] = [];
  v.holidays.forEach((h: unknown, i: number) => {
    if (typeof h === 'string') {
      holidays.push(assertDateString(h, `${year} 年工作日历 holidays[${i}] `));
      return;
    }
    if (typeof h !== 'object' || h === null || Array.isArray(h)) throw new Error(`${year} 年工作日历 holidays[${i}] 应为 { name, from, to } 或 YYYY-MM-DD`);
    const { name, from: rawFrom, to: rawTo } = h as Record<string, unknown>;
    const label = `${year} 年工作日历 holidays[${i}]${typeof name === 'string' && name ? `（${name}）` : ''}`;
    if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) throw new Error(`${label} 的 name 应为非空字符串`);
    const from = assertDateString(rawFrom, `${label} 的 from `);
    const to = assertDateString(rawTo, `${label} 的 to `);
    if (to < from) throw new Error(`${label} 的结束日期 ${to} 早于开始日期 ${from}`);
    for (let d = from; d <= to; d = addCalendarDays(d, 1)) {
      holidays.push(d);
      if (holidays.length > 400) throw new Error(`${label} 的放假区间过长`);
    }
  });
  return validateCalendarYear({ year, holidays, workdays: v.workdays });
}

/** Answers "is this Beijing calendar date a working day?" for the years it has data for. */
export class WorkdayCalendar {
  /** What happens for a date in a year without data. */
  readonly unknownYears: UnknownYearPolicy;
  private readonly covered: Set<number>;
  private readonly off = new Set<string>();
  private readonly on = new Set<string>();

  constructor(years: readonly CalendarYear[], opts: WorkdayCalendarOptions = {}) {
    const policy = opts.unknownYears ?? 'error';
    if (policy !== 'error' && policy !== 'weekends-only') throw new Error(`unknownYears 只能是 'error' 或 'weekends-only'，实际为 ${JSON.stringify(policy)}`);
    this.unknownYears = policy;
    this.covered = new Set();
    for (const raw of years) {
      const y = validateCalendarYear(raw);
      if (this.covered.has(y.year)) throw new Error(`工作日历中 ${y.year} 年的数据重复`);
      this.covered.add(y.year);
      for (const d of y.holidays) {
        if (this.on.has(d)) throw new Error(`工作日历冲突：${d} 在一处为放假日，另一处为调休上班日`);
        this.off.add(d);
      }
      for (const d of y.workdays) {
        if (this.off.has(d)) throw new Error(`工作日历冲突：${d} 在一处为放假日，另一处为调休上班日`);
        this.on.add(d);
      }
    }
  }

  /** The years this calendar has data for, ascending. */
  get years(): number[] {
    return [...this.covered].sort((a, b) => a - b);
  }

  /** True when the calendar has data for the year. */
  covers(year: number): boolean {
    return this.covered.has(year);
  }

  /** True when the Beijing calendar date (YYYY-MM-DD) is a working day; throws UnknownCalendarYearError for a year without data unless the weekends-only fallback was chosen. */
  isWorkday(date: string): boolean {
    if (!isDateString(date)) throw new Error(`日期格式错误：${JSON.stringify(date)}，应为 YYYY-MM-DD`);
    const year = yearOf(date);
    if (!this.covered.has(year) && this.unknownYears === 'error') throw new UnknownCalendarYearError(year, date);
    if (this.on.has(date)) return true;
    if (this.off.has(date)) return false;
    return !isWeekend(date);
  }
}
