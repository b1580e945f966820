/**
 * 明白纸: /api/public/policy-sheets (no login: the kinds, one sheet) and
 * /api/admin/policy-sheets/:kind (admins replace a sheet's texts).
 */
import { Router } from 'express';
import { PolicySheetService } from '../../domain/services/policy-sheet.service.js';
import { parseOrThrow } from '../../domain/validation.js';
import { requireUser } from '../middleware/auth.middleware.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';
import { policySheetQuerySchema } from '../../contracts/admin.schema.js';

export function publicPolicySheetRoutes(deps: AppDeps): Router {
  const r = Router();
  const svc = new PolicySheetService(deps.ds, deps.cfg);
  r.get(
    '/policy-sheets',
    json(async (req) => svc.index(parseOrThrow(policySheetQuerySchema, req.query, '查询条件').county)),
  );
  r.get(
    '/policy-sheets/:kind',
    json(async (req) => svc.sheet(String(req.params.kind), parseOrThrow(policySheetQuerySchema, req.query, '查询条件').county)),
  );
  return r;
}

export function adminPolicySheetRoutes(deps: AppDeps): Router {
  const r = Router();
  const svc = new PolicySheetService(deps.ds, deps.cfg);
  r.put(
    '/policy-sheets/:kind',
    requireUser('admin'),
    json(async (req, res) => {
      res.locals.auditTarget = String(req.params.kind);
      return svc.save(req.user!, String(req.params.kind), req.body);
    }),
  );
  return r;
}
