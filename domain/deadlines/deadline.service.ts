/**
 * 办理时限: turns the time-limit rule of a step into the reminder, due and
 * escalation instants of a task created now, in working time (Asia/Shanghai
 * calendar with 调休) or on the demo time scale. The step leading into a user
 * task passes them to the engine as variables named `<TaskKey>_remindAt`,
 * `<TaskKey>_dueAt` and `<TaskKey>_escalateAt`, read by the task's due date and
 * its three non-interrupting boundary timers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type DataSource, In } from 'typeorm';
import { REPO_ROOT } from '../config.js';
import { CalendarYearRow, DEFAULT_COUNTY, TimeLimitRuleRow } from '../entities/escalation.entity.js';
import { BadRequestError } from '../errors.js';
import { type CalendarYear, calendarYearFromJson, validateCalendarYear, WorkdayCalendar } from '../time/calendar.js';
import { addWorkingDays, addWorkingHours, computeInstants, subtractWorkingDays, workingTimeBetween, type DeadlineInstants, type TimeLimitRule } from '../time/deadline.js';
import { processGraphs } from './process-graph.js';

/** Default limits per step, in the spirit of the policy (时限从严); admins change them. */
const DEFAULT_RULES: Record<string, Pick<TimeLimitRule, 'amount' | 'unit'>> = {
  Task_SupplementDocuments: { amount: 10, unit: 'workday' },
  Task_HomeVisit: { amount: 5, unit: 'workday' },
  Task_DemocraticReview: { amount: 5, unit: 'workday' },
  Task_ReviewObjection: { amount: 5, unit: 'workday' },
  Task_CountyApproval: { amount: 5, unit: 'workday' },
  Task_Referral: { amount: 10, unit: 'workday' },
  Task_CompleteFile: { amount: 10, unit: 'workday' },
  Task_TownshipApproval: { amount: 3, unit: 'workday' },
  Task_CountyTemporaryApproval: { amount: 5, unit: 'workday' },
  // 月度发放: the money must not wait — reviews in 3 working days, failed lines handled in 5.
  Task_PayrollCivilReview: { amount: 3, unit: 'workday' },
  Task_PayrollFinanceReview: { amount: 3, unit: 'workday' },
  Task_HandleFailures: { amount: 5, unit: 'workday' },
  // 冬春救助: a village has two weeks for its survey.
  Task_VillageSurvey: { amount: 10, unit: 'workday' },
  // 定期核查: the village re-visits within 10 working days, civil affairs decides within 5.
  Task_ReviewVisit: { amount: 10, unit: 'workday' },
  Task_ReviewDecision: { amount: 5, unit: 'workday' },
};

/** Names a variable of a task's deadline. */
export const deadlineVar = {
  remind: (taskKey: string) => `${taskKey}_remindAt`,
  due: (taskKey: string) => `${taskKey}_dueAt`,
  escalate: (taskKey: string) => `${taskKey}_escalateAt`,
};

/** The shipped calendar years (data/cn-workday-calendar-<year>.json beside domain/time). */
export function shippedCalendarYears(): { year: number; holidays: string[]; workdays: string[]; source: string }[] {
  const dir = path.join(REPO_ROOT, 'domain', 'time', 'data');
  return fs
    .readdirSync(dir)
    .filter((f) => /^cn-workday-calendar-\d{4}\.json$/.test(f))
    .map((f) => {
      const raw = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { source?: string };
      const y = calendarYearFromJson(raw);
      return { ...y, source: raw.source ?? f };
    });
}

/** The year of a calendar edit, from the request's path: 400 YEAR_INVALID outside 2000–2100. */
export function calendarYearOf(param: string): number {
  const year = Number(param);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new BadRequestError('YEAR_INVALID', '年份不正确', 'year');
  return year;
}

/**
 * Inserts what is missing: a rule for every user task of every model (defaults
 * above, else 5 working days; reminder 1 working day before; grace 2 working
 * days), and the shipped calendar years. Existing rows are never changed.
 */
export async function ensureReferenceData(ds: DataSource): Promise<void> {
  const graphs = await processGraphs();
  const rows: Partial<TimeLimitRuleRow>[] = [];
  for (const [processKey, g] of graphs) {
    for (const t of g.userTasks()) {
      const d = DEFAULT_RULES[t.key] ?? { amount: 5, unit: 'workday' as const };
      rows.push({
        processKey,
        countyCode: DEFAULT_COUNTY,
        taskKey: t.key,
        stepName: t.name.slice(0, 64),
        amount: d.amount,
        unit: d.unit,
        remindBeforeAmount: 1,
        remindBeforeUnit: 'workday',
        graceAmount: 2,
        graceUnit: 'workday',
        updatedBy: 'system',
      });
    }
  }
  if (rows.length) await ds.createQueryBuilder().insert().into(TimeLimitRuleRow).values(rows).orIgnore().execute();
  const years = shippedCalendarYears();
  if (years.length) await ds.createQueryBuilder().insert().into(CalendarYearRow).values(years).orIgnore().execute();
}

export class DeadlineService {
  private calendar?: { at: number; cal: WorkdayCalendar };

  constructor(
    private readonly ds: DataSource,
    private readonly opts: { demoSecondsPerWorkday?: number } = {},
  ) {}

  /** The working-day calendar from the database (cached for a minute; admins' edits apply within it). */
  async workdayCalendar(): Promise<WorkdayCalendar> {
    if (this.calendar && Date.now() - this.calendar.at < 60_000) return this.calendar.cal;
    const years = await this.ds.getRepository(CalendarYearRow).find();
    // A year nobody entered yet falls back to weekends only rather than stopping every deadline.
    const cal = new WorkdayCalendar(
      years.map((y) => ({ year: y.year, holidays: y.holidays, workdays: y.workdays })),
      { unknownYears: 'weekends-only' },
    );
    this.calendar = { at: Date.now(), cal };
    return cal;
  }

  /** 工作日历: every year entered, as stored. */
  async calendarYears(): Promise<CalendarYearRow[]> {
    return this.ds.getRepository(CalendarYearRow).find({ order: { year: 'ASC' } });
  }

  /**
   * Sets one year of the working-day calendar (its year from calendarYearOf; its days checked: 400
   * CALENDAR_INVALID) and forgets the cached calendar, so every deadline computed afterwards uses
   * it; returns it as stored.
   */
  async setCalendarYear(year: number, input: { holidays: string[]; workdays: string[]; source?: string }): Promise<CalendarYearRow> {
    let checked: CalendarYear;
    try {
      checked = validateCalendarYear({ year, holidays: input.holidays, workdays: input.workdays });
    } catch (err) {
      throw new BadRequestError('CALENDAR_INVALID', (err as Error).message);
    }
    await this.ds.getRepository(CalendarYearRow).upsert({ ...checked, source: input.source ?? null, updatedAt: new Date() }, ['year']);
    this.calendar = undefined;
    return this.ds.getRepository(CalendarYearRow).findOneByOrFail({ year });
  }

  /** The rule of a step in force in a county: the county's own, else the installation default (null: the step has none). */
  async ruleFor(processKey: string, taskKey: string, countyCode?: string | null): Promise<TimeLimitRuleRow | null> {
    const rows = await this.ds.getRepository(TimeLimitRuleRow).find({ where: { processKey, taskKey, countyCode: In(countyCode ? [countyCode, DEFAULT_COUNTY] : [DEFAULT_COUNTY]) } });
    return rows.find((r) => r.countyCode !== DEFAULT_COUNTY) ?? rows[0] ?? null;
  }

  /** The instants of a task of this step created at `created` in a county; null when the step has no rule. */
  async instantsFor(processKey: string, taskKey: string, created = new Date(), countyCode?: string | null): Promise<DeadlineInstants | null> {
    const r = await this.ruleFor(processKey, taskKey, countyCode);
    if (!r) return null;
    const rule: TimeLimitRule = {
      amount: r.amount,
      unit: r.unit,
      reminderBefore: { amount: r.remindBeforeAmount, unit: r.remindBeforeUnit },
      graceAfter: { amount: r.graceAmount, unit: r.graceUnit },
    };
    return computeInstants(await this.workdayCalendar(), created, rule, { demoSecondsPerWorkday: this.opts.demoSecondsPerWorkday });
  }

  /**
   * The instants of a task whose due date was set by people (an agreed item's
   * deadline, the end of that Beijing day): reminder and grace from the step's
   * rule. On the demo time scale the working time left until the deadline is
   * scaled like every other limit (at least one working hour).
   */
  async instantsForDeadline(processKey: string, taskKey: string, due: Date, now = new Date(), countyCode?: string | null): Promise<DeadlineInstants> {
    const r = await this.ruleFor(processKey, taskKey, countyCode);
    const reminderBefore = { amount: r?.remindBeforeAmount ?? 1, unit: r?.remindBeforeUnit ?? ('workday' as const) };
    const graceAfter = { amount: r?.graceAmount ?? 2, unit: r?.graceUnit ?? ('workday' as const) };
    const cal = await this.workdayCalendar();
    if (this.opts.demoSecondsPerWorkday) {
      const days = Math.max(1 / 8, workingTimeBetween(cal, now, due));
      return computeInstants(cal, now, { amount: days, unit: 'workday', reminderBefore, graceAfter }, { demoSecondsPerWorkday: this.opts.demoSecondsPerWorkday });
    }
    const remindAt = new Date(Math.max(now.getTime(), reminderBefore.unit === 'workday' ? subtractWorkingDays(cal, due, reminderBefore.amount, { notBefore: now }).getTime() : due.getTime()));
    const escalateAt = graceAfter.unit === 'workday' ? addWorkingDays(cal, due, graceAfter.amount) : addWorkingHours(cal, due, graceAfter.amount);
    return { remindAt, dueAt: due, escalateAt };
  }

  /** The instant `days` working days after `from` (demo scale: scaled seconds), e.g. the 延压 limit of a payroll. */
  async afterWorkdays(days: number, from = new Date()): Promise<Date> {
    const rule: TimeLimitRule = { amount: days, unit: 'workday', reminderBefore: { amount: 0, unit: 'workday' }, graceAfter: { amount: 0, unit: 'workday' } };
    return computeInstants(await this.workdayCalendar(), from, rule, { demoSecondsPerWorkday: this.opts.demoSecondsPerWorkday }).dueAt;
  }

  /** How late `now` is after `due`, in working days (demo scale: scaled seconds). */
  async lateWorkingDays(due: Date, now = new Date()): Promise<number> {
    if (this.opts.demoSecondsPerWorkday) return Math.max(0, (now.getTime() - due.getTime()) / (this.opts.demoSecondsPerWorkday * 1000));
    return Math.max(0, workingTimeBetween(await this.workdayCalendar(), due, now));
  }

  /** The deadline variables of the user tasks right after the process starts, under the rules of the case's county. */
  async variablesAtStart(processKey: string, countyCode?: string | null, now = new Date()): Promise<Record<string, string>> {
    const graph = (await processGraphs()).get(processKey);
    const out: Record<string, string> = {};
    for (const s of graph?.startEvents() ?? []) Object.assign(out, await this.variablesAfter(processKey, s, countyCode, now));
    return out;
  }

  /**
   * The deadline variables of the user tasks the process reaches next from
   * `activityId` (ISO 8601 instants, read by timeDate and dueDate), under the
   * rules of the case's county (its own where it has them, else the defaults).
   */
  async variablesAfter(processKey: string, activityId: string, countyCode?: string | null, now = new Date()): Promise<Record<string, string>> {
    const graph = (await processGraphs()).get(processKey);
    if (!graph) return {};
    const out: Record<string, string> = {};
    for (const t of graph.nextUserTasks(activityId)) {
      const i = await this.instantsFor(processKey, t.key, now, countyCode);
      if (!i) continue;
      out[deadlineVar.remind(t.key)] = i.remindAt.toISOString();
      out[deadlineVar.due(t.key)] = i.dueAt.toISOString();
      out[deadlineVar.escalate(t.key)] = i.escalateAt.toISOString();
    }
    return out;
  }
}
