/**
 * /api/price: 物价联动 — 发改 enters a month's price figures (or corrects them),
 * the county's months with their decisions and subsidies, 民政核算 and 财政审核
 * of a subsidy, the county's linkage settings (admins) and the rosters of its
 * other groups (民政).
 */
import { Router } from 'express';
import { PriceGroupsService } from '../../domain/services/price-groups.service.js';
import { PriceService } from '../../domain/services/price.service.js';
import { requireUser } from '../middleware/auth.middleware.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';

export function priceRoutes(deps: AppDeps): Router {
  const r = Router();
  const svc = new PriceService(deps.ds, deps.engine);
  const groups = new PriceGroupsService(deps.ds);
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
  r.get(
    '/groups',
    requireUser(),
    json(async (req) => groups.list(req.user!, typeof req.query.group === 'string' ? req.query.group : undefined)),
  );
  r.post(
    '/groups/members',
    requireUser('handler', 'head'),
    json(async (req, res) => {
      const m = await groups.add(req.user!, req.body);
      res.locals.auditTarget = m.id;
      res.status(201);
      return m;
    }),
  );
  r.post(
    '/groups/members/:id/end',
    requireUser('handler', 'head'),
    json(async (req, res) => {
      res.locals.auditTarget = String(req.params.id);
      return groups.end(req.user!, String(req.params.id), req.body);
    }),
  );
  return r;
}
