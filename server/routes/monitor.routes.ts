/** /api/monitor: per-activity counts for the coordinators' process diagram, and the instances at an activity. */
import { Router } from 'express';
import { requireUser } from '../middleware/auth.middleware.js';
import { MONITOR_ROLES } from '../../contracts/roles.js';
import { json } from './async.js';
import { countyCodeOf } from '../../domain/engine/contract.js';
import type { AppDeps } from '../app.js';
import { parseOrThrow } from '../../domain/validation.js';
import { BadRequestError } from '../../domain/errors.js';
import { CampaignService } from '../../domain/services/campaign.service.js';
import { heatQuerySchema } from '../../contracts/process-admin.schema.js';

export function monitorRoutes(deps: AppDeps): Router {
  const r = Router();
  r.use(requireUser(...MONITOR_ROLES));
  // 冬春救助进度: the running campaigns of the user's county, per township (before /:key, which would take the path).
  r.get(
    '/campaigns',
    json(async (req) => new CampaignService(deps.ds, deps.engine).monitor(countyCodeOf(req.user!.unitCode))),
  );
  r.get(
    '/:key/heat',
    json(async (req) => {
      const q = parseOrThrow(heatQuerySchema, req.query, '统计区间');
      const to = q.to ?? new Date();
      const from = q.from ?? new Date(to.getTime() - 30 * 24 * 3600_000);
      if (from >= to) throw new BadRequestError('PERIOD_INVALID', '开始时间必须早于结束时间', 'from');
      return deps.monitor.heat(String(req.params.key), from, to, countyCodeOf(req.user!.unitCode));
    }),
  );
  // The user's own county only.
  r.get(
    '/:key',
    json(async (req) => deps.monitor.counts(String(req.params.key), countyCodeOf(req.user!.unitCode))),
  );
  r.get(
    '/:key/activities/:activityId',
    json(async (req) => ({ items: await deps.monitor.instancesAt(String(req.params.key), String(req.params.activityId), countyCodeOf(req.user!.unitCode)) })),
  );
  return r;
}
