/** /api/worklist: 已办 (tasks I or my department completed) and 我发起的 (cases I registered, matters I raised). */
import { Router } from 'express';
import { doneQuerySchema, initiatedQuerySchema } from '../../contracts/worklist.schema.js';
import { WorklistService } from '../../domain/services/worklist.service.js';
import { parseOrThrow } from '../../domain/validation.js';
import { requireUser } from '../middleware/auth.middleware.js';
import { INITIATED_ROLES, TASK_ROLES } from '../../contracts/roles.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';

export function worklistRoutes(deps: AppDeps): Router {
  const svc = new WorklistService(deps.ds, deps.engine);
  const r = Router();
  r.get(
    '/done',
    requireUser(...TASK_ROLES),
    json(async (req) => svc.done(req.user!, parseOrThrow(doneQuerySchema, req.query, '查询条件'))),
  );
  r.get(
    '/initiated',
    requireUser(...INITIATED_ROLES),
    json(async (req) => svc.initiated(req.user!, parseOrThrow(initiatedQuerySchema, req.query, '查询条件'))),
  );
  return r;
}
