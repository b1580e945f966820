/** /api/monitor: per-activity counts for the coordinators' process diagram, and the instances at an activity. */
import { Router } from 'express';
import { requireUser } from '../middleware/auth.middleware.js';
import { json } from './async.js';
import { countyCodeOf } from '../../domain/engine/contract.js';
import type { AppDeps } from '../app.js';

export function monitorRoutes(deps: AppDeps): Router {
  const r = Router();
  r.use(requireUser('coordinator', 'leader'));
  // The user's own county only.
  r.get('/:key', json(async (req) => deps.monitor.counts(String(req.params.key), countyCodeOf(req.user!.unitCode))));
  r.get('/:key/activities/:activityId', json(async (req) => ({ items: await deps.monitor.instancesAt(String(req.params.key), String(req.params.activityId), countyCodeOf(req.user!.unitCode)) })));
  return r;
}
