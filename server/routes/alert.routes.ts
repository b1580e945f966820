/** /api/alerts (my alerts, acknowledge) and /api/accountability (问责台账). */
import { Router } from 'express';
import { listQuerySchema } from '../../contracts/case.schema.js';
import { AccountabilityService } from '../../domain/services/accountability.service.js';
import { AlertService } from '../../domain/services/alert.service.js';
import { parseOrThrow } from '../../domain/validation.js';
import { requireUser } from '../middleware/auth.middleware.js';
import { ACCOUNTABILITY_ROLES } from '../../contracts/roles.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';
import { accountabilityDecisionSchema, explanationSchema } from '../../contracts/task.schema.js';

export function alertRoutes(deps: AppDeps): Router {
  const r = Router();
  const alerts = new AlertService(deps.ds);
  r.get(
    '/',
    requireUser(),
    json(async (req) => {
      const { unread, ...rest } = req.query as Record<string, unknown>;
      const q = parseOrThrow(listQuerySchema, rest, '查询条件');
      return alerts.list(req.user!, q.page, q.pageSize, unread === 'true');
    }),
  );
  r.post(
    '/ack-all',
    requireUser(),
    json(async (req) => ({ acknowledged: await alerts.ackAll(req.user!) })),
  );
  r.post(
    '/:id/ack',
    requireUser(),
    json(async (req) => {
      await alerts.ack(req.user!, String(req.params.id));
      return { ok: true };
    }),
  );
  return r;
}

export function accountabilityRoutes(deps: AppDeps): Router {
  const r = Router();
  const svc = new AccountabilityService(deps.ds);
  r.get(
    '/',
    requireUser(...ACCOUNTABILITY_ROLES),
    json(async (req) => {
      const q = parseOrThrow(listQuerySchema, req.query, '查询条件');
      return svc.list(req.user!, q.page, q.pageSize);
    }),
  );
  r.get(
    '/:id',
    requireUser(),
    json(async (req) => svc.get(req.user!, String(req.params.id))),
  );
  r.post(
    '/:id/explanation',
    requireUser('handler', 'head', 'village'),
    json(async (req) => {
      const { explanation } = parseOrThrow(explanationSchema, req.body, '情况说明');
      return svc.explain(req.user!, String(req.params.id), explanation);
    }),
  );
  r.post(
    '/:id/decision',
    requireUser('leader'),
    json(async (req) => {
      const { decision, reason } = parseOrThrow(accountabilityDecisionSchema, req.body, '处理决定');
      return svc.decide(req.user!, String(req.params.id), decision, reason);
    }),
  );
  return r;
}
