/** /api/cases: 窗口受理登记 and the case file. */
import { attachmentListSchema, attachmentSchema, caseFileSchema, lookupCodeSchema, registerResultSchema, revealResultSchema } from '../../contracts/answers/cases.js';
import { caseListPageSchema } from '../../contracts/lists.schema.js';
import { okSchema } from '../../contracts/answers/common.js';
import express from 'express';
import { registerCaseSchema } from '../../contracts/case.schema.js';
import { caseListQuerySchema } from '../../contracts/worklist.schema.js';

import { HttpError } from '../../domain/errors.js';
import type { RevealInput } from '../../domain/services/reveal.service.js';
import { auditEntryOf } from '../middleware/audit.middleware.js';

import type { AppDeps } from '../app.js';
import { bind, type MountedRoutes, operations } from '../operation.js';
import { revealSchema, temporaryCaseSchema, uploadQuerySchema, withdrawSchema } from '../../contracts/case.schema.js';

export const caseOps = operations('/cases', {
  register: { method: 'post', path: '/', summary: '窗口受理登记（社会救助申请）', access: ['clerk'], body: registerCaseSchema, bodyName: '受理登记信息', status: 201, response: registerResultSchema },
  temporary: {
    method: 'post',
    path: '/temporary',
    summary: '临时救助申请（窗口受理、村级主动发现或乡村振兴部门推送）',
    access: ['clerk', 'village', 'handler', 'head'],
    body: temporaryCaseSchema,
    bodyName: '临时救助申请',
    status: 201,
    response: registerResultSchema,
  },
  list: { method: 'get', path: '/', summary: '申请查询（受理编号、户主姓名、村、类型、当前环节、逾期、登记日期）', access: 'user', query: caseListQuerySchema, queryName: '查询条件', response: caseListPageSchema },
  withdraw: { method: 'post', path: '/:id/withdraw', summary: '申请人撤回', access: ['clerk'], body: withdrawSchema, bodyName: '撤回信息', response: okSchema },
  lookupCode: { method: 'post', path: '/:id/lookup-code', summary: '重新出具受理通知书（新查询码，原查询码失效）', access: ['clerk'], response: lookupCodeSchema },
  reveal: { method: 'post', path: '/:id/reveal', summary: '查看完整个人信息（须说明理由，留痕审计）', access: 'user', body: revealSchema, bodyName: '查看信息', response: revealResultSchema },
  upload: {
    method: 'post',
    path: '/:id/attachments',
    summary: '上传附件（材料扫描件、入户调查照片；请求体为文件本身，按内容判断类型）',
    access: ['clerk', 'village', 'handler', 'head'],
    query: uploadQuerySchema,
    queryName: '附件信息',
    status: 201,
    response: attachmentSchema,
  },
  attachments: { method: 'get', path: '/:id/attachments', summary: '案卷附件列表', access: 'user', response: attachmentListSchema },
  attachment: { method: 'get', path: '/:id/attachments/:attachmentId', summary: '查看附件（留痕审计）', access: 'user' },
  file: { method: 'get', path: '/:id', summary: '案卷', access: 'user', response: caseFileSchema },
});

export function caseRoutes(deps: AppDeps): MountedRoutes {
  const reveals = deps.reveals;
  // 附件: the raw body is the file (no multipart); type, size and scan are checked by content in the service.
  const rawUpload = express.raw({ type: () => true, limit: deps.cfg.uploadMaxBytes });
  return bind(
    caseOps,
    {
      register: async (req, res, input) => {
        const c = await deps.cases.register(input.body(), req.user!, deps.engine);
        res.locals.auditTarget = c.caseNo;
        return { id: c.id, caseNo: c.caseNo, status: c.status, processInstanceId: c.processInstanceId, lookupCode: c.lookupCode };
      },
      // 临时救助: the window, the village worker (主动发现) and the 乡村振兴 department (推送); the service refuses other departments.
      temporary: async (req, res, input) => {
        const c = await deps.temporary.register(input.body(), req.user!, deps.engine);
        res.locals.auditTarget = c.caseNo;
        return { id: c.id, caseNo: c.caseNo, status: c.status, processInstanceId: c.processInstanceId, lookupCode: c.lookupCode };
      },
      list: async (req, _res, input) => deps.caseFiles.list(req.user!, input.query()),
      withdraw: async (req, _res, input) => {
        const { reason } = input.body();
        await deps.cases.withdraw(req.user!, input.param('id'), reason, deps.engine);
        return { ok: true };
      },
      // 重新出具受理通知书: a new 查询码 (the old one stops working); the audit line names the case, never the code.
      lookupCode: async (req, res, input) => {
        const out = await deps.applicantLookup.reissue(req.user!, input.param('id'));
        res.locals.auditTarget = out.caseNo;
        res.setHeader('Cache-Control', 'no-store');
        return out;
      },
      // 查看完整个人信息: the audit line (who, role, unit, when, what, why, IP, outcome) is written before the value is sent.
      reveal: async (req, res, input) => {
        res.locals.auditWritten = true;
        const caseId = input.param('id');
        let body: RevealInput | undefined;
        const audit = async (status: number, code: string | null) =>
          deps.audit.record(
            auditEntryOf(req, res, {
              status,
              code,
              target: await reveals.caseNoOf(caseId),
              detail: JSON.stringify(body ? { field: body.field, memberId: body.memberId ?? null, reason: body.reason } : { invalid: true }),
            }),
          );
        try {
          body = input.body();
          const out = await reveals.reveal(req.user!, caseId, body);
          await audit(200, null);
          res.setHeader('Cache-Control', 'no-store');
          return out;
        } catch (err) {
          await audit(err instanceof HttpError ? err.status : 500, err instanceof HttpError ? err.code : 'INTERNAL').catch((e) => deps.log.error({ err: (e as Error).message }, '审计日志写入失败'));
          throw err;
        }
      },
      upload: {
        before: [
          (req, res, next) =>
            rawUpload(req, res, (err?: unknown) =>
              next((err as { type?: string } | undefined)?.type === 'entity.too.large' ? new HttpError(413, 'ATTACHMENT_TOO_LARGE', `文件不能超过 ${Math.floor(deps.cfg.uploadMaxBytes / 1024 / 1024)} MB`) : err),
            ),
        ],
        handle: async (req, res, input) => {
          const q = input.query();
          const out = await deps.attachments.upload(req.user!, input.param('id'), q, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
          res.locals.auditTarget = out.caseNo;
          return out.attachment;
        },
      },
      attachments: async (req, _res, input) => deps.attachments.list(req.user!, input.param('id')),
      // Reading a file is audited like a reveal: the line is written before the content is sent, refusals too.
      attachment: async (req, res, input) => {
        const caseId = input.param('id');
        const attachmentId = input.param('attachmentId');
        const audit = async (status: number, code: string | null, caseNo: string | null) => deps.audit.record(auditEntryOf(req, res, { status, code, target: caseNo, detail: JSON.stringify({ attachmentId }) }));
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
      },
      // 案卷: every read (and every refused one) is in the audit log; never kept by a browser or proxy cache.
      file: async (req, res, input) => {
        // Named here: a refusal is answered after routing has unwound, when the route's name is gone.
        Object.assign(res.locals, { auditRead: true, auditAction: 'GET /api/cases/:id', auditTarget: input.param('id') });
        res.setHeader('Cache-Control', 'no-store');
        const file = await deps.caseFiles.forUser(req.user!, input.param('id'));
        res.locals.auditTarget = file.caseNo;
        return file;
      },
    },
    deps.bindOptions,
  );
}
