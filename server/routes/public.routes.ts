/** /api/public: pages anyone may read without logging in (公示, 求助有门) and objections to 公示. */
import { Router } from 'express';
import { NotFoundError } from '../../domain/errors.js';
import { ApplicantLookupService } from '../../domain/services/applicant-lookup.service.js';
import { parseOrThrow } from '../../domain/validation.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';
import { lookupSchema, objectionSchema } from '../../contracts/case.schema.js';

export function publicRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get(
    '/notices',
    json(async () => ({ items: await deps.notices.list() })),
  );
  r.post(
    '/notices/:noticeNo/objections',
    json(async (req, res) => {
      const noticeNo = String(req.params.noticeNo);
      if (!/^GS-[\w-]{1,40}$/.test(noticeNo)) throw new NotFoundError('NOTICE_NOT_FOUND', '公示不存在');
      const body = parseOrThrow(objectionSchema, req.body, '异议');
      res.status(201);
      return deps.notices.object(noticeNo, body.content, body.contact ?? null);
    }),
  );
  // 求助有门: POST so the code stays out of URLs and logs; one answer for an unknown case and a wrong code.
  r.post(
    '/lookup',
    json(async (req, res) => {
      const input = parseOrThrow(lookupSchema, req.body, '查询信息');
      res.setHeader('Cache-Control', 'no-store');
      return new ApplicantLookupService(deps.ds, deps.engine).lookup(input, req.ip ?? '');
    }),
  );
  return r;
}
