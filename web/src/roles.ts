/** Role duties and the menu each role sees (the roles and their names: contracts/roles.ts). */
import type { Role } from '../../contracts/roles';

export { ACCOUNTABILITY_ROLES, CONFERENCE_ROLES, INITIATED_ROLES, ROLE_NAMES, STATISTICS_ROLES, TASK_ROLES, URGE_ROLES } from '../../contracts/roles';

export const ROLE_DUTIES: Record<Role, string> = {
  clerk: '在一门受理窗口登记群众的救助申请，出具受理通知书或一次性告知所缺材料，并答复申请人办理进度。',
  handler: '及时签收本部门待办，按时限审核申请材料并填写办理意见，必要时转办或退回。',
  head: '审批本部门承办事项，关注本部门的逾期预警，确保在办理时限内办结。',
  village: '负责本村入户调查、民主评议和救助对象名册，协助核实申请家庭情况。',
  coordinator: '代表联席会议办公室跟踪各部门流程与队列，督促滞留事项，必要时重新派单。',
  leader: '实时掌握逾期升级情况，下达督办指令，对失职失责事项作出问责决定。',
  admin: '维护本县的用户、办理时限、乡镇审批限额和流程部署，保障平台稳定运行。',
  sysadmin: '维护全省共用的工作日历、成员单位和各项默认值，新增县（区）及其管理员账号。',
};

export type MenuKey =
  | 'dashboard'
  | 'register'
  | 'tasks'
  | 'done'
  | 'initiated'
  | 'copies'
  | 'cases'
  | 'conferences'
  | 'alerts'
  | 'accountability'
  | 'statistics'
  | 'users'
  | 'departments'
  | 'timeLimits'
  | 'calendar'
  | 'processes'
  | 'audit'
  | 'monitor'
  | 'payroll'
  | 'recipients'
  | 'standards'
  | 'temporary'
  | 'decisions'
  | 'ledger'
  | 'roster'
  | 'campaigns'
  | 'price'
  | 'standardAdjust'
  | 'policySheets'
  | 'incidents'
  | 'reviews'
  | 'versions'
  | 'counties';

export const MENU_BY_ROLE: Record<Role, MenuKey[]> = {
  clerk: ['dashboard', 'register', 'temporary', 'tasks', 'done', 'initiated', 'copies', 'cases', 'reviews', 'alerts'],
  handler: ['dashboard', 'tasks', 'done', 'copies', 'cases', 'payroll', 'recipients', 'reviews', 'ledger', 'roster', 'campaigns', 'price', 'standardAdjust', 'temporary', 'conferences', 'alerts', 'accountability'],
  head: ['dashboard', 'tasks', 'done', 'copies', 'cases', 'payroll', 'recipients', 'reviews', 'ledger', 'roster', 'campaigns', 'price', 'standardAdjust', 'temporary', 'conferences', 'alerts', 'accountability', 'statistics'],
  coordinator: [
    'dashboard',
    'monitor',
    'decisions',
    'conferences',
    'alerts',
    'accountability',
    'statistics',
    'payroll',
    'recipients',
    'reviews',
    'ledger',
    'roster',
    'campaigns',
    'price',
    'standardAdjust',
    'cases',
    'tasks',
    'done',
    'initiated',
    'copies',
  ],
  leader: ['dashboard', 'monitor', 'alerts', 'accountability', 'statistics', 'payroll', 'reviews', 'ledger', 'campaigns', 'price', 'standardAdjust', 'conferences', 'cases', 'tasks', 'done', 'copies'],
  village: ['dashboard', 'temporary', 'roster', 'campaigns', 'tasks', 'done', 'initiated', 'copies', 'cases', 'reviews', 'alerts', 'accountability'],
  admin: ['dashboard', 'users', 'departments', 'timeLimits', 'calendar', 'standards', 'standardAdjust', 'price', 'policySheets', 'reviews', 'processes', 'versions', 'incidents', 'decisions', 'audit', 'alerts'],
  sysadmin: ['counties', 'timeLimits', 'calendar', 'departments'],
};

/** Departments whose staff work on payments (资金发放, 在保对象): county civil affairs and finance, the township and its finance office. */
export const MONEY_DEPARTMENTS = ['civil', 'finance', 'township', 'town_finance', 'gov'];
/** Departments working on 物价联动: 发改 enters the price figures, 民政 computes the subsidy, 财政 approves its funds. */
export const PRICE_DEPARTMENTS = ['ndrc', 'civil', 'finance'];
/** Roles that open the 物价联动 page (the server scopes it to the user's county). */
export const PRICE_ROLES: Role[] = ['handler', 'head', 'coordinator', 'leader', 'admin'];
/** Roles that open the money pages (the server scopes handlers and heads by department and township). */
export const MONEY_ROLES: Role[] = ['handler', 'head', 'coordinator', 'leader'];

/** Departments with a step in 冬春救助: county civil affairs and emergency management, the township. */
export const CAMPAIGN_DEPARTMENTS = ['civil', 'emergency', 'township', 'gov'];
/** Roles that open 冬春救助 (the server scopes it to the user's county). */
export const CAMPAIGN_ROLES: Role[] = ['handler', 'head', 'village', 'coordinator', 'leader'];

/** Roles that open 乡镇台账 / 村级名册 (the server scopes each to the units the user covers). */
export const LEDGER_ROLES: Role[] = ['handler', 'head', 'village', 'coordinator', 'leader'];

/** Roles that open 定期核查 (the server scopes them to their county, township or village). */
export const REVIEW_ROLES: Role[] = ['handler', 'head', 'village', 'clerk', 'coordinator', 'leader', 'admin'];

/**
 * The menu entries a department's handlers and heads see only when their department has work there
 * (the server refuses the others): the money pages, 冬春救助, 物价联动, 标准调整, 定期核查, and
 * 临时救助, which of the departments only 乡村振兴 starts (乡村振兴部门推送).
 */
const DEPARTMENT_MENUS: Partial<Record<MenuKey, readonly string[]>> = {
  payroll: MONEY_DEPARTMENTS,
  recipients: MONEY_DEPARTMENTS,
  ledger: MONEY_DEPARTMENTS,
  roster: MONEY_DEPARTMENTS,
  campaigns: CAMPAIGN_DEPARTMENTS,
  temporary: ['rural'],
  price: PRICE_DEPARTMENTS,
  standardAdjust: ['civil', 'finance'],
  reviews: ['civil', 'township'],
};

/** Whether a menu entry is shown to this user. */
export function menuVisible(key: MenuKey, user: { role: Role; department: { code: string } }): boolean {
  const departments = DEPARTMENT_MENUS[key];
  return !departments || (user.role !== 'handler' && user.role !== 'head') || departments.includes(user.department.code);
}

/** Roles that see case lists (everyone but admin). */
export const CASE_ROLES: Role[] = ['clerk', 'handler', 'head', 'village', 'coordinator', 'leader'];
