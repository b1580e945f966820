/**
 * /api/reviews: 定期核查 — rounds started by hand, reports of a change
 * (情况变化报告), the reviews with their tasks, the written notice, and the
 * review frequencies per household class (admins).
 */
import { reviewDetailSchema, reviewNoticeSchema, reviewOverviewSchema, reviewPageSchema, reviewReportableSchema, reviewReportedSchema, reviewRoundStartedSchema, reviewTaskDoneSchema } from '../../contracts/answers/review.js';
import { z } from 'zod';
import { ForbiddenError } from '../../domain/errors.js';
import type { AppDeps } from '../app.js';
import { bind, type MountedRoutes, operations } from '../operation.js';
import { frequencySchema, reviewDecisionSchema, reviewQuerySchema, reviewReportSchema, reviewRoundSchema, reviewVisitSchema } from '../../contracts/review.schema.js';

export const reviewOps = operations('/reviews', {
  list: { method: 'get', path: '/', summary: '定期核查：核查列表（本辖区）', access: 'user', query: reviewQuerySchema, response: reviewPageSchema },
  overview: { method: 'get', path: '/overview', summary: '定期核查：核查频次和各月批次', access: 'user', response: reviewOverviewSchema },
  reportable: { method: 'get', path: '/reportable', summary: '可报告情况变化的在保对象（本村或本辖区）', access: ['village', 'clerk'], response: reviewReportableSchema },
  startRound: { method: 'post', path: '/rounds', summary: '按月启动定期核查（县民政；同一月份只能启动一次）', access: ['handler', 'head'], body: reviewRoundSchema, bodyName: '核查月份', status: 201, response: reviewRoundStartedSchema },
  report: {
    method: 'post',
    path: '/reports',
    summary: '报告在保对象情况变化（迁出、死亡、收入增加等），随即启动核查',
    access: ['village', 'clerk'],
    body: reviewReportSchema,
    bodyName: '情况变化报告',
    status: 201,
    response: reviewReportedSchema,
  },
  setFrequency: { method: 'put', path: '/frequencies/:reviewClass', summary: '设置某类家庭的核查频次（管理员）', access: ['admin'], body: frequencySchema, bodyName: '核查频次', response: reviewOverviewSchema },
  detail: { method: 'get', path: '/:id', summary: '核查详情：复核、入户复查、民政决定和我的待办', access: 'user', response: reviewDetailSchema },
  notice: { method: 'get', path: '/:id/notice', summary: '核查结论告知书', access: 'user', response: reviewNoticeSchema },
  complete: { method: 'post', path: '/:id/tasks/:taskId/complete', summary: '入户复查或民政核查决定', access: ['village', 'handler', 'head'], body: z.union([reviewVisitSchema, reviewDecisionSchema]), response: reviewTaskDoneSchema },
});

export function reviewRoutes(deps: AppDeps): MountedRoutes {
  const svc = deps.reviews;
  return bind(
    reviewOps,
    {
      list: async (req, _res, input) => svc.list(req.user!, input.query()),
      overview: async (req) => svc.overview(req.user!),
      reportable: async (req) => svc.reportable(req.user!),
      // 按月启动: county civil affairs starts a month's round by hand (once per month, like the timer).
      startRound: async (req, res, input) => {
        const u = req.user!;
        if (u.departmentCode !== 'civil' || u.unitCode.length !== 6) throw new ForbiddenError('REVIEW_ROUND_FORBIDDEN', '只有县民政部门可以启动定期核查');
        const { month } = input.body();
        const out = await svc.startRound(u.unitCode, month, u.displayName);
        res.locals.auditTarget = `${u.unitCode}/${month}`;
        return out;
      },
      report: async (req, res, input) => {
        const v = await svc.report(req.user!, input.body());
        res.locals.auditTarget = v.reviewNo;
        return { id: v.id, reviewNo: v.reviewNo };
      },
      setFrequency: async (req, res, input) => {
        const { months } = input.body();
        await svc.setFrequency(input.param('reviewClass'), months, req.user!.displayName);
        res.locals.auditTarget = input.param('reviewClass');
        return svc.overview(req.user!);
      },
      detail: async (req, _res, input) => svc.get(req.user!, input.param('id')),
      notice: async (req, _res, input) => svc.notice(req.user!, input.param('id')),
      // The form is the step's: the service parses it.
      complete: async (req, res, input) => {
        res.locals.auditTarget = input.param('id');
        return svc.completeTask(req.user!, input.param('id'), input.param('taskId'), req.body);
      },
    },
    deps.bindOptions,
  );
}
