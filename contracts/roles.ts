/** The roles of an account and their Chinese names. */
export const ROLES = ['clerk', 'handler', 'head', 'village', 'coordinator', 'leader', 'admin', 'sysadmin'] as const;
export type Role = (typeof ROLES)[number];
/** 系统管理员（全省）: the one role above the counties — installation-wide settings (working-day calendar, member departments, defaults) and adding counties; never assigned by a county. */
export const INSTALLATION_ROLE = 'sysadmin' satisfies Role;

export const ROLE_NAMES: Record<Role, string> = {
  clerk: '窗口受理员',
  handler: '经办人',
  head: '部门负责人',
  village: '村级专干',
  coordinator: '协调员',
  leader: '分管领导',
  admin: '系统管理员',
  sysadmin: '系统管理员（全省）',
};

/**
 * Who may call these operations: the routes' requireUser, the OpenAPI description (server/openapi.ts) and the web's
 * route guards and menus read the same lists (services may narrow further, e.g. a head to their department).
 */
/** 待办 (GET /api/tasks, its task actions) and 已办 (GET /api/worklist/done). */
export const TASK_ROLES: Role[] = ['handler', 'head', 'village', 'clerk', 'coordinator', 'leader'];
/** 我发起的 (GET /api/worklist/initiated): the window, the village worker, the joint-conference office. */
export const INITIATED_ROLES: Role[] = ['clerk', 'village', 'coordinator'];
/** Readers of joint-conference matters (department staff: their departments' matters). */
export const CONFERENCE_ROLES: Role[] = ['coordinator', 'leader', 'handler', 'head'];
/** 考核统计 (a head: their own department). */
export const STATISTICS_ROLES: Role[] = ['leader', 'coordinator', 'head'];
/** Readers of the 问责台账 (all, own department, own records). */
export const ACCOUNTABILITY_ROLES: Role[] = ['leader', 'coordinator', 'head', 'handler', 'village'];
/** 督办催办 (POST /api/tasks/:id/urge; a head only for their department's tasks). */
export const URGE_ROLES: Role[] = ['coordinator', 'leader', 'head'];
/** 流程监控 (GET /api/monitor/*, the `monitor.counts` pushes). */
export const MONITOR_ROLES: Role[] = ['coordinator', 'leader'];
