/** Routes, the login guard and role checks. */
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { ensureSession, setUser } from './session';
import { ACCOUNTABILITY_ROLES, CASE_ROLES, CONFERENCE_ROLES, INITIATED_ROLES, CAMPAIGN_ROLES, LEDGER_ROLES, MONEY_ROLES, PRICE_ROLES, REVIEW_ROLES, STATISTICS_ROLES, TASK_ROLES } from './roles';
import { MONITOR_ROLES } from './monitor';
import type { Role } from './types';
import MainLayout from './layouts/MainLayout.vue';
import LoginView from './views/LoginView.vue';

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    public?: boolean;
    /** Public page that never needs (or asks about) a session. */
    anonymous?: boolean;
    roles?: Role[];
    /** Which menu item to highlight. */
    menu?: string;
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: LoginView, meta: { title: '登录', public: true } },
  // 修改密码: outside the staff layout (whose pages need an account that has changed its initial password).
  { path: '/password', name: 'change-password', component: () => import('./views/ChangePassword.vue'), meta: { title: '修改密码' } },
  // 社会救助公示: open to everyone, outside the staff layout, no session needed.
  { path: '/public/notices', name: 'public-notices', component: () => import('./views/PublicNoticesView.vue'), meta: { title: '社会救助公示', public: true, anonymous: true } },
  { path: '/public/payment-results', name: 'public-payment-results', component: () => import('./views/PublicPaymentResultsView.vue'), meta: { title: '发放结果公示', public: true, anonymous: true } },
  // 求助有门: applicants look up their case with the 受理通知书's number and code, no session.
  { path: '/public/policy/:kind?', name: 'public-policy', component: () => import('./views/PublicPolicySheetView.vue'), meta: { title: '社会救助明白纸', public: true, anonymous: true } },
  { path: '/public/lookup', name: 'public-lookup', component: () => import('./views/PublicLookupView.vue'), meta: { title: '办理进度查询', public: true, anonymous: true } },
  // 打印: A4 sheets outside the staff layout.
  { path: '/print/cases/:id/:kind', name: 'print', component: () => import('./views/PrintView.vue'), meta: { title: '打印', roles: CASE_ROLES } },
  { path: '/print/ledger/:level/:code', name: 'print-ledger', component: () => import('./views/PrintLedgerView.vue'), meta: { title: '打印台账', roles: LEDGER_ROLES } },
  {
    path: '/',
    component: MainLayout,
    children: [
      { path: '', name: 'dashboard', component: () => import('./views/DashboardView.vue'), meta: { title: '工作台', menu: '/' } },
      { path: 'tasks', name: 'tasks', component: () => import('./views/TasksView.vue'), meta: { title: '待办', roles: TASK_ROLES, menu: '/tasks' } },
      { path: 'tasks/:taskId', name: 'task', component: () => import('./views/TaskView.vue'), meta: { title: '任务办理', roles: TASK_ROLES, menu: '/tasks' } },
      { path: 'done', name: 'done', component: () => import('./views/DoneView.vue'), meta: { title: '已办', roles: TASK_ROLES, menu: '/done' } },
      { path: 'copies', name: 'copies', component: () => import('./views/CopiesView.vue'), meta: { title: '抄送我的', roles: TASK_ROLES, menu: '/copies' } },
      { path: 'initiated', name: 'initiated', component: () => import('./views/InitiatedView.vue'), meta: { title: '我发起的', roles: INITIATED_ROLES, menu: '/initiated' } },
      { path: 'conferences', name: 'conferences', component: () => import('./views/ConferencesView.vue'), meta: { title: '联席会议', roles: CONFERENCE_ROLES, menu: '/conferences' } },
      { path: 'conferences/:id', name: 'conference', component: () => import('./views/ConferenceView.vue'), meta: { title: '联席会议议题', roles: CONFERENCE_ROLES, menu: '/conferences' } },
      { path: 'statistics', name: 'statistics', component: () => import('./views/StatisticsView.vue'), meta: { title: '考核统计', roles: STATISTICS_ROLES, menu: '/statistics' } },
      { path: 'admin/users', name: 'users', component: () => import('./views/admin/UsersView.vue'), meta: { title: '用户与角色', roles: ['admin'], menu: '/admin/users' } },
      { path: 'admin/departments', name: 'departments', component: () => import('./views/admin/DepartmentsView.vue'), meta: { title: '部门', roles: ['admin', 'sysadmin'], menu: '/admin/departments' } },
      { path: 'admin/counties', name: 'counties', component: () => import('./views/admin/CountiesView.vue'), meta: { title: '县（区）', roles: ['sysadmin'], menu: '/admin/counties' } },
      { path: 'admin/incidents', name: 'incidents', component: () => import('./views/admin/IncidentsView.vue'), meta: { title: '流程故障', roles: ['admin'], menu: '/admin/incidents' } },
      { path: 'admin/processes', name: 'processes', component: () => import('./views/admin/ProcessesView.vue'), meta: { title: '流程部署', roles: ['admin'], menu: '/admin/processes' } },
      { path: 'admin/versions', name: 'versions', component: () => import('./views/admin/VersionsView.vue'), meta: { title: '版本与迁移', roles: ['admin'], menu: '/admin/versions' } },
      { path: 'register', name: 'register', component: () => import('./views/RegisterView.vue'), meta: { title: '受理登记', roles: ['clerk'], menu: '/register' } },
      { path: 'temporary', name: 'temporary', component: () => import('./views/TemporaryView.vue'), meta: { title: '临时救助', roles: ['clerk', 'village', 'handler', 'head'], menu: '/temporary' } },
      { path: 'cases', name: 'cases', component: () => import('./views/CasesView.vue'), meta: { title: '申请查询', roles: CASE_ROLES, menu: '/cases' } },
      { path: 'cases/:id', name: 'case', component: () => import('./views/CaseView.vue'), meta: { title: '案卷详情', roles: CASE_ROLES, menu: '/cases' } },
      { path: 'decisions', name: 'decisions', component: () => import('./views/DecisionsView.vue'), meta: { title: '决策表', roles: ['coordinator', 'leader', 'admin'], menu: '/decisions' } },
      { path: 'monitor', name: 'monitor', component: () => import('./views/MonitorView.vue'), meta: { title: '流程监控', roles: MONITOR_ROLES, menu: '/monitor' } },
      { path: 'alerts', name: 'alerts', component: () => import('./views/AlertsView.vue'), meta: { title: '预警中心', menu: '/alerts' } },
      { path: 'accountability', name: 'accountability', component: () => import('./views/AccountabilityView.vue'), meta: { title: '问责台账', roles: ACCOUNTABILITY_ROLES, menu: '/accountability' } },
      { path: 'admin/time-limits', name: 'time-limits', component: () => import('./views/admin/TimeLimitsView.vue'), meta: { title: '办理时限', roles: ['admin', 'sysadmin'], menu: '/admin/time-limits' } },
      { path: 'admin/audit', name: 'audit', component: () => import('./views/admin/AuditView.vue'), meta: { title: '审计日志', roles: ['admin'], menu: '/admin/audit' } },
      { path: 'payroll', name: 'payroll', component: () => import('./views/PayrollView.vue'), meta: { title: '资金发放', roles: MONEY_ROLES, menu: '/payroll' } },
      { path: 'payroll/:id', name: 'payroll-run', component: () => import('./views/PayrollRunView.vue'), meta: { title: '月度发放', roles: MONEY_ROLES, menu: '/payroll' } },
      { path: 'campaigns', name: 'campaigns', component: () => import('./views/CampaignsView.vue'), meta: { title: '冬春救助', roles: CAMPAIGN_ROLES, menu: '/campaigns' } },
      { path: 'ledger/:code?', name: 'ledger', component: () => import('./views/LedgerView.vue'), meta: { title: '乡镇台账', roles: LEDGER_ROLES, menu: '/ledger' } },
      { path: 'roster/:code?', name: 'roster', component: () => import('./views/LedgerView.vue'), meta: { title: '村级名册', roles: LEDGER_ROLES, menu: '/roster' } },
      { path: 'price', name: 'price', component: () => import('./views/PriceView.vue'), meta: { title: '物价联动', roles: PRICE_ROLES, menu: '/price' } },
      { path: 'standard-adjustments', name: 'standard-adjustments', component: () => import('./views/StandardAdjustmentView.vue'), meta: { title: '救助标准调整', roles: PRICE_ROLES, menu: '/standard-adjustments' } },
      { path: 'reviews', name: 'reviews', component: () => import('./views/ReviewsView.vue'), meta: { title: '定期核查', roles: REVIEW_ROLES, menu: '/reviews' } },
      { path: 'reviews/:id', name: 'review', component: () => import('./views/ReviewView.vue'), meta: { title: '核查详情', roles: REVIEW_ROLES, menu: '/reviews' } },
      { path: 'recipients', name: 'recipients', component: () => import('./views/RecipientsView.vue'), meta: { title: '在保对象', roles: MONEY_ROLES, menu: '/recipients' } },
      { path: 'admin/standards', name: 'standards', component: () => import('./views/admin/StandardsView.vue'), meta: { title: '救助标准', roles: ['admin'], menu: '/admin/standards' } },
      { path: 'admin/policy-sheets', name: 'policy-sheets', component: () => import('./views/admin/PolicySheetsView.vue'), meta: { title: '明白纸', roles: ['admin'], menu: '/admin/policy-sheets' } },
      { path: 'admin/calendar', name: 'calendar', component: () => import('./views/admin/CalendarView.vue'), meta: { title: '工作日历', roles: ['admin', 'sysadmin'], menu: '/admin/calendar' } },
      { path: '403', name: 'forbidden', component: () => import('./views/ForbiddenView.vue'), meta: { title: '无权查看' } },
      { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue'), meta: { title: '页面不存在' } },
    ],
  },
];

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
});

router.beforeEach(async (to) => {
  if (to.meta.anonymous) return true;
  const user = await ensureSession();
  if (to.meta.public) {
    if (user?.mustChangePassword && to.name === 'login') return { name: 'change-password' };
    if (user && to.name === 'login') return { path: typeof to.query.redirect === 'string' && to.query.redirect.startsWith('/') ? to.query.redirect : '/' };
    return true;
  }
  if (!user) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  // Seeded accounts change their initial password before anything else (the server refuses everything else).
  if (user.mustChangePassword && to.name !== 'change-password') return { name: 'change-password', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  // 系统管理员（全省） has no county workbench: their home is the list of counties.
  if (user.role === 'sysadmin' && to.name === 'dashboard') return { name: 'counties', replace: true };
  if (to.meta.roles && !to.meta.roles.includes(user.role)) return { name: 'forbidden', replace: true };
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · 兜底 · 社会救助协同平台` : '兜底 · 社会救助协同平台';
});

/** Called by the API layer when the server answers 401: back to login, remembering where we were. */
export function goToLogin(): void {
  setUser(null);
  const current = router.currentRoute.value;
  if (current.name === 'login' || current.meta.anonymous) return;
  void router.replace({ name: 'login', query: current.fullPath && current.fullPath !== '/' ? { redirect: current.fullPath } : {} });
}
