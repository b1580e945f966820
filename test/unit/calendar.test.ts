import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../domain/config.js';
import { UnknownCalendarYearError, WorkdayCalendar, calendarYearFromJson } from '../../domain/time/calendar.js';

const SHARED_CALENDAR = path.resolve(REPO_ROOT, '..', 'shared', 'data', 'cn-workday-calendar-2026.json');
// A checkout without the project's shared folder beside it (a git worktree) reads the identical copy the platform seeds from.
const CALENDAR_FILE = fs.existsSync(SHARED_CALENDAR) ? SHARED_CALENDAR : path.join(REPO_ROOT, 'domain', 'time', 'data', 'cn-workday-calendar-2026.json');
/** A fresh parsed copy of the shared 2026 State Council schedule. */
const readShared = (): Record<string, unknown> => JSON.parse(fs.readFileSync(CALENDAR_FILE, 'utf8')) as Record<string, unknown>;

/** Expects every date to be a working day (true) or a day off (false). */
function expectDays(cal: WorkdayCalendar, expected: Record<string, boolean>): void {
  for (const [date, on] of Object.entries(expected)) expect(cal.isWorkday(date), date).to.equal(on);
}

describe('工作日历 / 2026 年国务院节假日安排', () => {
  const cal = new WorkdayCalendar([calendarYearFromJson(readShared())]);

  it('loads the shared JSON into every holiday date and the make-up workdays', () => {
    const y = calendarYearFromJson(readShared());
    expect(y.year).to.equal(2026);
    // 元旦 3 + 春节 9 + 清明 3 + 劳动节 5 + 端午 3 + 中秋 3 + 国庆 7 = 33 days off
    expect(y.holidays).to.have.length(33);
    expect(y.holidays).to.include.members(['2026-02-15', '2026-02-16', '2026-02-19', '2026-02-23', '2026-10-07']);
    expect(y.workdays).to.deep.equal(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(cal.years).to.deep.equal([2026]);
    expect(cal.covers(2026)).to.equal(true);
    expect(cal.covers(2027)).to.equal(false);
  });

  it('treats the Spring Festival holiday as off, including its weekdays, and its make-up Saturdays as working', () => {
    // 春节 2026-02-15 (Sun) … 2026-02-23 (Mon); make-up Saturdays 02-14 and 02-28
    expectDays(cal, {
      '2026-02-13': true, // Fri, ordinary
      '2026-02-14': true, // Sat, 调休上班
      '2026-02-15': false, // Sun, first day
      '2026-02-16': false, // Mon, weekday in the holiday
      '2026-02-20': false, // Fri, weekday in the holiday
      '2026-02-21': false, // Sat
      '2026-02-23': false, // Mon, last day
      '2026-02-24': true, // Tue, back to work
      '2026-02-28': true, // Sat, 调休上班
      '2026-03-01': false, // Sun, ordinary
    });
  });

  it('treats Mid-Autumn and National Day as off and their make-up weekend days as working', () => {
    // 中秋 09-25 (Fri) … 09-27 (Sun); 国庆 10-01 (Thu) … 10-07 (Wed); make-up 09-20 (Sun) and 10-10 (Sat)
    expectDays(cal, {
      '2026-09-19': false, // Sat, ordinary
      '2026-09-20': true, // Sun, 调休上班
      '2026-09-24': true, // Thu
      '2026-09-25': false, // Fri, 中秋
      '2026-09-27': false, // Sun, 中秋
      '2026-09-28': true, // Mon
      '2026-09-30': true, // Wed
      '2026-10-01': false, // Thu, 国庆
      '2026-10-05': false, // Mon, weekday in the holiday
      '2026-10-07': false, // Wed, last day
      '2026-10-08': true, // Thu
      '2026-10-09': true, // Fri
      '2026-10-10': true, // Sat, 调休上班
      '2026-10-11': false, // Sun, ordinary
    });
  });

  it('treats an ordinary weekend as off and the weekdays around it as working', () => {
    // 2026-03-07/08 are Saturday/Sunday with no holiday or make-up day in the JSON
    expectDays(cal, { '2026-03-06': true, '2026-03-07': false, '2026-03-08': false, '2026-03-09': true });
    // 元旦 01-01 (Thu) … 01-03 (Sat), make-up Sunday 01-04
    expectDays(cal, { '2026-01-01': false, '2026-01-02': false, '2026-01-04': true, '2026-01-05': true });
  });

  it('refuses to answer for a year it has no data for', () => {
    expect(() => cal.isWorkday('2027-01-04')).to.throw(UnknownCalendarYearError, /2027/);
    expect(() => cal.isWorkday('2025-12-31')).to.throw(UnknownCalendarYearError, /2025/);
    try {
      cal.isWorkday('2027-03-01');
      expect.fail('should have thrown');
    } catch (e) {
      expect(e).to.be.instanceOf(UnknownCalendarYearError);
      expect((e as UnknownCalendarYearError).year).to.equal(2027);
    }
  });

  it('falls back to weekends-only for unknown years only when asked to', () => {
    const lenient = new WorkdayCalendar([calendarYearFromJson(readShared())], { unknownYears: 'weekends-only' });
    // 2027-01-01 is a Friday: weekends-only calls it a working day (the risk the caller accepts); 01-02 is a Saturday
    expect(lenient.isWorkday('2027-01-01')).to.equal(true);
    expect(lenient.isWorkday('2027-01-02')).to.equal(false);
    // the real 2026 data still wins inside 2026
    expect(lenient.isWorkday('2026-02-16')).to.equal(false);
    expect(lenient.isWorkday('2026-02-14')).to.equal(true);
    expect(lenient.covers(2027)).to.equal(false);
  });

  it('rejects a malformed date argument', () => {
    expect(() => cal.isWorkday('2026-2-3')).to.throw(/YYYY-MM-DD/);
    expect(() => cal.isWorkday('2026-02-30')).to.throw(/YYYY-MM-DD/);
  });
});

describe('工作日历 / 数据校验', () => {
  const withField = (field: string, value: unknown): Record<string, unknown> => ({ ...readShared(), [field]: value });
  const withHoliday = (h: unknown): Record<string, unknown> => withField('holidays', [...(readShared().holidays as unknown[]), h]);

  it('rejects text that is not JSON and values that are not an object', () => {
    expect(() => calendarYearFromJson('{"year": 2026,')).to.throw(/无法解析/);
    expect(() => calendarYearFromJson(null)).to.throw(/对象/);
    expect(() => calendarYearFromJson([])).to.throw(/对象/);
  });

  it('accepts the same data given as JSON text', () => {
    expect(calendarYearFromJson(fs.readFileSync(CALENDAR_FILE, 'utf8'))).to.deep.equal(calendarYearFromJson(readShared()));
  });

  it('rejects a missing year and non-array lists', () => {
    expect(() => calendarYearFromJson(withField('year', '2026'))).to.throw(/year/);
    expect(() => calendarYearFromJson(withField('year', undefined))).to.throw(/year/);
    expect(() => calendarYearFromJson(withField('holidays', 'none'))).to.throw(/holidays/);
    expect(() => calendarYearFromJson(withField('workdays', { a: 1 }))).to.throw(/workdays/);
  });

  it('rejects impossible dates, reversed ranges and dates of another year', () => {
    expect(() => calendarYearFromJson(withHoliday({ name: '测试', from: '2026-02-30', to: '2026-03-01' }))).to.throw(/2026-02-30/);
    expect(() => calendarYearFromJson(withHoliday({ name: '测试', from: '2026-05-05', to: '2026-05-01' }))).to.throw(/早于/);
    expect(() => calendarYearFromJson(withHoliday({ name: '测试', from: '2027-02-01', to: '2027-02-03' }))).to.throw(/不属于 2026/);
    expect(() => calendarYearFromJson(withHoliday({ name: '测试', from: 20260301, to: '2026-03-02' }))).to.throw(/from/);
    expect(() => calendarYearFromJson(withField('workdays', ['2026-02-14', 20260228]))).to.throw(/workdays\[1\]/);
  });

  it('rejects a make-up workday that is not a weekend day or that is also a holiday', () => {
    // 2026-03-03 is a Tuesday
    expect(() => calendarYearFromJson(withField('workdays', ['2026-03-03']))).to.throw(/不是周六或周日/);
    // 2026-02-15 is a Sunday inside 春节
    expect(() => calendarYearFromJson(withField('workdays', ['2026-02-15']))).to.throw(/同时/);
  });

  it('rejects the same year twice and an unknown fallback name', () => {
    const y = calendarYearFromJson(readShared());
    expect(() => new WorkdayCalendar([y, y])).to.throw(/重复/);
    expect(() => new WorkdayCalendar([y], { unknownYears: 'weekdays' as never })).to.throw(/unknownYears/);
  });

  it('accepts single-date holidays and a New Year holiday that starts in late December of the previous year', () => {
    // hypothetical 2030 file: 2029-12-29 is a Saturday (make-up), 2029-12-30 Sunday … 2030-01-01 Tuesday off
    const y = calendarYearFromJson({ year: 2030, holidays: [{ name: '元旦', from: '2029-12-30', to: '2030-01-01' }, '2030-05-01'], workdays: ['2029-12-29'] });
    expect(y.holidays).to.deep.equal(['2029-12-30', '2029-12-31', '2030-01-01', '2030-05-01']);
    const strict = new WorkdayCalendar([y]);
    expect(strict.isWorkday('2030-01-01')).to.equal(false);
    expect(() => strict.isWorkday('2029-12-31')).to.throw(UnknownCalendarYearError); // 2029 itself is still not covered
    const lenient = new WorkdayCalendar([y], { unknownYears: 'weekends-only' });
    expect(lenient.isWorkday('2029-12-31')).to.equal(false); // Monday, but the 2030 notice makes it a holiday
    expect(lenient.isWorkday('2029-12-29')).to.equal(true);
  });
});
