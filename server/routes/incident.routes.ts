/** /api/incidents: 流程故障 — failed external tasks and jobs for the admins, and their retry. */
import { Router } from 'express';
import { z } from 'zod';
import { parseOrThrow } from '../../domain/validation.js';
import { requireUser } from '../middleware/auth.middleware.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';

export const incidentRetrySchema = z.strictObject({
  ids: z
    .array(z.string({ error: '故障编号必须是文本' }).regex(/^[\w-]{1,64}$/, { error: '故障编号格式不正确' }), { error: '请选择要重试的故障' })
    .min(1, { error: '请至少选择一条故障' })
    .max(200, { error: '一次最多重试 200 条故障' }),
});

export function incidentRoutes(deps: AppDeps): Router {
  const r = Router();
  r.use(requireUser('admin'));
  const svc = deps.incidents;
  r.get(
    '/',
    json(async (req) => ({ items: await svc.list(req.user!) })),
  );
  r.post(
    '/retry',
    json(async (req) => svc.retry(req.user!, parseOrThrow(incidentRetrySchema, req.body, '重试请求').ids)),
  );
  return r;
}
