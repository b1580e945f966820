/**
 * The money loop: /api/admin/standards (救助标准, admins), /api/standards (read),
 * /api/recipients (在保对象), /api/payroll (月度发放, 代发文件, 回盘, 对账, 公示)
 * and /api/public/payment-results (发放结果公示, no login).
 */
import { objectionReceivedSchema, paymentNoticeSchema, paymentPublishedSchema, payrollReturnSchema, payrollTaskDoneSchema, recipientImportSchema } from '../../contracts/answers/money.js';
import {
  adminStandardsSchema,
  paymentArchiveSchema,
  payrollDetailSchema,
  payrollListSchema,
  payrollStartedSchema,
  recipientDetailSchema,
  recipientPageSchema,
  reconciliationSchema,
  standardAnswerSchema,
  standardsSchema,
} from '../../contracts/answers/money.js';
import { z } from 'zod';
import { countyCodeOf } from '../../domain/engine/contract.js';
import express from 'express';
import { ForbiddenError } from '../../domain/errors.js';

import { BadRequestError } from '../../domain/errors.js';

import { attachment } from './statistics.routes.js';
import { auditEntryOf } from '../middleware/audit.middleware.js';
import type { AppDeps } from '../app.js';
import { bind, type MountedRoutes, operations } from '../operation.js';
import {
  bankFileQuerySchema,
  failureResolutionSchema,
  payrollReviewSchema,
  publicResultsQuerySchema,
  recipientChangeSchema,
  recipientQuerySchema,
  standardSchema,
  standardsQuerySchema,
  startMonthSchema,
} from '../../contracts/money.schema.js';
import { objectionSchema } from '../../contracts/case.schema.js';
import { STANDARD_KIND_NAMES } from '../../contracts/kinds.js';

/** Largest upload accepted (a return file of a township, a county's recipient list). */
const RETURN_FILE_LIMIT = '50mb';

export const standardsAdminOps = operations('/admin', {
  list: { method: 'get', path: '/standards', summary: '救助标准（全部历史）', access: ['admin'], query: standardsQuerySchema, response: adminStandardsSchema },
  create: { method: 'post', path: '/standards', summary: '设定新的救助标准（自生效月份起执行，历史不可修改）', access: ['admin'], body: standardSchema, bodyName: '救助标准', status: 201, response: standardAnswerSchema },
});

/** /api/admin/standards: the history and a new standard (admins; mounted under /admin). */
export function standardsAdminRoutes(deps: AppDeps): MountedRoutes {
  const svc = deps.standards;
  return bind(
    standardsAdminOps,
    {
      // An administrator manages their own county's standards.
      list: async (req) => ({ items: await svc.list(countyCodeOf(req.user!.unitCode)), kinds: STANDARD_KIND_NAMES }),
      create: async (req, res, input) => {
        const s = await svc.create(input.body(), req.user!);
        res.locals.auditTarget = `${s.countyCode}/${s.kind}/${s.effectiveMonth}`;
        return s;
      },
    },
    deps.bindOptions,
  );
}

export const standardsOps = operations('/standards', {
  inForce: { method: 'get', path: '/', summary: '救助标准：某月执行标准和历史', access: 'user', query: standardsQuerySchema, response: standardsSchema },
});

/** /api/standards: the standards in force for a month and the history, for anyone logged in. */
export function standardsRoutes(deps: AppDeps): MountedRoutes {
  const svc = deps.standards;
  return bind(
    standardsOps,
    {
      inForce: async (req, _res, input) => {
        const q = input.query();
        const county = q.county ?? countyCodeOf(req.user!.unitCode);
        return { county, month: q.month ?? null, inForce: q.month ? await svc.inForce(county, q.month) : null, history: await svc.list(county) };
      },
    },
    deps.bindOptions,
  );
}

export const recipientOps = operations('/recipients', {
  list: { method: 'get', path: '/', summary: '在保对象名册', access: 'user', query: recipientQuerySchema, response: recipientPageSchema },
  import: { method: 'post', path: '/import', summary: '批量导入在保对象（CSV 或 XLSX，请求体为文件本身；逐行校验，全部导入或全部不导入）', access: ['handler', 'head'], response: recipientImportSchema },
  detail: { method: 'get', path: '/:id', summary: '在保对象及其变动记录', access: 'user', response: recipientDetailSchema },
  change: { method: 'post', path: '/:id/changes', summary: '在保对象变动（暂停、恢复、终止、调整金额，须写原因）', access: ['handler', 'head'], body: recipientChangeSchema, bodyName: '变动', response: recipientDetailSchema },
});

/** /api/recipients: the register (在保对象) and its changes. */
export function recipientRoutes(deps: AppDeps): MountedRoutes {
  const svc = deps.recipients;
  return bind(
    recipientOps,
    {
      list: async (req, _res, input) => svc.list(req.user!, input.query()),
      // 批量导入: the file itself is the body (CSV in GBK or UTF-8, or XLSX).
      import: {
        before: [express.raw({ type: ['text/csv', 'text/plain', 'application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], limit: RETURN_FILE_LIMIT })],
        handle: async (req) => {
          if (!Buffer.isBuffer(req.body)) throw new BadRequestError('IMPORT_FILE_REQUIRED', '请上传在保对象名册文件（CSV 或 XLSX）');
          return deps.recipientImport.import(req.user!, req.body);
        },
      },
      detail: async (req, _res, input) => svc.get(req.user!, input.param('id')),
      change: async (req, res, input) => {
        res.locals.auditTarget = input.param('id');
        return svc.change(req.user!, input.param('id'), input.body());
      },
    },
    deps.bindOptions,
  );
}

export const payrollOps = operations('/payroll', {
  list: { method: 'get', path: '/', summary: '月度发放批次', access: 'user', response: payrollListSchema },
  start: { method: 'post', path: '/', summary: '按月启动发放（同一月份只能启动一次）', access: ['handler', 'head'], body: startMonthSchema, bodyName: '发放月份', status: 201, response: payrollStartedSchema },
  detail: { method: 'get', path: '/:id', summary: '发放批次：各乡镇、审核意见、我的待办、失败明细', access: 'user', response: payrollDetailSchema },
  complete: {
    method: 'post',
    path: '/:id/tasks/:taskId/complete',
    summary: '民政审核、财政审核拨付或乡镇处理发放失败',
    access: ['handler', 'head'],
    body: z.union([payrollReviewSchema, failureResolutionSchema]),
    response: payrollTaskDoneSchema,
  },
  bankFile: { method: 'get', path: '/:id/bank-files/:township', summary: '代发文件（CSV 或 XLSX，县财政）', access: ['handler', 'head'], query: bankFileQuerySchema, queryName: '导出格式' },
  importReturn: { method: 'post', path: '/:id/returns/:township', summary: '导入银行回盘（CSV，GBK 或 UTF-8；请求体为文件本身，Content-Type: text/csv）', access: ['handler', 'head'], response: payrollReturnSchema },
  reconciliation: { method: 'get', path: '/:id/reconciliation', summary: '对账（按乡镇）和发放异常', access: 'user', response: reconciliationSchema },
  reconciliationExport: { method: 'get', path: '/:id/reconciliation/export', summary: '对账表导出（XLSX）', access: 'user' },
  publish: { method: 'post', path: '/:id/townships/:township/publish', summary: '乡镇财政所公示本乡镇发放结果', access: ['handler', 'head'], response: paymentPublishedSchema },
});

/** /api/payroll: monthly payrolls. */
export function payrollRoutes(deps: AppDeps): MountedRoutes {
  const payroll = deps.payroll;
  const files = deps.bankFiles;
  const recon = deps.reconciliation;
  const notices = deps.paymentNotices;
  return bind(
    payrollOps,
    {
      list: async (req) => payroll.list(req.user!),
      // 按月启动: county civil affairs; a month already started is refused (409).
      start: async (req, res, input) => {
        const u = req.user!;
        if (u.departmentCode !== 'civil' || u.unitCode.length !== 6) throw new ForbiddenError('PAYROLL_START_FORBIDDEN', '只有县民政部门可以启动月度发放');
        const { month } = input.body();
        const run = await payroll.start(u.unitCode, month, u.displayName);
        res.locals.auditTarget = run.runNo;
        return { id: run.id, runNo: run.runNo, month: run.month, status: run.status };
      },
      detail: async (req, _res, input) => payroll.detail(req.user!, input.param('id')),
      // The form is the step's: the service parses it.
      complete: async (req, res, input) => {
        res.locals.auditTarget = input.param('id');
        return payroll.completeTask(req.user!, input.param('id'), input.param('taskId'), req.body);
      },
      bankFile: async (req, res, input) => {
        const { format } = input.query();
        const { run, township } = await files.township(req.user!, input.param('id'), input.param('township'));
        const base = `代发文件-${run.month}-${township.name}`;
        // The file carries clear ID and card numbers for the bank: every export is written to the audit log first.
        await deps.audit.record(auditEntryOf(req, res, { status: 200, target: `${run.runNo}/${township.code}`, detail: JSON.stringify({ bankFile: format }) }));
        res.setHeader('Cache-Control', 'no-store');
        if (format === 'csv') {
          res.setHeader('Content-Type', 'text/csv; charset=utf-8');
          res.setHeader('Content-Disposition', attachment(`${base}.csv`, `bank-${run.month}-${township.code}.csv`));
          for await (const chunk of files.csv(run.id, township.code)) if (!res.write(chunk)) await new Promise((ok) => res.once('drain', ok));
          res.end();
          return;
        }
        res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        res.setHeader('Content-Disposition', attachment(`${base}.xlsx`, `bank-${run.month}-${township.code}.xlsx`));
        await files.xlsx(run.id, township.code, res);
      },
      importReturn: {
        before: [express.raw({ type: ['text/csv', 'text/plain', 'application/octet-stream'], limit: RETURN_FILE_LIMIT })],
        handle: async (req, res, input) => {
          if (!Buffer.isBuffer(req.body)) throw new BadRequestError('RETURN_FILE_REQUIRED', '请上传银行回盘文件（CSV，Content-Type: text/csv）');
          res.locals.auditTarget = `${input.param('id')}/${input.param('township')}`;
          return files.importReturn(req.user!, input.param('id'), input.param('township'), req.body);
        },
      },
      reconciliation: async (req, _res, input) => recon.report(req.user!, input.param('id')),
      reconciliationExport: async (req, res, input) => {
        const u = req.user!;
        if (!['civil', 'finance'].includes(u.departmentCode) && !['leader', 'coordinator'].includes(u.role)) throw new ForbiddenError('EXPORT_FORBIDDEN', '只有财政、民政部门和领导可以导出对账表');
        const file = await recon.xlsx(u, input.param('id'));
        res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        res.setHeader('Content-Disposition', attachment(file.filename, file.asciiFilename));
        res.setHeader('Cache-Control', 'no-store');
        await file.write(res);
      },
      publish: async (req, res, input) => {
        res.locals.auditTarget = `${input.param('id')}/${input.param('township')}`;
        return notices.publish(req.user!, input.param('id'), input.param('township'));
      },
    },
    deps.bindOptions,
  );
}

export const publicPaymentOps = operations('/public', {
  archive: { method: 'get', path: '/payment-results', summary: '发放结果公示：按月归档（无需登录）', access: 'public', response: paymentArchiveSchema },
  notice: { method: 'get', path: '/payment-results/:runNo/:township', summary: '某月某乡镇的发放结果公示（无需登录）', access: 'public', query: publicResultsQuerySchema, response: paymentNoticeSchema },
  object: { method: 'post', path: '/payment-results/:runNo/:township/objections', summary: '对发放结果公示提出异议（无需登录）', access: 'public', body: objectionSchema, bodyName: '异议', status: 201, response: objectionReceivedSchema },
});

/** /api/public/payment-results: 发放结果公示 without login (mounted under /public). */
export function publicPaymentRoutes(deps: AppDeps): MountedRoutes {
  const notices = deps.paymentNotices;
  return bind(
    publicPaymentOps,
    {
      archive: async () => notices.archive(),
      notice: async (_req, _res, input) => {
        const q = input.query();
        return notices.notice(input.param('runNo'), input.param('township'), q.page, q.pageSize);
      },
      object: async (_req, _res, input) => {
        const body = input.body();
        return notices.object(input.param('runNo'), input.param('township'), body.content, body.contact ?? null);
      },
    },
    deps.bindOptions,
  );
}
