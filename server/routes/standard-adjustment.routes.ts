/**
 * /api/standard-adjustments: 救助标准年度调整 — the history of each standard,
 * the yearly proposals, 民政提出方案 / 财政审核 / 县领导审批, starting a year by
 * hand (county civil affairs) and the county's adjustment day (admins).
 */
import { adjustmentTaskDoneSchema } from '../../contracts/answers/adjustment.js';
import { adjustmentDayAnswerSchema, adjustmentOverviewSchema, adjustmentStartedSchema } from '../../contracts/answers/adjustment.js';
import { z } from 'zod';
import { adjustmentDaySchema, adjustmentProposeSchema, adjustmentReviewSchema, adjustmentStartSchema } from '../../contracts/adjustment.schema.js';
import type { AppDeps } from '../app.js';
import { bind, type MountedRoutes, operations } from '../operation.js';

/** The bodies are parsed by StandardAdjustmentService; declared here for the description. */
export const standardAdjustmentOps = operations('/standard-adjustments', {
  overview: { method: 'get', path: '/', summary: '救助标准年度调整：各类标准的历史、各年度调整方案、我的待办、年度调整日', access: 'user', response: adjustmentOverviewSchema },
  start: { method: 'post', path: '/', summary: '县民政局手工启动某年度的标准调整（每县每年一次）', access: ['handler', 'head'], body: adjustmentStartSchema, status: 201, response: adjustmentStartedSchema },
  schedule: { method: 'put', path: '/schedule', summary: '设置本县年度调整日（MM-DD，管理员）', access: ['admin'], body: adjustmentDaySchema, response: adjustmentDayAnswerSchema },
  complete: {
    method: 'post',
    path: '/:id/tasks/:taskId/complete',
    summary: '民政提出调整方案、财政审核或县领导审批',
    access: ['handler', 'head', 'leader'],
    body: z.union([adjustmentProposeSchema, adjustmentReviewSchema]),
    response: adjustmentTaskDoneSchema,
  },
});

export function standardAdjustmentRoutes(deps: AppDeps): MountedRoutes {
  const svc = deps.standardAdjustments;
  return bind(
    standardAdjustmentOps,
    {
      overview: async (req) => svc.overview(req.user!),
      start: async (req, res) => {
        const p = await svc.startByHand(req.user!, req.body);
        res.locals.auditTarget = p.proposalNo;
        return p;
      },
      schedule: async (req) => svc.setAdjustmentDay(req.user!, req.body),
      complete: async (req, res, input) => {
        res.locals.auditTarget = input.param('id');
        return svc.completeTask(req.user!, input.param('id'), input.param('taskId'), req.body);
      },
    },
    deps.bindOptions,
  );
}
