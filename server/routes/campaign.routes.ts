/** /api/campaigns (冬春救助: start, progress, the surveys, reviews and approvals) and /api/admin/campaign-start-day. */
import { Router } from 'express';
import { ForbiddenError } from '../../domain/errors.js';
import { CampaignService } from '../../domain/services/campaign.service.js';
import { parseOrThrow } from '../../domain/validation.js';
import { requireUser } from '../middleware/auth.middleware.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';
import { campaignStartDaySchema, campaignStartSchema } from '../../contracts/campaign.schema.js';

export function campaignRoutes(deps: AppDeps): Router {
  const r = Router();
  const svc = new CampaignService(deps.ds, deps.engine);
  r.get(
    '/',
    requireUser(),
    json(async (req) => svc.list(req.user!)),
  );
  // 手工启动本季: county civil affairs or the joint-conference office; a season already started is refused (409).
  r.post(
    '/',
    requireUser('handler', 'head', 'coordinator'),
    json(async (req, res) => {
      const u = req.user!;
      if (u.unitCode.length !== 6 || (u.role !== 'coordinator' && u.departmentCode !== 'civil')) throw new ForbiddenError('CAMPAIGN_START_FORBIDDEN', '只有县民政部门或联席会议办公室可以启动冬春救助');
      const { season } = parseOrThrow(campaignStartSchema, req.body, '冬春救助');
      const c = await svc.start(u.unitCode, season, u.displayName);
      res.locals.auditTarget = c.campaignNo;
      res.status(201);
      return { id: c.id, campaignNo: c.campaignNo, season: c.season, status: c.status };
    }),
  );
  r.get(
    '/:id',
    requireUser(),
    json(async (req) => svc.detail(req.user!, String(req.params.id))),
  );
  r.post(
    '/:id/tasks/:taskId/complete',
    requireUser('village', 'handler', 'head'),
    json(async (req, res) => {
      res.locals.auditTarget = String(req.params.id);
      return svc.completeTask(req.user!, String(req.params.id), String(req.params.taskId), req.body);
    }),
  );
  return r;
}

/** /api/admin/campaign-start-day: the day (MM-DD) each season's campaign starts by itself. */
export function campaignAdminRoutes(deps: AppDeps): Router {
  const r = Router();
  const svc = new CampaignService(deps.ds);
  r.get(
    '/campaign-start-day',
    requireUser('admin'),
    json(async () => ({ day: await svc.startDay() })),
  );
  r.put(
    '/campaign-start-day',
    requireUser('admin'),
    json(async (req) => {
      const { day } = parseOrThrow(campaignStartDaySchema, req.body, '启动日');
      await svc.setStartDay(day, req.user!.displayName);
      return { day };
    }),
  );
  return r;
}
