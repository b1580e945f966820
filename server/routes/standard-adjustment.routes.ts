/**
 * /api/standard-adjustments: 救助标准年度调整 — the history of each standard,
 * the yearly proposals, 民政提出方案 / 财政审核 / 县领导审批, starting a year by
 * hand (county civil affairs) and the county's adjustment day (admins).
 */
import { Router } from 'express';
import { StandardAdjustmentService } from '../../domain/services/standard-adjustment.service.js';
import { requireUser } from '../middleware/auth.middleware.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';

export function standardAdjustmentRoutes(deps: AppDeps): Router {
  const r = Router();
  const svc = new StandardAdjustmentService(deps.ds, deps.engine);
  r.get(
    '/',
    requireUser(),
    json(async (req) => svc.overview(req.user!)),
  );
  r.post(
    '/',
    requireUser('handler', 'head'),
    json(async (req, res) => {
      const p = await svc.startByHand(req.user!, req.body);
      res.locals.auditTarget = p.proposalNo;
      res.status(201);
      return p;
    }),
  );
  r.put(
    '/schedule',
    requireUser('admin'),
    json(async (req) => svc.setAdjustmentDay(req.user!, req.body)),
  );
  r.post(
    '/:id/tasks/:taskId/complete',
    requireUser('handler', 'head', 'leader'),
    json(async (req, res) => {
      res.locals.auditTarget = String(req.params.id);
      return svc.completeTask(req.user!, String(req.params.id), String(req.params.taskId), req.body);
    }),
  );
  return r;
}
