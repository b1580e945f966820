/** /api/campaigns (冬春救助: start, progress, the surveys, reviews and approvals) and /api/admin/campaign-start-day. */
import { z } from 'zod';
import { campaignStartDaySchema, campaignStartSchema, countyApprovalSchema, surveySchema, townshipReviewSchema } from '../../contracts/campaign.schema.js';
import * as answers from '../../contracts/answers/campaign.js';
import { ForbiddenError } from '../../domain/errors.js';
import type { AppDeps } from '../app.js';
import { bind, type MountedRoutes, operations } from '../operation.js';

export const campaignOps = operations('/campaigns', {
  list: { method: 'get', path: '/', summary: '冬春救助（本县各季）', access: 'user', response: answers.campaignListSchema },
  start: {
    method: 'post',
    path: '/',
    summary: '启动本季冬春救助（同一县同一季只能启动一次）',
    access: ['handler', 'head', 'coordinator'],
    body: campaignStartSchema,
    bodyName: '冬春救助',
    status: 201,
    response: answers.campaignStartedSchema,
  },
  detail: { method: 'get', path: '/:id', summary: '冬春救助：各乡镇进度、摸底名单、审核审批意见、我的待办', access: 'user', response: answers.campaignDetailSchema },
  complete: {
    method: 'post',
    path: '/:id/tasks/:taskId/complete',
    summary: '村级摸底（只能列本村的户）、乡镇审核或县民政局、应急管理局审批',
    access: ['village', 'handler', 'head'],
    body: z.union([surveySchema, townshipReviewSchema, countyApprovalSchema]),
    response: answers.campaignTaskDoneSchema,
  },
});

export function campaignRoutes(deps: AppDeps): MountedRoutes {
  const svc = deps.campaigns;
  return bind(
    campaignOps,
    {
      list: async (req) => svc.list(req.user!),
      // 手工启动本季: county civil affairs or the joint-conference office; a season already started is refused (409).
      start: async (req, res, input) => {
        const u = req.user!;
        if (u.unitCode.length !== 6 || (u.role !== 'coordinator' && u.departmentCode !== 'civil')) throw new ForbiddenError('CAMPAIGN_START_FORBIDDEN', '只有县民政部门或联席会议办公室可以启动冬春救助');
        const { season } = input.body();
        const c = await svc.start(u.unitCode, season, u.displayName);
        res.locals.auditTarget = c.campaignNo;
        return { id: c.id, campaignNo: c.campaignNo, season: c.season, status: c.status };
      },
      detail: async (req, _res, input) => svc.detail(req.user!, input.param('id')),
      // The form is the step's: the service parses it.
      complete: async (req, res, input) => {
        res.locals.auditTarget = input.param('id');
        return svc.completeTask(req.user!, input.param('id'), input.param('taskId'), req.body);
      },
    },
    deps.bindOptions,
  );
}

export const campaignAdminOps = operations('/admin', {
  startDay: { method: 'get', path: '/campaign-start-day', summary: '冬春救助每季自动启动日', access: ['admin'], response: answers.campaignStartDaySchema },
  setStartDay: { method: 'put', path: '/campaign-start-day', summary: '修改冬春救助每季自动启动日（MM-DD）', access: ['admin'], body: campaignStartDaySchema, bodyName: '启动日', response: answers.campaignStartDaySchema },
});

/** /api/admin/campaign-start-day: the day (MM-DD) each season's campaign starts by itself. */
export function campaignAdminRoutes(deps: AppDeps): MountedRoutes {
  const svc = deps.campaigns;
  return bind(
    campaignAdminOps,
    {
      startDay: async () => ({ day: await svc.startDay() }),
      setStartDay: async (req, _res, input) => {
        const { day } = input.body();
        await svc.setStartDay(day, req.user!.displayName);
        return { day };
      },
    },
    deps.bindOptions,
  );
}
