/**
 * /api/admin: what a county decides and what the whole installation shares.
 * 办理时限 and the township approval limit: a county admin reads and edits their
 * county's own values (恢复默认 returns to the default), the 系统管理员（全省）
 * the installation defaults. The working-day calendar and the member
 * departments are the same for every county: everyone of both roles reads them,
 * only the 系统管理员（全省） edits them, and only they add a county.
 */
import { type RequestHandler, Router } from 'express';
import { CalendarYearRow } from '../../domain/entities/escalation.entity.js';
import { BadRequestError, ForbiddenError } from '../../domain/errors.js';
import { type CalendarYear, validateCalendarYear } from '../../domain/time/calendar.js';
import { parseOrThrow } from '../../domain/validation.js';
import { updateDepartmentSchema } from '../../contracts/admin.schema.js';
import { DirectoryService } from '../../domain/services/directory.service.js';
import { CountyService } from '../../domain/services/county.service.js';
import { SettingsService, TOWNSHIP_LIMIT_KEY } from '../../domain/services/settings.service.js';
import { settingScope, TimeLimitService } from '../../domain/services/time-limit.service.js';
import { INSTALLATION_ROLE } from '../../domain/roles.js';
import { requireUser } from '../middleware/auth.middleware.js';

import { json } from './async.js';
import type { AppDeps } from '../app.js';
import { calendarSchema, createCountySchema, ruleSchema, townshipLimitSchema } from '../../contracts/admin.schema.js';

/** Admins of a county and of the installation. */
const admins = requireUser('admin', INSTALLATION_ROLE);
/** A county's own value: its admin only. */
const countyAdmin = requireUser('admin');
/** What every county shares: the 系统管理员（全省） only (a county admin only reads it). */
const installationAdmin: RequestHandler[] = [
  admins,
  (req, _res, next) => next(req.user!.role === INSTALLATION_ROLE ? undefined : new ForbiddenError('INSTALLATION_ADMIN_ONLY', '工作日历、成员单位、全省默认值和新增县（区）由系统管理员（全省）维护，县系统管理员只能查看')),
];

export function installationRoutes(deps: AppDeps): Router {
  const r = Router();
  const timeLimits = new TimeLimitService(deps.ds, deps.engine, deps.deadlines);
  const settings = new SettingsService(deps.ds, deps.cfg);
  const directory = new DirectoryService(deps.ds, deps.engine);
  const counties = new CountyService(deps.ds);

  // 办理时限: ?county= names whose values (absent: the admin's own — their county, or the defaults for the 系统管理员（全省）).
  r.get(
    '/time-limits',
    admins,
    json(async (req) => ({ items: await timeLimits.list(settingScope(req.user!, req.query.county)) })),
  );
  r.put(
    '/time-limits/:id',
    admins,
    json(async (req, res) => {
      const scope = settingScope(req.user!, req.query.county);
      const body = parseOrThrow(ruleSchema, req.body, '办理时限规则');
      // Applies to tasks arriving afterwards; running tasks keep their instants until the admin applies the rule to them.
      const out = await timeLimits.update(req.user!, scope, String(req.params.id), body);
      res.locals.auditTarget = `${scope ?? 'default'}:${out.processKey}/${out.taskKey}`;
      return out;
    }),
  );
  r.delete(
    '/time-limits/:id/own',
    countyAdmin,
    json(async (req, res) => {
      const scope = settingScope(req.user!, req.query.county)!;
      const out = await timeLimits.reset(req.user!, scope, String(req.params.id));
      res.locals.auditTarget = `${scope}:${out.processKey}/${out.taskKey}`;
      return out;
    }),
  );
  // 应用到在办任务: only when the admin asks, the step's open tasks of the county get the rule's deadlines (due date, variables, ladder timers).
  r.post(
    '/time-limits/:id/apply',
    countyAdmin,
    json(async (req, res) => {
      const out = await timeLimits.applyToOpenTasks(req.user!, String(req.params.id));
      res.locals.auditTarget = `${out.processKey}/${out.taskKey}`;
      res.locals.auditDetail = JSON.stringify({ tasks: out.tasks, timers: out.timers });
      return out;
    }),
  );

  // 系统参数: the township approval limit of 临时救助 (also the pay-first cap), per county with an installation default.
  r.get(
    '/settings',
    admins,
    json(async (req) => settings.list(settingScope(req.user!, req.query.county))),
  );
  r.put(
    '/settings/township-limit',
    admins,
    json(async (req, res) => {
      const scope = settingScope(req.user!, req.query.county);
      const { valueYuan } = parseOrThrow(townshipLimitSchema, req.body, '乡镇审批限额');
      await settings.setTownshipLimit(scope, valueYuan, req.user!.username);
      res.locals.auditTarget = `${scope ?? 'default'}:${TOWNSHIP_LIMIT_KEY}=${valueYuan}`;
      return settings.list(scope);
    }),
  );
  r.delete(
    '/settings/township-limit',
    countyAdmin,
    json(async (req, res) => {
      const scope = settingScope(req.user!, req.query.county)!;
      await settings.resetTownshipLimit(scope);
      res.locals.auditTarget = `${scope}:${TOWNSHIP_LIMIT_KEY}`;
      return settings.list(scope);
    }),
  );

  // 工作日历 (national holidays): one for every county.
  r.get(
    '/calendar',
    admins,
    json(async () => ({ items: await deps.ds.getRepository(CalendarYearRow).find({ order: { year: 'ASC' } }) })),
  );
  r.put(
    '/calendar/:year',
    installationAdmin,
    json(async (req) => {
      const year = Number(req.params.year);
      if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new BadRequestError('YEAR_INVALID', '年份不正确', 'year');
      const body = parseOrThrow(calendarSchema, req.body, '工作日历');
      let checked: CalendarYear;
      try {
        checked = validateCalendarYear({ year, holidays: body.holidays, workdays: body.workdays });
      } catch (err) {
        throw new BadRequestError('CALENDAR_INVALID', (err as Error).message);
      }
      await deps.ds.getRepository(CalendarYearRow).upsert({ ...checked, source: body.source ?? null, updatedAt: new Date() }, ['year']);
      deps.deadlines.invalidateCalendar();
      return deps.ds.getRepository(CalendarYearRow).findOneByOrFail({ year });
    }),
  );

  // 成员单位: the list of member departments is the same in every county.
  r.get(
    '/departments',
    admins,
    json(async () => directory.departments()),
  );
  r.patch(
    '/departments/:code',
    installationAdmin,
    json(async (req, res) => {
      res.locals.auditTarget = String(req.params.code);
      return directory.updateDepartment(String(req.params.code), parseOrThrow(updateDepartmentSchema, req.body, '部门信息'));
    }),
  );

  // 县（区）: the counties of the installation; adding one creates its townships, villages and admin account.
  r.get(
    '/counties',
    installationAdmin,
    json(async () => counties.list()),
  );
  r.post(
    '/counties',
    installationAdmin,
    json(async (req, res) => {
      const out = await counties.create(parseOrThrow(createCountySchema, req.body, '县（区）信息'));
      res.locals.auditTarget = `${out.county.code} ${out.county.name} admin=${out.admin.username}`;
      res.setHeader('Cache-Control', 'no-store');
      res.status(201);
      return out;
    }),
  );
  return r;
}
