/**
 * The OpenAPI 3.1 description of /api, served at GET /api/openapi.json. The
 * request schemas are generated (z.toJSONSchema) from the very zod schemas the
 * routes parse with, so they cannot drift; a test checks that every route the
 * express app serves is described here and nothing else. The fuzz test drives
 * every operation from this description.
 */
import type { Express } from 'express';
import { z } from 'zod';
import { healthSchema, openApiDocumentSchema } from '../contracts/answers/meta.js';
import type { Operation, OperationGroup } from './operation.js';
import { accountabilityOps, alertOps } from './routes/alert.routes.js';
import { adminOps } from './routes/admin.routes.js';
import { authOps } from './routes/auth.routes.js';
import { campaignAdminOps, campaignOps } from './routes/campaign.routes.js';
import { caseOps } from './routes/case.routes.js';
import { conferenceOps } from './routes/conference.routes.js';
import { decisionOps } from './routes/decision.routes.js';
import { directoryOps } from './routes/directory.routes.js';
import { incidentOps } from './routes/incident.routes.js';
import { installationOps } from './routes/installation.routes.js';
import { metaOps } from './routes/meta.routes.js';
import { migrationOps } from './routes/migration.routes.js';
import { monitorOps } from './routes/monitor.routes.js';
import { payrollOps, publicPaymentOps, recipientOps, standardsAdminOps, standardsOps } from './routes/money.routes.js';
import { adminPolicySheetOps, publicPolicySheetOps } from './routes/policy-sheet.routes.js';
import { priceOps } from './routes/price.routes.js';
import { publicOps } from './routes/public.routes.js';
import { reviewOps } from './routes/review.routes.js';
import { standardAdjustmentOps } from './routes/standard-adjustment.routes.js';
import { statisticsOps } from './routes/statistics.routes.js';
import { taskOps } from './routes/task.routes.js';
import { worklistOps } from './routes/worklist.routes.js';

export type { Operation } from './operation.js';

/** The two operations the app serves itself (server/app.ts), outside the route modules. */
const APP_OPERATIONS: Operation[] = [
  { method: 'get', path: '/health', summary: '系统健康状态（数据库、流程引擎、工作进程）', access: 'public', changes: false, status: 200, response: healthSchema },
  { method: 'get', path: '/openapi.json', summary: '本接口说明（OpenAPI 3.1）', access: 'public', changes: false, status: 200, response: openApiDocumentSchema },
];

/** The groups the route modules declare (server/operation.ts), in the order the app mounts them. */
const GROUPS: OperationGroup[] = [
  authOps,
  caseOps,
  taskOps,
  conferenceOps,
  publicOps,
  publicPaymentOps,
  publicPolicySheetOps,
  alertOps,
  accountabilityOps,
  installationOps,
  adminOps,
  directoryOps,
  standardsAdminOps,
  adminPolicySheetOps,
  standardsOps,
  recipientOps,
  payrollOps,
  campaignOps,
  campaignAdminOps,
  priceOps,
  standardAdjustmentOps,
  reviewOps,
  worklistOps,
  statisticsOps,
  monitorOps,
  decisionOps,
  incidentOps,
  migrationOps,
  metaOps,
];

/** Every operation under /api. */
export const OPERATIONS: Operation[] = [...APP_OPERATIONS, ...GROUPS.flatMap((g) => g.operations)];

/** A zod schema as JSON Schema: what it accepts (for an answer too: the server checks answers by parsing them, so an open object stays open). */
const jsonSchema = (s: z.ZodType) => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
};

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ERROR_REF } } });

/** The OpenAPI 3.1 document (built once per process). */
let cached: Record<string, unknown> | undefined;
/** Audited actions' Chinese names by `METHOD /api/path`, built at the first audit page read. */
let names: Map<string, string> | undefined;
/** The Chinese name of an audited action ("POST /api/tasks/:id/claim" → 签收), from the operations' summaries; null when unknown. */
export function actionName(action: string): string | null {
  names ??= new Map(OPERATIONS.map((o) => [`${o.method.toUpperCase()} /api${o.path}`, o.summary.replace(/（.*）$/u, '')]));
  const [method = '', path = ''] = action.split(' ');
  return names.get(`${method.toUpperCase()} ${path}`) ?? null;
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
        [String(op.status)]: { description: '成功', content: { 'application/json': { schema: op.response ? jsonSchema(op.response) : {} } } },
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
