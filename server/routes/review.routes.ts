/**
 * /api/reviews: 定期核查 — rounds started by hand, reports of a change
 * (情况变化报告), the reviews with their tasks, the written notice, and the
 * review frequencies per household class (admins).
 */
import { Router } from 'express';
import { ReviewService } from '../../domain/services/review.service.js';
import { ForbiddenError } from '../../domain/errors.js';
import { parseOrThrow } from '../../domain/validation.js';
import { requireUser } from '../middleware/auth.middleware.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';
import { frequencySchema, reviewQuerySchema, reviewReportSchema, reviewRoundSchema } from '../../contracts/review.schema.js';

export function reviewRoutes(deps: AppDeps): Router {
  const r = Router();
  const svc = new ReviewService(deps.ds, deps.engine);
  r.get(
    '/',
    requireUser(),
    json(async (req) => svc.list(req.user!, parseOrThrow(reviewQuerySchema, req.query, '查询条件'))),
  );
  r.get(
    '/overview',
    requireUser(),
    json(async (req) => svc.overview(req.user!)),
  );
  r.get(
    '/reportable',
    requireUser('village', 'clerk'),
    json(async (req) => svc.reportable(req.user!)),
  );
  // 按月启动: county civil affairs starts a month's round by hand (once per month, like the timer).
  r.post(
    '/rounds',
    requireUser('handler', 'head'),
    json(async (req, res) => {
      const u = req.user!;
      if (u.departmentCode !== 'civil' || u.unitCode.length !== 6) throw new ForbiddenError('REVIEW_ROUND_FORBIDDEN', '只有县民政部门可以启动定期核查');
      const { month } = parseOrThrow(reviewRoundSchema, req.body, '核查月份');
      const out = await svc.startRound(u.unitCode, month, u.displayName);
      res.locals.auditTarget = `${u.unitCode}/${month}`;
      res.status(201);
      return out;
    }),
  );
  r.post(
    '/reports',
    requireUser('village', 'clerk'),
    json(async (req, res) => {
      const v = await svc.report(req.user!, parseOrThrow(reviewReportSchema, req.body, '情况变化报告'));
      res.locals.auditTarget = v.reviewNo;
      res.status(201);
      return { id: v.id, reviewNo: v.reviewNo };
    }),
  );
  r.put(
    '/frequencies/:reviewClass',
    requireUser('admin'),
    json(async (req, res) => {
      const { months } = parseOrThrow(frequencySchema, req.body, '核查频次');
      await svc.setFrequency(String(req.params.reviewClass), months, req.user!.displayName);
      res.locals.auditTarget = String(req.params.reviewClass);
      return svc.overview(req.user!);
    }),
  );
  r.get(
    '/:id',
    requireUser(),
    json(async (req) => svc.get(req.user!, String(req.params.id))),
  );
  r.get(
    '/:id/notice',
    requireUser(),
    json(async (req) => svc.notice(req.user!, String(req.params.id))),
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
