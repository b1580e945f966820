/**
 * The OpenAPI 3.1 description of /api, served at GET /api/openapi.json. The
 * request schemas are generated (z.toJSONSchema) from the very zod schemas the
 * routes parse with, so they cannot drift; a test checks that every route the
 * express app serves is described here and nothing else. The fuzz test drives
 * every operation from this description.
 */
import type { Express } from 'express';
import { z } from 'zod';
import { changePasswordSchema, householdFactsSchema, listQuerySchema, loginSchema, registerCaseSchema } from '../contracts/case.schema.js';
import { CONFERENCE_TASK_FORMS, conferenceListQuerySchema, raiseConferenceSchema, superviseSchema } from '../contracts/conference.schema.js';
import { statisticsQuerySchema } from '../contracts/statistics.schema.js';
import { caseListQuerySchema, doneQuerySchema, inboxQuerySchema, initiatedQuerySchema } from '../contracts/worklist.schema.js';
import { ACCOUNTABILITY_ROLES, CONFERENCE_ROLES, INITIATED_ROLES, STATISTICS_ROLES, TASK_ROLES, URGE_ROLES } from '../contracts/roles.js';
import { APPLICATION_FORMS } from '../domain/forms/application.forms.js';

import { policySheetQuerySchema, policySheetSchema } from '../contracts/admin.schema.js';
import { campaignStartDaySchema, campaignStartSchema, countyApprovalSchema, surveySchema, townshipReviewSchema } from '../contracts/campaign.schema.js';
import { accountabilityDecisionSchema, copySchema, cosignSchema, delegateSchema, explanationSchema, recallSchema, resolveSchema, returnSchema, signSchema, transferSchema, urgeSchema } from '../contracts/task.schema.js';
import { ledgerQuerySchema } from '../contracts/lists.schema.js';
import { lookupSchema, objectionSchema, revealSchema, temporaryCaseSchema, uploadQuerySchema, withdrawSchema } from '../contracts/case.schema.js';
import { yearQuerySchema } from '../contracts/statistics.schema.js';
import { householdSearchSchema } from '../contracts/case.schema.js';
import type { Access, Operation, OperationGroup } from './operation.js';

export type { Operation } from './operation.js';
import { campaignAdminOps, campaignOps } from './routes/campaign.routes.js';
import { payrollOps, publicPaymentOps, recipientOps, standardsAdminOps, standardsOps } from './routes/money.routes.js';
import { priceOps } from './routes/price.routes.js';
import { standardAdjustmentOps } from './routes/standard-adjustment.routes.js';
import { reviewOps } from './routes/review.routes.js';
import { installationOps } from './routes/installation.routes.js';
import { adminOps } from './routes/admin.routes.js';
import { directoryOps } from './routes/directory.routes.js';
import { monitorOps } from './routes/monitor.routes.js';
import { decisionOps } from './routes/decision.routes.js';
import { incidentOps } from './routes/incident.routes.js';
import { migrationOps } from './routes/migration.routes.js';

/** An operation not yet declared by its route module (server/operation.ts); the list shrinks as modules declare theirs. */
type UnboundOperation = Omit<Operation, 'status'> & { access: Access };

const alertListQuery = listQuerySchema.extend({ unread: z.enum(['true', 'false']).optional() });
/** 办理: the body is the form of the task's step, one of these. */
const taskCompleteBody = z.union(Object.values(APPLICATION_FORMS).map((f) => f.schema) as [z.ZodType, z.ZodType, ...z.ZodType[]]);
const conferenceCompleteBody = z.union(Object.values(CONFERENCE_TASK_FORMS) as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]);

/** Operations still declared here, apart from their routes. */
const UNBOUND: UnboundOperation[] = [
  { method: 'get', path: '/health', summary: '系统健康状态（数据库、流程引擎、工作进程）', access: 'public', changes: false },
  { method: 'get', path: '/openapi.json', summary: '本接口说明（OpenAPI 3.1）', access: 'public', changes: false },
  { method: 'post', path: '/auth/login', summary: '登录', access: 'public', body: loginSchema, changes: true },
  { method: 'post', path: '/auth/logout', summary: '退出登录', access: 'public', changes: true },
  { method: 'get', path: '/auth/me', summary: '当前用户', access: 'user', changes: false },
  { method: 'get', path: '/auth/session', summary: '当前会话：登录用户，未登录时为 null', access: 'public', changes: false },
  { method: 'post', path: '/auth/password', summary: '修改密码', access: 'user', body: changePasswordSchema, changes: true },
  { method: 'post', path: '/cases', summary: '窗口受理登记（社会救助申请）', access: ['clerk'], body: registerCaseSchema, changes: true },
  { method: 'post', path: '/cases/temporary', summary: '临时救助申请（窗口受理、村级主动发现或乡村振兴部门推送）', access: ['clerk', 'village', 'handler', 'head'], body: temporaryCaseSchema, changes: true },
  { method: 'get', path: '/cases', summary: '申请查询（受理编号、户主姓名、村、类型、当前环节、逾期、登记日期）', access: 'user', query: caseListQuerySchema, changes: false },
  { method: 'post', path: '/cases/:id/lookup-code', summary: '重新出具受理通知书（新查询码，原查询码失效）', access: ['clerk'], changes: true },
  { method: 'post', path: '/cases/:id/attachments', summary: '上传附件（材料扫描件、入户调查照片；请求体为文件本身，按内容判断类型）', access: ['clerk', 'village', 'handler', 'head'], query: uploadQuerySchema, changes: true },
  { method: 'get', path: '/cases/:id/attachments', summary: '案卷附件列表', access: 'user', changes: false },
  { method: 'get', path: '/cases/:id/attachments/:attachmentId', summary: '查看附件（留痕审计）', access: 'user', changes: false },
  { method: 'post', path: '/cases/:id/withdraw', summary: '申请人撤回', access: ['clerk'], body: withdrawSchema, changes: true },
  { method: 'get', path: '/cases/:id', summary: '案卷', access: 'user', changes: false },
  { method: 'post', path: '/cases/:id/reveal', summary: '查看完整个人信息（须说明理由，留痕审计）', access: 'user', body: revealSchema, changes: true },
  { method: 'get', path: '/tasks', summary: '待办', access: TASK_ROLES, query: inboxQuerySchema, changes: false },
  { method: 'get', path: '/tasks/copies', summary: '抄送我的', access: 'user', query: listQuerySchema, changes: false },
  { method: 'post', path: '/tasks/copies/:copyId/read', summary: '抄送标为已读', access: 'user', changes: true },
  { method: 'get', path: '/tasks/:id', summary: '任务', access: TASK_ROLES, changes: false },
  { method: 'get', path: '/tasks/:id/actions', summary: '任务可用的操作（转办、委派、加签的接收人，退回环节，委派与加签状态）', access: TASK_ROLES, changes: false },
  { method: 'post', path: '/tasks/:id/claim', summary: '签收', access: TASK_ROLES, changes: true },
  { method: 'post', path: '/tasks/:id/unclaim', summary: '取消签收', access: TASK_ROLES, changes: true },
  { method: 'post', path: '/tasks/:id/cosign', summary: '加签（请有权办理该任务的同事先签署意见）', access: TASK_ROLES, body: cosignSchema, changes: true },
  { method: 'post', path: '/tasks/:id/sign', summary: '签署加签意见', access: TASK_ROLES, body: signSchema, changes: true },
  { method: 'post', path: '/tasks/:id/recall', summary: '撤回已办结的环节（下一环节未签收时）', access: TASK_ROLES, body: recallSchema, changes: true },
  { method: 'post', path: '/tasks/:id/urge', summary: '手动催办', access: URGE_ROLES, body: urgeSchema, changes: true },
  { method: 'post', path: '/tasks/:id/transfer', summary: '转办', access: TASK_ROLES, body: transferSchema, changes: true },
  { method: 'post', path: '/tasks/:id/delegate', summary: '委派', access: TASK_ROLES, body: delegateSchema, changes: true },
  { method: 'post', path: '/tasks/:id/resolve', summary: '委派办结交回', access: TASK_ROLES, body: resolveSchema, changes: true },
  { method: 'post', path: '/tasks/:id/return', summary: '退回', access: TASK_ROLES, body: returnSchema, changes: true },
  { method: 'post', path: '/tasks/:id/copy', summary: '抄送', access: TASK_ROLES, body: copySchema, changes: true },
  { method: 'post', path: '/tasks/:id/complete', summary: '办理（表单随步骤而定）', access: TASK_ROLES, body: taskCompleteBody, changes: true },
  { method: 'post', path: '/conferences', summary: '提出联席会议议题', access: ['coordinator'], body: raiseConferenceSchema, changes: true },
  { method: 'get', path: '/conferences', summary: '议题列表', access: CONFERENCE_ROLES, query: conferenceListQuerySchema, changes: false },
  { method: 'get', path: '/conferences/:id', summary: '议题', access: CONFERENCE_ROLES, changes: false },
  { method: 'post', path: '/conferences/:id/tasks/:taskId/complete', summary: '办理联席会议任务（表单随步骤而定）', access: CONFERENCE_ROLES, body: conferenceCompleteBody, changes: true },
  { method: 'post', path: '/conferences/:id/items/:itemId/supervise', summary: '督办议定事项', access: ['coordinator', 'leader'], body: superviseSchema, changes: true },
  { method: 'get', path: '/public/notices', summary: '公示（无需登录）', access: 'public', changes: false },
  { method: 'get', path: '/public/policy-sheets', summary: '明白纸：各类救助（无需登录）', access: 'public', query: policySheetQuerySchema, changes: false },
  { method: 'get', path: '/public/policy-sheets/:kind', summary: '明白纸：一类救助的申请条件、所需材料、办理时限、现行标准、异议途径、咨询电话（无需登录）', access: 'public', query: policySheetQuerySchema, changes: false },
  { method: 'put', path: '/admin/policy-sheets/:kind', summary: '编辑明白纸（管理员）', access: ['admin'], body: policySheetSchema, changes: true },
  { method: 'post', path: '/public/lookup', summary: '求助有门：凭受理编号和查询码查询办理进度（无需登录）', access: 'public', body: lookupSchema, changes: true },
  { method: 'post', path: '/public/notices/:noticeNo/objections', summary: '对公示提出异议（无需登录）', access: 'public', body: objectionSchema, changes: true },
  { method: 'get', path: '/alerts', summary: '我的预警', access: 'user', query: alertListQuery, changes: false },
  { method: 'post', path: '/alerts/ack-all', summary: '全部标为已读', access: 'user', changes: true },
  { method: 'post', path: '/alerts/:id/ack', summary: '标为已读', access: 'user', changes: true },
  { method: 'get', path: '/accountability', summary: '问责台账', access: ACCOUNTABILITY_ROLES, query: listQuerySchema, changes: false },
  { method: 'get', path: '/accountability/:id', summary: '问责记录', access: 'user', changes: false },
  { method: 'post', path: '/accountability/:id/explanation', summary: '情况说明', access: ['handler', 'head', 'village'], body: explanationSchema, changes: true },
  { method: 'post', path: '/accountability/:id/decision', summary: '问责处理决定', access: ['leader'], body: accountabilityDecisionSchema, changes: true },
  { method: 'get', path: '/campaigns', summary: '冬春救助（本县各季）', access: 'user', changes: false },
  { method: 'post', path: '/campaigns', summary: '启动本季冬春救助（同一县同一季只能启动一次）', access: ['handler', 'head', 'coordinator'], body: campaignStartSchema, changes: true },
  { method: 'get', path: '/campaigns/:id', summary: '冬春救助：各乡镇进度、摸底名单、审核审批意见、我的待办', access: 'user', changes: false },
  {
    method: 'post',
    path: '/campaigns/:id/tasks/:taskId/complete',
    summary: '村级摸底（只能列本村的户）、乡镇审核或县民政局、应急管理局审批',
    access: ['village', 'handler', 'head'],
    body: z.union([surveySchema, townshipReviewSchema, countyApprovalSchema]),
    changes: true,
  },
  { method: 'get', path: '/admin/campaign-start-day', summary: '冬春救助每季自动启动日', access: ['admin'], changes: false },
  { method: 'put', path: '/admin/campaign-start-day', summary: '修改冬春救助每季自动启动日（MM-DD）', access: ['admin'], body: campaignStartDaySchema, changes: true },
  { method: 'get', path: '/worklist/done', summary: '已办', access: TASK_ROLES, query: doneQuerySchema, changes: false },
  { method: 'get', path: '/worklist/initiated', summary: '我发起的', access: INITIATED_ROLES, query: initiatedQuerySchema, changes: false },
  { method: 'get', path: '/statistics', summary: '考核统计', access: STATISTICS_ROLES, query: statisticsQuerySchema, changes: false },
  { method: 'get', path: '/statistics/year', summary: '年度保障统计：按类别和乡镇的保障户数、每月新增与退出、定期核查按时完成情况', access: STATISTICS_ROLES, query: yearQuerySchema, changes: false },
  { method: 'get', path: '/statistics/export', summary: '考核统计导出（CSV，format=xlsx 为 Excel）', access: STATISTICS_ROLES, query: statisticsQuerySchema, changes: false },
  { method: 'get', path: '/meta', summary: '表单参考数据', access: 'user', changes: false },
  { method: 'get', path: '/households', summary: '已登记家庭（选择用）', access: ['clerk', 'coordinator', 'handler', 'head'], changes: false },
  { method: 'put', path: '/households/:id/facts', summary: '家庭情况变更（成员残疾、就学、疾病、就业、建档立卡/监测，家庭受灾情况；与年龄矛盾的拒绝）', access: ['clerk'], body: householdFactsSchema, changes: true },
  { method: 'post', path: '/households/search', summary: '按身份证号查找本辖区已登记家庭（号码和查询事由放在请求体中，留痕、限次）', access: ['clerk', 'village'], body: householdSearchSchema, changes: false },
  { method: 'get', path: '/roster/:village', summary: '村级名册（本人辖区内的村；可按类别、状态筛选、分页）', access: ['village', 'handler', 'head', 'coordinator', 'leader', 'admin'], query: ledgerQuerySchema, changes: false },
  { method: 'get', path: '/roster/:code/xlsx', summary: '村级名册导出（Excel，与页面同一筛选条件）', access: ['village', 'handler', 'head', 'coordinator', 'leader', 'admin'], query: ledgerQuerySchema, changes: false },
  { method: 'get', path: '/ledger/:township', summary: '乡镇台账（本人辖区内的乡镇；可按村、类别、状态筛选、分页）', access: ['village', 'handler', 'head', 'coordinator', 'leader', 'admin'], query: ledgerQuerySchema, changes: false },
  { method: 'get', path: '/ledger/:code/xlsx', summary: '乡镇台账导出（Excel，与页面同一筛选条件）', access: ['village', 'handler', 'head', 'coordinator', 'leader', 'admin'], query: ledgerQuerySchema, changes: false },
  { method: 'get', path: '/processes/:key/xml', summary: '流程图（BPMN XML）', access: 'user', changes: false },
];

/** The groups the route modules declare (server/operation.ts), in the order the app mounts them. */
const GROUPS: OperationGroup[] = [
  publicPaymentOps,
  installationOps,
  adminOps,
  directoryOps,
  standardsAdminOps,
  standardsOps,
  recipientOps,
  payrollOps,
  campaignOps,
  campaignAdminOps,
  priceOps,
  standardAdjustmentOps,
  reviewOps,
  monitorOps,
  decisionOps,
  incidentOps,
  migrationOps,
];

/** 201 for what creates a record (only for operations still declared here: the others declare their status). */
const CREATED = /^\/(cases(\/temporary)?|conferences|public\/notices\/:noticeNo\/objections|admin\/standards|payroll|public\/payment-results\/:runNo\/:township\/objections)$|\/(urge|copy|supervise)$/;

/** Every operation under /api. */
export const OPERATIONS: Operation[] = [
  ...GROUPS.flatMap((g) => g.operations),
  ...UNBOUND.filter((u) => !GROUPS.some((g) => g.operations.some((o) => o.method === u.method && o.path === u.path))).map((u): Operation => ({ ...u, status: u.method === 'post' && CREATED.test(u.path) ? 201 : 200 })),
];

const jsonSchema = (s: z.ZodType, io: 'input' | 'output' = 'input') => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
};

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ERROR_REF } } });

/** The OpenAPI 3.1 document (built once per process). */
let cached: Record<string, unknown> | undefined;
/** The Chinese name of an audited action ("POST /api/tasks/:id/claim" → 签收), from the operations' summaries; null when unknown. */
export function actionName(action: string): string | null {
  const [method = '', path = ''] = action.split(' ');
  const op = OPERATIONS.find((o) => o.method === method.toLowerCase() && `/api${o.path}` === path);
  return op ? op.summary.replace(/（.*）$/u, '') : null;
}

export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const oasPath = '/api' + op.path.replace(/:(\w+)/g, '{$1}');
    const params: unknown[] = [...op.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    if (op.query) {
      const q = jsonSchema(op.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {})) params.push({ name, in: 'query', required: (q.required ?? []).includes(name), schema });
    }
    const roles = op.access === 'public' ? '无需登录' : op.access === 'user' ? '任何已登录用户' : `角色：${op.access.join('、')}`;
    paths[oasPath] ??= {};
    paths[oasPath]![op.method] = {
      operationId: `${op.method}${op.path.replace(/[/:.-](\w)/g, (_m, c: string) => c.toUpperCase())}`,
      summary: op.summary,
      description: roles,
      'x-doudi-access': op.access,
      ...(op.access === 'public' ? { security: [] } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body) } } } } : {}),
      responses: {
        [String(op.status)]: { description: '成功', content: { 'application/json': { schema: op.response ? jsonSchema(op.response, 'output') : {} } } },
        '400': errorResponse('请求格式不正确（code 指明第一个不合格的字段）'),
        ...(op.access === 'public' ? {} : { '401': errorResponse('未登录或会话已过期'), '403': errorResponse('角色或部门无权执行此操作') }),
        '404': errorResponse('对象不存在或不可见'),
        '409': errorResponse('状态不允许此操作'),
        '503': errorResponse('数据库或流程引擎暂不可用，请稍后重试（DATABASE_UNAVAILABLE、ENGINE_UNAVAILABLE）'),
      },
    };
  }
  cached = {
    openapi: '3.1.0',
    info: { title: '兜底 社会救助跨部门协同平台 API', version: '0.1.0', description: '所有错误答复为 { code, message, hint?, field? }，message 为中文。' },
    servers: [{ url: '/' }],
    security: [{ session: [] }],
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'doudi_session' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['code', 'message'],
          properties: { code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' }, message: { type: 'string' }, hint: { type: 'string' }, field: { type: 'string' }, requestId: { type: 'string' } },
        },
      },
    },
    paths,
  };
  return cached;
}

/** What servedRoutes reads of express 5's router stack: routes, and mounted routers with their path. */
interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
  rawPath?: string;
}

/** The routes an express app serves under /api, as `METHOD /path` in express syntax (for the drift test). */
export function servedRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: RouterLayer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const m of Object.keys(layer.route.methods)) out.push(`${m.toUpperCase()} ${(prefix + layer.route.path).replace(/\/$/, '') || '/'}`);
      } else if (Array.isArray(layer.handle?.stack)) {
        walk(layer.handle.stack, prefix + (layer.rawPath && layer.rawPath !== '/' ? layer.rawPath : ''));
      }
    }
  };
  walk((app as unknown as { router: { stack: RouterLayer[] } }).router.stack, '');
  return out.filter((r) => r.split(' ')[1]!.startsWith('/api/')).sort();
}
