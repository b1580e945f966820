/** /api/alerts (my alerts, acknowledge) and /api/accountability (问责台账). */
import { accountabilityDetailSchema, accountabilityPageSchema, ackAllSchema, alertPageSchema } from '../../contracts/answers/tasks.js';
import { okSchema } from '../../contracts/answers/common.js';
import { z } from 'zod';
import { listQuerySchema } from '../../contracts/case.schema.js';
import { parseOrThrow } from '../../domain/validation.js';
import { ACCOUNTABILITY_ROLES } from '../../contracts/roles.js';
import type { AppDeps } from '../app.js';
import { bind, type MountedRoutes, operations } from '../operation.js';
import { accountabilityDecisionSchema, explanationSchema } from '../../contracts/task.schema.js';

/** The alert list's query as described: the route reads `unread` itself and parses the rest with listQuerySchema. */
const alertListQuery = listQuerySchema.extend({ unread: z.enum(['true', 'false']).optional() });

export const alertOps = operations('/alerts', {
  list: { method: 'get', path: '/', summary: '我的预警', access: 'user', query: alertListQuery, response: alertPageSchema },
  ackAll: { method: 'post', path: '/ack-all', summary: '全部标为已读', access: 'user', response: ackAllSchema },
  ack: { method: 'post', path: '/:id/ack', summary: '标为已读', access: 'user', response: okSchema },
});

export function alertRoutes(deps: AppDeps): MountedRoutes {
  const alerts = deps.alerts;
  return bind(
    alertOps,
    {
      list: async (req) => {
        const { unread, ...rest } = req.query as Record<string, unknown>;
        const q = parseOrThrow(listQuerySchema, rest, '查询条件');
        return alerts.list(req.user!, q.page, q.pageSize, unread === 'true');
      },
      ackAll: async (req) => ({ acknowledged: await alerts.ackAll(req.user!) }),
      ack: async (req, _res, input) => {
        await alerts.ack(req.user!, input.param('id'));
        return { ok: true };
      },
    },
    deps.bindOptions,
  );
}

export const accountabilityOps = operations('/accountability', {
  list: { method: 'get', path: '/', summary: '问责台账', access: ACCOUNTABILITY_ROLES, query: listQuerySchema, queryName: '查询条件', response: accountabilityPageSchema },
  get: { method: 'get', path: '/:id', summary: '问责记录', access: 'user', response: accountabilityDetailSchema },
  explain: { method: 'post', path: '/:id/explanation', summary: '情况说明', access: ['handler', 'head', 'village'], body: explanationSchema, bodyName: '情况说明', response: accountabilityDetailSchema },
  decide: { method: 'post', path: '/:id/decision', summary: '问责处理决定', access: ['leader'], body: accountabilityDecisionSchema, bodyName: '处理决定', response: accountabilityDetailSchema },
});

export function accountabilityRoutes(deps: AppDeps): MountedRoutes {
  const svc = deps.accountability;
  return bind(
    accountabilityOps,
    {
      list: async (req, _res, input) => {
        const q = input.query();
        return svc.list(req.user!, q.page, q.pageSize);
      },
      get: async (req, _res, input) => svc.get(req.user!, input.param('id')),
      explain: async (req, _res, input) => {
        const { explanation } = input.body();
        return svc.explain(req.user!, input.param('id'), explanation);
      },
      decide: async (req, _res, input) => {
        const { decision, reason } = input.body();
        return svc.decide(req.user!, input.param('id'), decision, reason);
      },
    },
    deps.bindOptions,
  );
}
