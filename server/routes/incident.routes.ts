/** /api/incidents: 流程故障 — failed external tasks and jobs for the admins, and their retry. */
import { Router } from 'express';
import { parseOrThrow } from '../../domain/validation.js';
import { requireUser } from '../middleware/auth.middleware.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';
import { incidentRetrySchema } from '../../contracts/process-admin.schema.js';

export function incidentRoutes(deps: AppDeps): Router {
  const r = Router();
  r.use(requireUser('admin'));
  const svc = deps.incidents;
  r.get(
    '/',
    json(async (req) => ({ items: await svc.list(req.user!) })),
  );
  r.post(
    '/retry',
    json(async (req) => svc.retry(req.user!, parseOrThrow(incidentRetrySchema, req.body, '重试请求').ids)),
  );
  return r;
}
