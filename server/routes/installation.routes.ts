/**
 * /api/admin: what a county decides and what the whole installation shares.
 * 办理时限 and the township approval limit: a county admin reads and edits their
 * county's own values (恢复默认 returns to the default), the 系统管理员（全省）
 * the installation defaults. The working-day calendar and the member
 * departments are the same for every county: everyone of both roles reads them,
 * only the 系统管理员（全省） edits them, and only they add a county.
 */
import {
  adminDepartmentListSchema,
  calendarListSchema,
  calendarYearSchema,
  departmentSchema,
  countyCreatedSchema,
  countyListSchema,
  settingListSchema,
  timeLimitAppliedSchema,
  timeLimitListSchema,
  timeLimitRuleSchema,
} from '../../contracts/answers/admin.js';
import type { RequestHandler } from 'express';
import { ForbiddenError } from '../../domain/errors.js';
import { calendarYearOf } from '../../domain/deadlines/deadline.service.js';
import { updateDepartmentSchema } from '../../contracts/admin.schema.js';
import { TOWNSHIP_LIMIT_KEY } from '../../domain/services/settings.service.js';
import { settingScope } from '../../domain/services/time-limit.service.js';
import { INSTALLATION_ROLE } from '../../domain/roles.js';
import type { Role } from '../../contracts/roles.js';
import { bind, type MountedRoutes, operations } from '../operation.js';
import type { AppDeps } from '../app.js';
import { calendarSchema, createCountySchema, ruleSchema, townshipLimitSchema } from '../../contracts/admin.schema.js';

/**
 * What every county shares: the 系统管理员（全省） only. A county admin passes the role check (they read it)
 * and is refused here with its own message (INSTALLATION_ADMIN_ONLY), so these operations declare both roles,
 * the 系统管理员（全省） first, and run this check after the role check.
 */
const installationAdminOnly: RequestHandler = (req, _res, next) =>
  next(req.user!.role === INSTALLATION_ROLE ? undefined : new ForbiddenError('INSTALLATION_ADMIN_ONLY', '工作日历、成员单位、全省默认值和新增县（区）由系统管理员（全省）维护，县系统管理员只能查看'));

/** Admins of a county and of the installation. */
const admins: Role[] = ['admin', INSTALLATION_ROLE];
/** The same roles for what only the 系统管理员（全省） may do (with installationAdminOnly). */
const installationAdmins: Role[] = [INSTALLATION_ROLE, 'admin'];

export const installationOps = operations('/admin', {
  timeLimits: { method: 'get', path: '/time-limits', summary: '办理时限规则：本县现行的（自设或沿用全省默认）；系统管理员（全省）看默认值', access: admins, response: timeLimitListSchema },
  updateTimeLimit: { method: 'put', path: '/time-limits/:id', summary: '修改办理时限：县系统管理员设本县的取值，系统管理员（全省）改全省默认值', access: admins, body: ruleSchema, bodyName: '办理时限规则', response: timeLimitRuleSchema },
  resetTimeLimit: { method: 'delete', path: '/time-limits/:id/own', summary: '恢复默认：删除本县自设的办理时限，沿用全省默认值', access: ['admin'], response: timeLimitRuleSchema },
  applyTimeLimit: { method: 'post', path: '/time-limits/:id/apply', summary: '将办理时限规则应用到该环节的在办任务（重算期限，移动催办、逾期、升级计时器）', access: ['admin'], response: timeLimitAppliedSchema },
  settings: { method: 'get', path: '/settings', summary: '系统参数（乡镇审批限额等）：本县现行值、是否自设、全省默认值', access: admins, response: settingListSchema },
  setTownshipLimit: {
    method: 'put',
    path: '/settings/township-limit',
    summary: '修改临时救助乡镇审批限额（也是先行救助上限）：本县取值或全省默认值',
    access: admins,
    body: townshipLimitSchema,
    bodyName: '乡镇审批限额',
    response: settingListSchema,
  },
  resetTownshipLimit: { method: 'delete', path: '/settings/township-limit', summary: '恢复默认：删除本县自设的乡镇审批限额', access: ['admin'], response: settingListSchema },
  calendar: { method: 'get', path: '/calendar', summary: '工作日历（全省共用）', access: admins, response: calendarListSchema },
  setCalendar: { method: 'put', path: '/calendar/:year', summary: '设置某年的工作日历（系统管理员（全省））', access: installationAdmins, body: calendarSchema, bodyName: '工作日历', response: calendarYearSchema },
  departments: { method: 'get', path: '/departments', summary: '成员单位列表（全省共用）', access: admins, response: adminDepartmentListSchema },
  updateDepartment: { method: 'patch', path: '/departments/:code', summary: '修改成员单位名称或启停用（系统管理员（全省））', access: installationAdmins, body: updateDepartmentSchema, bodyName: '部门信息', response: departmentSchema },
  counties: { method: 'get', path: '/counties', summary: '县（区）列表（系统管理员（全省））', access: installationAdmins, response: countyListSchema },
  createCounty: {
    method: 'post',
    path: '/counties',
    summary: '新增县（区）及其乡镇、村和县系统管理员账号（初始密码只显示一次）',
    access: installationAdmins,
    body: createCountySchema,
    bodyName: '县（区）信息',
    status: 201,
    response: countyCreatedSchema,
  },
});

export function installationRoutes(deps: AppDeps): MountedRoutes {
  const timeLimits = deps.timeLimits;
  const settings = deps.settings;
  const directory = deps.directory;
  const counties = deps.counties;

  return bind(
    installationOps,
    {
      // 办理时限: ?county= names whose values (absent: the admin's own — their county, or the defaults for the 系统管理员（全省）).
      timeLimits: async (req) => ({ items: await timeLimits.list(settingScope(req.user!, req.query.county)) }),
      updateTimeLimit: async (req, res, input) => {
        const scope = settingScope(req.user!, req.query.county);
        const body = input.body();
        // Applies to tasks arriving afterwards; running tasks keep their instants until the admin applies the rule to them.
        const out = await timeLimits.update(req.user!, scope, input.param('id'), body);
        res.locals.auditTarget = `${scope ?? 'default'}:${out.processKey}/${out.taskKey}`;
        return out;
      },
      resetTimeLimit: async (req, res, input) => {
        const scope = settingScope(req.user!, req.query.county)!;
        const out = await timeLimits.reset(req.user!, scope, input.param('id'));
        res.locals.auditTarget = `${scope}:${out.processKey}/${out.taskKey}`;
        return out;
      },
      // 应用到在办任务: only when the admin asks, the step's open tasks of the county get the rule's deadlines (due date, variables, ladder timers).
      applyTimeLimit: async (req, res, input) => {
        const out = await timeLimits.applyToOpenTasks(req.user!, input.param('id'));
        res.locals.auditTarget = `${out.processKey}/${out.taskKey}`;
        res.locals.auditDetail = JSON.stringify({ tasks: out.tasks, timers: out.timers });
        return out;
      },

      // 系统参数: the township approval limit of 临时救助 (also the pay-first cap), per county with an installation default.
      settings: async (req) => settings.list(settingScope(req.user!, req.query.county)),
      setTownshipLimit: async (req, res, input) => {
        const scope = settingScope(req.user!, req.query.county);
        const { valueYuan } = input.body();
        await settings.setTownshipLimit(scope, valueYuan, req.user!.username);
        res.locals.auditTarget = `${scope ?? 'default'}:${TOWNSHIP_LIMIT_KEY}=${valueYuan}`;
        return settings.list(scope);
      },
      resetTownshipLimit: async (req, res) => {
        const scope = settingScope(req.user!, req.query.county)!;
        await settings.resetTownshipLimit(scope);
        res.locals.auditTarget = `${scope}:${TOWNSHIP_LIMIT_KEY}`;
        return settings.list(scope);
      },

      // 工作日历 (national holidays): one for every county.
      calendar: async () => ({ items: await deps.deadlines.calendarYears() }),
      setCalendar: {
        before: [installationAdminOnly],
        // the year is checked before the body, as it always was
        handle: async (_req, _res, input) => {
          const year = calendarYearOf(input.param('year'));
          return deps.deadlines.setCalendarYear(year, input.body());
        },
      },

      // 成员单位: the list of member departments is the same in every county.
      departments: async () => directory.departments(),
      updateDepartment: {
        before: [installationAdminOnly],
        handle: async (_req, res, input) => {
          res.locals.auditTarget = input.param('code');
          return directory.updateDepartment(input.param('code'), input.body());
        },
      },

      // 县（区）: the counties of the installation; adding one creates its townships, villages and admin account.
      counties: { before: [installationAdminOnly], handle: async () => counties.list() },
      createCounty: {
        before: [installationAdminOnly],
        handle: async (_req, res, input) => {
          const out = await counties.create(input.body());
          res.locals.auditTarget = `${out.county.code} ${out.county.name} admin=${out.admin.username}`;
          res.setHeader('Cache-Control', 'no-store');
          return out;
        },
      },
    },
    deps.bindOptions,
  );
}
