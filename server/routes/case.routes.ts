/** /api/cases: 窗口受理登记 and the case file. */
import express, { Router } from 'express';
import { registerCaseSchema } from '../../contracts/case.schema.js';
import { caseListQuerySchema } from '../../contracts/worklist.schema.js';

import { parseOrThrow } from '../../domain/validation.js';
import { AuditEntry } from '../../domain/entities/audit-entry.entity.js';
import { HttpError } from '../../domain/errors.js';
import { ApplicantLookupService } from '../../domain/services/applicant-lookup.service.js';
import { RevealService, type RevealInput } from '../../domain/services/reveal.service.js';
import { auditEntryOf, routeName } from '../middleware/audit.middleware.js';

import { requireUser } from '../middleware/auth.middleware.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';
import { revealSchema, temporaryCaseSchema, uploadQuerySchema, withdrawSchema } from '../../contracts/case.schema.js';

export function caseRoutes(deps: AppDeps): Router {
  const r = Router();
  r.post(
    '/',
    requireUser('clerk'),
    json(async (req, res) => {
      const input = parseOrThrow(registerCaseSchema, req.body, '受理登记信息');
      const c = await deps.cases.register(input, req.user!, deps.engine);
      res.locals.auditTarget = c.caseNo;
      res.status(201);
      return { id: c.id, caseNo: c.caseNo, status: c.status, processInstanceId: c.processInstanceId, lookupCode: c.lookupCode };
    }),
  );
  // 临时救助: the window, the village worker (主动发现) and the 乡村振兴 department (推送); the service refuses other departments.
  r.post(
    '/temporary',
    requireUser('clerk', 'village', 'handler', 'head'),
    json(async (req, res) => {
      const input = parseOrThrow(temporaryCaseSchema, req.body, '临时救助申请');
      const c = await deps.temporary.register(input, req.user!, deps.engine);
      res.locals.auditTarget = c.caseNo;
      res.status(201);
      return { id: c.id, caseNo: c.caseNo, status: c.status, processInstanceId: c.processInstanceId, lookupCode: c.lookupCode };
    }),
  );
  r.get(
    '/',
    requireUser(),
    json(async (req) => {
      const q = parseOrThrow(caseListQuerySchema, req.query, '查询条件');
      return deps.caseFiles.list(req.user!, q);
    }),
  );
  r.post(
    '/:id/withdraw',
    requireUser('clerk'),
    json(async (req) => {
      const { reason } = parseOrThrow(withdrawSchema, req.body, '撤回信息');
      await deps.cases.withdraw(req.user!, String(req.params.id), reason, deps.engine);
      return { ok: true };
    }),
  );
  // 重新出具受理通知书: a new 查询码 (the old one stops working); the audit line names the case, never the code.
  r.post(
    '/:id/lookup-code',
    requireUser('clerk'),
    json(async (req, res) => {
      const out = await new ApplicantLookupService(deps.ds, deps.engine).reissue(req.user!, String(req.params.id));
      res.locals.auditTarget = out.caseNo;
      res.setHeader('Cache-Control', 'no-store');
      return out;
    }),
  );
  const reveals = new RevealService(deps.ds);
  // 查看完整个人信息: the audit line (who, role, unit, when, what, why, IP, outcome) is written before the value is sent.
  r.post(
    '/:id/reveal',
    requireUser(),
    json(async (req, res) => {
      res.locals.auditWritten = true;
      const caseId = String(req.params.id);
      let input: RevealInput | undefined;
      const audit = async (status: number, code: string | null) =>
        deps.ds.getRepository(AuditEntry).insert(
          auditEntryOf(req, res, {
            status,
            code,
            target: await reveals.caseNoOf(caseId),
            detail: JSON.stringify(input ? { field: input.field, memberId: input.memberId ?? null, reason: input.reason } : { invalid: true }),
          }),
        );
      try {
        input = parseOrThrow(revealSchema, req.body, '查看信息');
        const out = await reveals.reveal(req.user!, caseId, input);
        await audit(200, null);
        res.setHeader('Cache-Control', 'no-store');
        return out;
      } catch (err) {
        await audit(err instanceof HttpError ? err.status : 500, err instanceof HttpError ? err.code : 'INTERNAL').catch((e) => deps.log.error({ err: (e as Error).message }, '审计日志写入失败'));
        throw err;
      }
    }),
  );
  // 附件: the raw body is the file (no multipart); type, size and scan are checked by content in the service.
  const rawUpload = express.raw({ type: () => true, limit: deps.cfg.uploadMaxBytes });
  r.post(
    '/:id/attachments',
    requireUser('clerk', 'village', 'handler', 'head'),
    (req, res, next) =>
      rawUpload(req, res, (err?: unknown) =>
        next((err as { type?: string } | undefined)?.type === 'entity.too.large' ? new HttpError(413, 'ATTACHMENT_TOO_LARGE', `文件不能超过 ${Math.floor(deps.cfg.uploadMaxBytes / 1024 / 1024)} MB`) : err),
      ),
    json(async (req, res) => {
      const q = parseOrThrow(uploadQuerySchema, req.query, '附件信息');
      const out = await deps.attachments.upload(req.user!, String(req.params.id), q, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
      res.locals.auditTarget = out.caseNo;
      res.status(201);
      return out.attachment;
    }),
  );
  r.get(
    '/:id/attachments',
    requireUser(),
    json(async (req) => deps.attachments.list(req.user!, String(req.params.id))),
  );
  // Reading a file is audited like a reveal: the line is written before the content is sent, refusals too.
  r.get('/:id/attachments/:attachmentId', requireUser(), async (req, res) => {
    res.locals.auditAction = routeName(req);
    const caseId = String(req.params.id);
    const attachmentId = String(req.params.attachmentId);
    const audit = async (status: number, code: string | null, caseNo: string | null) => deps.ds.getRepository(AuditEntry).insert(auditEntryOf(req, res, { status, code, target: caseNo, detail: JSON.stringify({ attachmentId }) }));
    try {
      const { caseNo, row, content } = await deps.attachments.read(req.user!, caseId, attachmentId);
      await audit(200, null, caseNo);
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(row.fileName)}`);
      res.type(row.mimeType).send(content);
    } catch (err) {
      await audit(err instanceof HttpError ? err.status : 500, err instanceof HttpError ? err.code : 'INTERNAL', await reveals.caseNoOf(caseId)).catch((e) => deps.log.error({ err: (e as Error).message }, '审计日志写入失败'));
      throw err;
    }
  });
  // 案卷: every read (and every refused one) is in the audit log; never kept by a browser or proxy cache.
  r.get(
    '/:id',
    requireUser(),
    json(async (req, res) => {
      // Named here: a refusal is answered after routing has unwound, when the route's name is gone.
      Object.assign(res.locals, { auditRead: true, auditAction: 'GET /api/cases/:id', auditTarget: String(req.params.id) });
      res.setHeader('Cache-Control', 'no-store');
      const file = await deps.caseFiles.forUser(req.user!, String(req.params.id));
      res.locals.auditTarget = file.caseNo;
      return file;
    }),
  );
  return r;
}
