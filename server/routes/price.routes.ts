/**
 * /api/price: 物价联动 — 发改 enters a month's price figures (or corrects them),
 * the county's months with their decisions and subsidies, 民政核算 and 财政审核
 * of a subsidy, and the county's linkage settings (admins).
 */
import { Router } from 'express';
import { PriceService } from '../../domain/services/price.service.js';
import { requireUser } from '../middleware/auth.middleware.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';

export function priceRoutes(deps: AppDeps): Router {
  const r = Router();
  const svc = new PriceService(deps.ds, deps.engine);
  r.get(
    '/',
    requireUser(),
    json(async (req) => svc.overview(req.user!)),
  );
  r.post(
    '/figures',
    requireUser('handler', 'head'),
    json(async (req, res) => {
      const f = await svc.enter(req.user!, req.body);
      res.locals.auditTarget = f.figureNo;
      res.status(201);
      return f;
    }),
  );
  r.put(
    '/settings',
    requireUser('admin'),
    json(async (req) => svc.setSettings(req.user!, req.body)),
  );
  r.get(
    '/subsidies/:id',
    requireUser(),
    json(async (req) => svc.subsidy(req.user!, String(req.params.id))),
  );
  r.post(
    '/subsidies/:id/tasks/:taskId/complete',
    requireUser('handler', 'head'),
    json(async (req, res) => {
      res.locals.auditTarget = String(req.params.id);
      return svc.completeTask(req.user!, String(req.params.id), String(req.params.taskId), req.body);
    }),
  );
  return r;
}
