import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../domain/config.js';
import { UnknownCalendarYearError, WorkdayCalendar, calendarYearFromJson } from '../../domain/time/calendar.js';
import { addWorkingDays, addWorkingHours, computeInstants, subtractWorkingDays, subtractWorkingHours, toEngineDate, toIsoWithOffset, workingTimeBetween, type TimeLimitRule } from '../../domain/time/deadline.js';

const SHARED_CALENDAR = path.resolve(REPO_ROOT, '..', 'shared', 'data', 'cn-workday-calendar-2026.json');
// A checkout without the project's shared folder beside it (a git worktree) reads the identical copy the platform seeds from.
const CALENDAR_FILE = fs.existsSync(SHARED_CALENDAR) ? SHARED_CALENDAR : path.join(REPO_ROOT, 'domain', 'time', 'data', 'cn-workday-calendar-2026.json');
const year2026 = calendarYearFromJson(JSON.parse(fs.readFileSync(CALENDAR_FILE, 'utf8')));
const cal = new WorkdayCalendar([year2026]);

/** A Beijing wall-clock time written by hand, e.g. bj('2026-02-24T23:59:59.999'). */
const bj = (local: string): Date => new Date(`${local}+08:00`);

/** Expects two instants to be the same, showing both in UTC on failure. */
function expectInstant(actual: Date, expected: Date): void {
  expect(actual.toISOString()).to.equal(expected.toISOString());
}

// Reference weeks of 2026 used below (checked against the JSON):
//   Feb: Thu 12, Fri 13, Sat 14 (调休上班) | 15–23 春节 off | Tue 24, Wed 25, Thu 26, Fri 27, Sat 28 (调休上班) | Sun Mar 1 off
//   Mar: Mon 2, Tue 3, Wed 4, Thu 5, Fri 6 | Sat 7, Sun 8 off | Mon 9 …
//   Sep/Oct: Sat 19 off, Sun 20 (调休上班) | Thu 24 | 25–27 中秋 off | Mon 28 – Wed 30 | Oct 1–7 国庆 off | Thu 8, Fri 9, Sat 10 (调休上班) | Sun 11 off | Mon 12

describe('办理时限 / 工作日推算', () => {
  it('ends at 23:59:59.999 Beijing of the next working day after an ordinary weekend', () => {
    // event Fri 03-06 10:00; 03-06 does not count; 03-07/08 weekend → day 1 = Mon 03-09
    const due = addWorkingDays(cal, bj('2026-03-06T10:00:00'), 1);
    expectInstant(due, bj('2026-03-09T23:59:59.999'));
    // end of day = next day's 00:00 Beijing minus 1 ms
    expect(due.getTime() + 1).to.equal(bj('2026-03-10T00:00:00.000').getTime());
    // 5 working days: Mon 9, Tue 10, Wed 11, Thu 12, Fri 13
    expectInstant(addWorkingDays(cal, bj('2026-03-06T10:00:00'), 5), bj('2026-03-13T23:59:59.999'));
  });

  it('counts 3 working days across Spring Festival', () => {
    // event Thu 02-12: day 1 = Fri 13, day 2 = Sat 14 (调休上班), 15–23 off, day 3 = Tue 24
    expectInstant(addWorkingDays(cal, bj('2026-02-12T10:00:00'), 3), bj('2026-02-24T23:59:59.999'));
  });

  it('counts 10 working days across Spring Festival and the make-up Saturday after it', () => {
    // event Thu 02-12: 1 Fri 13, 2 Sat 14, 3 Tue 24, 4 Wed 25, 5 Thu 26, 6 Fri 27, 7 Sat 28 (调休), 8 Mon 03-02, 9 Tue 03-03, 10 Wed 03-04
    expectInstant(addWorkingDays(cal, bj('2026-02-12T10:00:00'), 10), bj('2026-03-04T23:59:59.999'));
  });

  it('counts from the next working day when the event falls on a holiday', () => {
    // event Wed 02-18 (春节): next working day Tue 24 is day 1; day 3 = Thu 26
    expectInstant(addWorkingDays(cal, bj('2026-02-18T15:00:00'), 1), bj('2026-02-24T23:59:59.999'));
    expectInstant(addWorkingDays(cal, bj('2026-02-18T15:00:00'), 3), bj('2026-02-26T23:59:59.999'));
    // event Sat 09-19 (ordinary weekend): day 1 = Sun 09-20, a make-up workday
    expectInstant(addWorkingDays(cal, bj('2026-09-19T11:00:00'), 1), bj('2026-09-20T23:59:59.999'));
  });

  it('does not count a make-up Saturday on which the event happens', () => {
    // event Sat 02-14 (调休上班, itself a working day but the event day): day 1 = Tue 24
    expectInstant(addWorkingDays(cal, bj('2026-02-14T09:30:00'), 1), bj('2026-02-24T23:59:59.999'));
    // event Sat 02-28 (调休上班): Sun 03-01 off → day 1 = Mon 03-02
    expectInstant(addWorkingDays(cal, bj('2026-02-28T16:00:00'), 1), bj('2026-03-02T23:59:59.999'));
  });

  it('counts across Mid-Autumn and National Day including the make-up Saturday', () => {
    // event Thu 09-24: 25–27 off → day 1 = Mon 09-28
    expectInstant(addWorkingDays(cal, bj('2026-09-24T10:00:00'), 1), bj('2026-09-28T23:59:59.999'));
    // event Wed 09-30: 1 = Thu 10-08, 2 = Fri 10-09, 3 = Sat 10-10 (调休), 4 = Mon 10-12
    expectInstant(addWorkingDays(cal, bj('2026-09-30T10:00:00'), 1), bj('2026-10-08T23:59:59.999'));
    expectInstant(addWorkingDays(cal, bj('2026-09-30T10:00:00'), 3), bj('2026-10-10T23:59:59.999'));
    expectInstant(addWorkingDays(cal, bj('2026-09-30T10:00:00'), 4), bj('2026-10-12T23:59:59.999'));
  });

  it('uses the Beijing date of the event, not the UTC date', () => {
    // 2026-02-13T17:00Z is Sat 02-14 01:00 in Beijing → day 1 = Tue 02-24
    expectInstant(addWorkingDays(cal, new Date('2026-02-13T17:00:00Z'), 1), bj('2026-02-24T23:59:59.999'));
    // 2026-02-13T15:59:59Z is still Fri 02-13 23:59:59 in Beijing → day 1 = Sat 02-14
    expectInstant(addWorkingDays(cal, new Date('2026-02-13T15:59:59Z'), 1), bj('2026-02-14T23:59:59.999'));
  });

  it('counts backwards to the end of the N-th working day before, stopping at a floor', () => {
    // from Tue 02-24: 1 back = Sat 02-14 (across 春节)
    expectInstant(subtractWorkingDays(cal, bj('2026-02-24T23:59:59.999'), 1), bj('2026-02-14T23:59:59.999'));
    // floor after that → the floor itself
    expectInstant(subtractWorkingDays(cal, bj('2026-02-24T23:59:59.999'), 1, { notBefore: bj('2026-02-18T08:00:00') }), bj('2026-02-18T08:00:00'));
  });

  it('returns the start for zero days and rejects negative or fractional days', () => {
    expectInstant(addWorkingDays(cal, bj('2026-03-06T10:00:00'), 0), bj('2026-03-06T10:00:00'));
    expect(() => addWorkingDays(cal, bj('2026-03-06T10:00:00'), -1)).to.throw(/非负整数/);
    expect(() => addWorkingDays(cal, bj('2026-03-06T10:00:00'), 1.5)).to.throw(/非负整数/);
  });

  it('refuses to count into a year without calendar data unless the weekends-only fallback is chosen', () => {
    // event Wed 2026-12-30: day 1 = Thu 12-31, day 2 would be 2027-01-01 → no 2027 data
    expectInstant(addWorkingDays(cal, bj('2026-12-30T10:00:00'), 1), bj('2026-12-31T23:59:59.999'));
    expect(() => addWorkingDays(cal, bj('2026-12-30T10:00:00'), 3)).to.throw(UnknownCalendarYearError, /2027/);
    // weekends-only: 1 Thu 12-31, 2 Fri 2027-01-01 (assumed working), Sat/Sun off, 3 Mon 2027-01-04
    const lenient = new WorkdayCalendar([year2026], { unknownYears: 'weekends-only' });
    expectInstant(addWorkingDays(lenient, bj('2026-12-30T10:00:00'), 3), bj('2027-01-04T23:59:59.999'));
  });
});

describe('办理时限 / 工作小时推算', () => {
  // default office hours 09:00–12:00 and 13:30–17:30 Beijing (7 h a day)

  it('skips the lunch break', () => {
    // Tue 03-03 11:00 + 2 h: 1 h to 12:00, then 13:30 + 1 h = 14:30
    expectInstant(addWorkingHours(cal, bj('2026-03-03T11:00:00'), 2), bj('2026-03-03T14:30:00'));
    // starting inside the lunch break: 13:30 + 1 h = 14:30
    expectInstant(addWorkingHours(cal, bj('2026-03-03T12:30:00'), 1), bj('2026-03-03T14:30:00'));
    // exactly filling the morning ends at 12:00, not 13:30
    expectInstant(addWorkingHours(cal, bj('2026-03-03T09:00:00'), 3), bj('2026-03-03T12:00:00'));
  });

  it('continues the next morning after office hours', () => {
    // Tue 03-03 16:30 + 3 h: 1 h to 17:30, then Wed 03-04 09:00 + 2 h = 11:00
    expectInstant(addWorkingHours(cal, bj('2026-03-03T16:30:00'), 3), bj('2026-03-04T11:00:00'));
  });

  it('skips a weekend', () => {
    // Fri 03-06 16:00 + 4 h: 1.5 h to 17:30, weekend, Mon 03-09 09:00 + 2.5 h = 11:30
    expectInstant(addWorkingHours(cal, bj('2026-03-06T16:00:00'), 4), bj('2026-03-09T11:30:00'));
    // start on Saturday 03-07 10:00: first office hour is Mon 03-09 09:00 → 10:00
    expectInstant(addWorkingHours(cal, bj('2026-03-07T10:00:00'), 1), bj('2026-03-09T10:00:00'));
  });

  it('works on the make-up Saturday and skips Spring Festival', () => {
    // Fri 02-13 16:00 + 12 h: 1.5 h (→17:30), Sat 02-14 full 7 h (left 3.5), 15–23 off,
    // Tue 02-24 09:00–12:00 3 h (left 0.5), 13:30 + 0.5 h = 14:00
    expectInstant(addWorkingHours(cal, bj('2026-02-13T16:00:00'), 12), bj('2026-02-24T14:00:00'));
  });

  it('accepts configurable office hours', () => {
    // single period 09:00–17:00: Tue 03-03 16:00 + 2 h → 1 h, then Wed 03-04 09:00 + 1 h = 10:00
    expectInstant(addWorkingHours(cal, bj('2026-03-03T16:00:00'), 2, { ranges: [[9 * 60, 17 * 60]] }), bj('2026-03-04T10:00:00'));
    expect(() => addWorkingHours(cal, bj('2026-03-03T16:00:00'), 2, { ranges: [[13 * 60, 12 * 60]] })).to.throw(/办公时间段/);
    expect(() => addWorkingHours(cal, bj('2026-03-03T16:00:00'), 2, { ranges: [] })).to.throw(/办公时间/);
  });

  it('counts hours backwards across lunch and lands on the start of a period', () => {
    // Tue 03-03 14:30 − 2 h: 1 h back to 13:30, then 12:00 − 1 h = 11:00
    expectInstant(subtractWorkingHours(cal, bj('2026-03-03T14:30:00'), 2), bj('2026-03-03T11:00:00'));
    // Tue 03-03 15:30 − 2 h lands exactly on 13:30 (not 12:00)
    expectInstant(subtractWorkingHours(cal, bj('2026-03-03T15:30:00'), 2), bj('2026-03-03T13:30:00'));
  });
});

describe('办理时限 / 催办、到期与升级时点', () => {
  it('computes a working-day ladder across Spring Festival', () => {
    const rule: TimeLimitRule = { amount: 3, unit: 'workday', reminderBefore: { amount: 1, unit: 'workday' }, graceAfter: { amount: 2, unit: 'workday' } };
    const r = computeInstants(cal, bj('2026-02-12T10:00:00'), rule);
    // due: 3 working days after Thu 02-12 = Tue 02-24 (see above)
    expectInstant(r.dueAt, bj('2026-02-24T23:59:59.999'));
    // remind: 1 working day before Tue 02-24, backwards over 春节 = Sat 02-14 (调休上班)
    expectInstant(r.remindAt, bj('2026-02-14T23:59:59.999'));
    // escalate: 2 working days after 02-24 = Wed 25, Thu 26
    expectInstant(r.escalateAt, bj('2026-02-26T23:59:59.999'));
  });

  it('counts a long reminder backwards across the holiday', () => {
    // due: 10 working days after Thu 02-12 = Wed 03-04.
    // 8 back: 1 Tue 03-03, 2 Mon 03-02, 3 Sat 02-28, 4 Fri 27, 5 Thu 26, 6 Wed 25, 7 Tue 24, (15–23 off) 8 Sat 02-14
    const rule: TimeLimitRule = { amount: 10, unit: 'workday', reminderBefore: { amount: 8, unit: 'workday' }, graceAfter: { amount: 1, unit: 'workday' } };
    const r = computeInstants(cal, bj('2026-02-12T10:00:00'), rule);
    expectInstant(r.dueAt, bj('2026-03-04T23:59:59.999'));
    expectInstant(r.remindAt, bj('2026-02-14T23:59:59.999'));
    // grace 1 working day after Wed 03-04 = Thu 03-05
    expectInstant(r.escalateAt, bj('2026-03-05T23:59:59.999'));
  });

  it('counts an hour reminder backwards through office hours across the holiday', () => {
    const rule: TimeLimitRule = { amount: 1, unit: 'workday', reminderBefore: { amount: 9, unit: 'hour' }, graceAfter: { amount: 2, unit: 'hour' } };
    const r = computeInstants(cal, bj('2026-02-14T10:00:00'), rule);
    // due: event Sat 02-14 (调休) does not count → Tue 02-24 end
    expectInstant(r.dueAt, bj('2026-02-24T23:59:59.999'));
    // remind: 9 h back from end of 02-24: all 7 h of 02-24, 15–23 off, 2 h back from 17:30 on Sat 02-14 = 15:30
    expectInstant(r.remindAt, bj('2026-02-14T15:30:00'));
    // escalate: 2 office hours after end of 02-24 = Wed 02-25 09:00 + 2 h = 11:00
    expectInstant(r.escalateAt, bj('2026-02-25T11:00:00'));
  });

  it('never reminds before the task was created', () => {
    const rule: TimeLimitRule = { amount: 1, unit: 'workday', reminderBefore: { amount: 9, unit: 'hour' }, graceAfter: { amount: 0, unit: 'hour' } };
    // created Sat 02-14 16:00: the reminder would be 15:30 the same day → clamped to 16:00
    const r = computeInstants(cal, bj('2026-02-14T16:00:00'), rule);
    expectInstant(r.remindAt, bj('2026-02-14T16:00:00'));
    expectInstant(r.dueAt, bj('2026-02-24T23:59:59.999'));
    expectInstant(r.escalateAt, r.dueAt); // zero grace
  });

  it('stops the backwards count at creation instead of scanning into a year without data', () => {
    // created Mon 2026-01-05; due = Tue 01-06 end; 5 working days back would reach 2025 (01-01…03 off, 01-04 调休)
    const rule: TimeLimitRule = { amount: 1, unit: 'workday', reminderBefore: { amount: 5, unit: 'workday' }, graceAfter: { amount: 0, unit: 'workday' } };
    const r = computeInstants(cal, bj('2026-01-05T10:00:00'), rule);
    expectInstant(r.dueAt, bj('2026-01-06T23:59:59.999'));
    expectInstant(r.remindAt, bj('2026-01-05T10:00:00'));
  });

  it('computes an hour-based ladder with an escalation grace over a weekend', () => {
    const rule: TimeLimitRule = { amount: 2, unit: 'hour', reminderBefore: { amount: 1, unit: 'hour' }, graceAfter: { amount: 4, unit: 'hour' } };
    const r = computeInstants(cal, bj('2026-03-06T16:00:00'), rule);
    // due: Fri 03-06 16:00 + 2 h = 1.5 h (→17:30) + Mon 03-09 09:00 + 0.5 h = 09:30
    expectInstant(r.dueAt, bj('2026-03-09T09:30:00'));
    // remind: 1 h back from Mon 09:30 = 0.5 h to 09:00 + Fri 17:30 − 0.5 h = Fri 17:00
    expectInstant(r.remindAt, bj('2026-03-06T17:00:00'));
    // escalate: Mon 09:30 + 4 h = 2.5 h (→12:00) + 13:30 + 1.5 h = 15:00
    expectInstant(r.escalateAt, bj('2026-03-09T15:00:00'));
  });

  it('rejects invalid rules', () => {
    const ok: TimeLimitRule = { amount: 3, unit: 'workday', reminderBefore: { amount: 1, unit: 'workday' }, graceAfter: { amount: 1, unit: 'workday' } };
    const created = bj('2026-03-03T10:00:00');
    expect(() => computeInstants(cal, created, { ...ok, amount: 0 })).to.throw(/大于 0/);
    expect(() => computeInstants(cal, created, { ...ok, amount: 1.5 })).to.throw(/非负整数/);
    expect(() => computeInstants(cal, created, { ...ok, unit: 'day' as never })).to.throw(/单位/);
    expect(() => computeInstants(cal, created, { ...ok, reminderBefore: { amount: -1, unit: 'hour' } })).to.throw(/提前催办/);
  });
});

describe('办理时限 / 演示时间倍率', () => {
  it('makes one working day last demoSecondsPerWorkday seconds and an hour 1/8 of it, ignoring the calendar', () => {
    // 8 s per working day, 1 s per hour; created on a 春节 holiday, which the demo ignores
    const created = new Date('2026-02-18T02:00:00.000Z');
    const rule: TimeLimitRule = { amount: 3, unit: 'workday', reminderBefore: { amount: 1, unit: 'workday' }, graceAfter: { amount: 2, unit: 'hour' } };
    const r = computeInstants(cal, created, rule, { demoSecondsPerWorkday: 8 });
    expectInstant(r.dueAt, new Date('2026-02-18T02:00:24.000Z')); // 3 × 8 s
    expectInstant(r.remindAt, new Date('2026-02-18T02:00:16.000Z')); // 24 s − 8 s
    expectInstant(r.escalateAt, new Date('2026-02-18T02:00:26.000Z')); // 24 s + 2 × 1 s
  });

  it('works in a year without calendar data and still clamps the reminder', () => {
    // 16 s per working day → 2 s per hour
    const created = new Date('2031-05-01T00:00:00.000Z');
    const rule: TimeLimitRule = { amount: 1, unit: 'hour', reminderBefore: { amount: 5, unit: 'workday' }, graceAfter: { amount: 1, unit: 'workday' } };
    const r = computeInstants(cal, created, rule, { demoSecondsPerWorkday: 16 });
    expectInstant(r.dueAt, new Date('2031-05-01T00:00:02.000Z'));
    expectInstant(r.remindAt, created);
    expectInstant(r.escalateAt, new Date('2031-05-01T00:00:18.000Z'));
    expect(() => computeInstants(cal, created, rule, { demoSecondsPerWorkday: 0 })).to.throw(/demoSecondsPerWorkday/);
  });
});

describe('办理时限 / 逾期时长', () => {
  it('measures lateness in working days by office hours', () => {
    // due end of Tue 02-24, done Wed 02-25 10:45 → 09:00–10:45 = 1.75 h of 7 h = 0.25
    expect(workingTimeBetween(cal, bj('2026-02-24T23:59:59.999'), bj('2026-02-25T10:45:00'))).to.be.closeTo(0.25, 1e-9);
    // end of Fri 02-13 → end of Tue 02-24: Sat 02-14 (7 h) + 春节 0 + Tue 02-24 (7 h) = 2 working days
    expect(workingTimeBetween(cal, bj('2026-02-13T23:59:59.999'), bj('2026-02-24T23:59:59.999'))).to.be.closeTo(2, 1e-9);
    // Fri 03-06 16:00 → Mon 03-09 09:30: 1.5 h + 0.5 h = 2 h = 2/7
    expect(workingTimeBetween(cal, bj('2026-03-06T16:00:00'), bj('2026-03-09T09:30:00'))).to.be.closeTo(2 / 7, 1e-9);
  });

  it('is negative when the end is before the start and zero for the same instant', () => {
    expect(workingTimeBetween(cal, bj('2026-02-24T23:59:59.999'), bj('2026-02-13T23:59:59.999'))).to.be.closeTo(-2, 1e-9);
    expect(workingTimeBetween(cal, bj('2026-03-03T10:00:00'), bj('2026-03-03T10:00:00'))).to.equal(0);
  });
});

describe('办理时限 / 引擎日期格式', () => {
  it('writes Beijing time with the engine offset format +0800', () => {
    const d = new Date('2026-02-13T15:59:59.999Z');
    expect(toEngineDate(d)).to.equal('2026-02-13T23:59:59.999+0800');
    expect(toIsoWithOffset(d)).to.equal('2026-02-13T23:59:59.999+08:00');
    // crossing midnight into the next Beijing day and year
    expect(toEngineDate(new Date('2026-12-31T16:30:00Z'))).to.equal('2027-01-01T00:30:00.000+0800');
    expect(new Date(toIsoWithOffset(d)).getTime()).to.equal(d.getTime());
    expect(() => toEngineDate(new Date('nonsense'))).to.throw();
  });

  it('does not depend on the machine time zone', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'America/Los_Angeles';
      // same expectations as above: 3 working days after Thu 02-12 = Tue 02-24
      expect(toEngineDate(addWorkingDays(cal, bj('2026-02-12T10:00:00'), 3))).to.equal('2026-02-24T23:59:59.999+0800');
      expectInstant(addWorkingHours(cal, bj('2026-03-03T11:00:00'), 2), bj('2026-03-03T14:30:00'));
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
