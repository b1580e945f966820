/**
 * Answers of the administration pages (/api/admin): accounts, departments, deployed processes, 办理时限,
 * 系统参数, the working-day calendar, counties, the audit log and 明白纸 (the public reads them too).
 */
import { z } from 'zod';
import { ROLES } from '../roles.js';
import { count, day, instant, itemsOf, pageOf, yuan } from './common.js';

const role = z.enum(ROLES);

/** An account as the admin list shows it (no hash, no lockout internals beyond whether it is locked). */
export const userViewSchema = z.strictObject({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role,
  departmentCode: z.string(),
  departmentName: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  active: z.boolean(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: instant,
});
/** GET /api/admin/users. */
export const userPageSchema = pageOf(userViewSchema);
/** POST /api/admin/users and /api/admin/users/:id/reset-password: the account and its password, shown this once. */
export const userWithPasswordSchema = z.strictObject({ user: userViewSchema, password: z.string() });

/** A member department (成员单位). */
export const departmentSchema = z.strictObject({ code: z.string(), name: z.string(), isLead: z.boolean(), sortOrder: z.number().int(), active: z.boolean() });
/** GET /api/admin/departments: with how many enabled accounts each has. */
export const adminDepartmentSchema = departmentSchema.extend({ userCount: count });
export const adminDepartmentListSchema = itemsOf(adminDepartmentSchema);

/** GET /api/admin/processes: one deployed process version. */
export const processVersionSchema = z.strictObject({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  version: z.number().int().min(1),
  latest: z.boolean(),
  suspended: z.boolean(),
  deploymentId: z.string(),
  deploymentName: z.string().nullable(),
  deployedAt: instant.nullable(),
  runningInstances: count,
  failedJobs: count,
  incidents: count,
});
export const processVersionListSchema = itemsOf(processVersionSchema);

const timeUnit = z.enum(['workday', 'hour']);
const ruleValues = z.strictObject({ amount: count, unit: timeUnit, remindBeforeAmount: count, remindBeforeUnit: timeUnit, graceAmount: count, graceUnit: timeUnit });

/** 办理时限规则 of one step: the one in force in the county, whether it is the county's own, and the default it inherits. */
export const timeLimitRuleSchema = ruleValues.extend({
  id: z.uuid(),
  /** The county whose rule this is ('' = the installation default). */
  countyCode: z.string(),
  processKey: z.string(),
  taskKey: z.string(),
  stepName: z.string(),
  updatedBy: z.string().nullable(),
  updatedAt: instant,
  /** True when the county set this step's limit itself (恢复默认 removes it). */
  own: z.boolean(),
  /** The installation default the county inherits. */
  defaults: ruleValues,
});
/** GET /api/admin/time-limits. */
export const timeLimitListSchema = itemsOf(timeLimitRuleSchema);
/** POST /api/admin/time-limits/:id/apply: how many open tasks and timers got the rule's instants. */
export const timeLimitAppliedSchema = z.strictObject({ processKey: z.string(), taskKey: z.string(), stepName: z.string(), tasks: count, timers: count });

/** 系统参数: one setting as the admin page shows it: the value in force for the county, and whether it is the county's own. */
export const settingViewSchema = z.strictObject({
  key: z.string(),
  name: z.string(),
  valueYuan: yuan,
  /** The installation default the county inherits when it has no value of its own. */
  defaultYuan: yuan,
  /** The county whose value this is; null for the installation default (the 系统管理员（全省）'s page). */
  countyCode: z.string().nullable(),
  /** True when the county set its own value (恢复默认 removes it). */
  own: z.boolean(),
  updatedBy: z.string().nullable(),
  updatedAt: instant.nullable(),
});
/** GET, PUT and DELETE /api/admin/settings…: the settings page. */
export const settingListSchema = itemsOf(settingViewSchema);

/** 工作日历 of one year: days off and make-up working weekend days. */
export const calendarYearSchema = z.strictObject({ year: z.number().int(), holidays: z.array(day), workdays: z.array(day), source: z.string().nullable(), updatedAt: instant });
export const calendarListSchema = itemsOf(calendarYearSchema);

/** One county as the 县（区） page lists it. */
export const countyViewSchema = z.strictObject({ code: z.string(), name: z.string(), parentName: z.string().nullable(), townships: count, villages: count, admins: z.array(z.string()) });
/** A unit a new county may go under: the province or one of its cities. */
export const countyParentSchema = z.strictObject({ code: z.string(), name: z.string(), level: z.string() });
/** GET /api/admin/counties. */
export const countyListSchema = z.strictObject({ items: z.array(countyViewSchema), parents: z.array(countyParentSchema) });
/** POST /api/admin/counties: the county and its admin account with the initial password (shown this once). */
export const countyCreatedSchema = z.strictObject({ county: countyViewSchema, admin: z.strictObject({ username: z.string(), password: z.string() }) });

/** One line of the audit log, with the action's Chinese name where known. */
export const auditEntrySchema = z.strictObject({
  id: z.number().int(),
  at: instant,
  userId: z.uuid().nullable(),
  username: z.string().nullable(),
  role: z.string().nullable(),
  unitCode: z.string().nullable(),
  action: z.string(),
  actionName: z.string().nullable(),
  target: z.string().nullable(),
  ip: z.string().nullable(),
  status: z.number().int(),
  code: z.string().nullable(),
  /** The line's detail as written (JSON). */
  detail: z.unknown(),
});
/** GET /api/admin/audit. */
export const auditPageSchema = pageOf(auditEntrySchema);

/** GET /api/public/policy-sheets: the kinds a county's 明白纸 covers. */
export const policySheetIndexSchema = z.strictObject({ countyCode: z.string(), countyName: z.string(), kinds: z.array(z.strictObject({ kind: z.string(), name: z.string() })) });
/** GET /api/public/policy-sheets/:kind and PUT /api/admin/policy-sheets/:kind: one 明白纸. */
export const policySheetAnswerSchema = z.strictObject({
  kind: z.string(),
  name: z.string(),
  countyCode: z.string(),
  countyName: z.string(),
  qualifies: z.string(),
  where: z.string(),
  objection: z.string(),
  hotline: z.string(),
  documents: z.array(z.string()),
  steps: z.array(z.strictObject({ step: z.string(), limit: z.string() })),
  standards: z.array(z.string()),
  updatedBy: z.string().nullable(),
  updatedAt: instant.nullable(),
});
