/**
 * The money loop: /api/admin/standards (救助标准, admins), /api/standards (read),
 * /api/recipients (在保对象), /api/payroll (月度发放, 代发文件, 回盘, 对账, 公示)
 * and /api/public/payment-results (发放结果公示, no login).
 */
import { countyCodeOf } from '../../domain/engine/contract.js';
import express, { Router } from 'express';
import { ForbiddenError } from '../../domain/errors.js';

import { BankFileService } from '../../domain/services/bank-file.service.js';
import { PaymentNoticeService } from '../../domain/services/payment-notice.service.js';
import { PayrollService } from '../../domain/services/payroll.service.js';
import { ReconciliationService } from '../../domain/services/reconciliation.service.js';
import { RecipientImportService } from '../../domain/services/recipient-import.service.js';
import { RecipientService } from '../../domain/services/recipient.service.js';
import { StandardService } from '../../domain/services/standard.service.js';
import { BadRequestError } from '../../domain/errors.js';
import { parseOrThrow } from '../../domain/validation.js';
import { requireUser } from '../middleware/auth.middleware.js';

import { attachment } from './statistics.routes.js';
import { AuditEntry } from '../../domain/entities/audit-entry.entity.js';
import { auditEntryOf } from '../middleware/audit.middleware.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';
import { bankFileQuerySchema, publicResultsQuerySchema, recipientChangeSchema, recipientQuerySchema, standardSchema, standardsQuerySchema, startMonthSchema } from '../../contracts/money.schema.js';
import { objectionSchema } from '../../contracts/case.schema.js';
import { STANDARD_KIND_NAMES } from '../../contracts/kinds.js';

/** Largest upload accepted (a return file of a township, a county's recipient list). */
const RETURN_FILE_LIMIT = '50mb';

/** /api/admin/standards: the history and a new standard (admins; mounted under /admin). */
export function standardsAdminRoutes(deps: AppDeps): Router {
  const r = Router();
  const svc = new StandardService(deps.ds);
  // An administrator manages their own county's standards.
  r.get(
    '/standards',
    requireUser('admin'),
    json(async (req) => ({ items: await svc.list(countyCodeOf(req.user!.unitCode)), kinds: STANDARD_KIND_NAMES })),
  );
  r.post(
    '/standards',
    requireUser('admin'),
    json(async (req, res) => {
      const s = await svc.create(parseOrThrow(standardSchema, req.body, '救助标准'), req.user!);
      res.locals.auditTarget = `${s.countyCode}/${s.kind}/${s.effectiveMonth}`;
      res.status(201);
      return s;
    }),
  );
  return r;
}

/** /api/standards: the standards in force for a month and the history, for anyone logged in. */
export function standardsRoutes(deps: AppDeps): Router {
  const r = Router();
  const svc = new StandardService(deps.ds);
  r.get(
    '/',
    requireUser(),
    json(async (req) => {
      const q = parseOrThrow(standardsQuerySchema, req.query, '查询条件');
      const county = q.county ?? countyCodeOf(req.user!.unitCode);
      return { county, month: q.month ?? null, inForce: q.month ? await svc.inForce(county, q.month) : null, history: await svc.list(county) };
    }),
  );
  return r;
}

/** /api/recipients: the register (在保对象) and its changes. */
export function recipientRoutes(deps: AppDeps): Router {
  const r = Router();
  const svc = new RecipientService(deps.ds);
  r.get(
    '/',
    requireUser(),
    json(async (req) => svc.list(req.user!, parseOrThrow(recipientQuerySchema, req.query, '查询条件'))),
  );
  // 批量导入: the file itself is the body (CSV in GBK or UTF-8, or XLSX).
  r.post(
    '/import',
    requireUser('handler', 'head'),
    express.raw({ type: ['text/csv', 'text/plain', 'application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], limit: RETURN_FILE_LIMIT }),
    json(async (req) => {
      if (!Buffer.isBuffer(req.body)) throw new BadRequestError('IMPORT_FILE_REQUIRED', '请上传在保对象名册文件（CSV 或 XLSX）');
      return new RecipientImportService(deps.ds).import(req.user!, req.body);
    }),
  );
  r.get(
    '/:id',
    requireUser(),
    json(async (req) => svc.get(req.user!, String(req.params.id))),
  );
  r.post(
    '/:id/changes',
    requireUser('handler', 'head'),
    json(async (req, res) => {
      res.locals.auditTarget = String(req.params.id);
      return svc.change(req.user!, String(req.params.id), parseOrThrow(recipientChangeSchema, req.body, '变动'));
    }),
  );
  return r;
}

/** /api/payroll: monthly payrolls. */
export function payrollRoutes(deps: AppDeps): Router {
  const r = Router();
  const payroll = new PayrollService(deps.ds, deps.engine);
  const files = new BankFileService(deps.ds, payroll);
  const recon = new ReconciliationService(deps.ds, payroll);
  const notices = new PaymentNoticeService(deps.ds, payroll);
  r.get(
    '/',
    requireUser(),
    json(async (req) => payroll.list(req.user!)),
  );
  // 按月启动: county civil affairs; a month already started is refused (409).
  r.post(
    '/',
    requireUser('handler', 'head'),
    json(async (req, res) => {
      const u = req.user!;
      if (u.departmentCode !== 'civil' || u.unitCode.length !== 6) throw new ForbiddenError('PAYROLL_START_FORBIDDEN', '只有县民政部门可以启动月度发放');
      const { month } = parseOrThrow(startMonthSchema, req.body, '发放月份');
      const run = await payroll.start(u.unitCode, month, u.displayName);
      res.locals.auditTarget = run.runNo;
      res.status(201);
      return { id: run.id, runNo: run.runNo, month: run.month, status: run.status };
    }),
  );
  r.get(
    '/:id',
    requireUser(),
    json(async (req) => payroll.detail(req.user!, String(req.params.id))),
  );
  r.post(
    '/:id/tasks/:taskId/complete',
    requireUser('handler', 'head'),
    json(async (req, res) => {
      res.locals.auditTarget = String(req.params.id);
      return payroll.completeTask(req.user!, String(req.params.id), String(req.params.taskId), req.body);
    }),
  );
  r.get('/:id/bank-files/:township', requireUser('handler', 'head'), async (req, res) => {
    const { format } = parseOrThrow(bankFileQuerySchema, req.query, '导出格式');
    const { run, township } = await files.township(req.user!, String(req.params.id), String(req.params.township));
    const base = `代发文件-${run.month}-${township.name}`;
    // The file carries clear ID and card numbers for the bank: every export is written to the audit log first.
    await deps.ds.getRepository(AuditEntry).insert(auditEntryOf(req, res, { status: 200, target: `${run.runNo}/${township.code}`, detail: JSON.stringify({ bankFile: format }) }));
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
  });
  r.post(
    '/:id/returns/:township',
    requireUser('handler', 'head'),
    express.raw({ type: ['text/csv', 'text/plain', 'application/octet-stream'], limit: RETURN_FILE_LIMIT }),
    json(async (req, res) => {
      if (!Buffer.isBuffer(req.body)) throw new BadRequestError('RETURN_FILE_REQUIRED', '请上传银行回盘文件（CSV，Content-Type: text/csv）');
      res.locals.auditTarget = `${req.params.id}/${req.params.township}`;
      return files.importReturn(req.user!, String(req.params.id), String(req.params.township), req.body);
    }),
  );
  r.get(
    '/:id/reconciliation',
    requireUser(),
    json(async (req) => recon.report(req.user!, String(req.params.id))),
  );
  r.get('/:id/reconciliation/export', requireUser(), async (req, res) => {
    const u = req.user!;
    if (!['civil', 'finance'].includes(u.departmentCode) && !['leader', 'coordinator'].includes(u.role)) throw new ForbiddenError('EXPORT_FORBIDDEN', '只有财政、民政部门和领导可以导出对账表');
    const file = await recon.xlsx(u, String(req.params.id));
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', attachment(file.filename, file.asciiFilename));
    res.setHeader('Cache-Control', 'no-store');
    await file.write(res);
  });
  r.post(
    '/:id/townships/:township/publish',
    requireUser('head', 'handler'),
    json(async (req, res) => {
      res.locals.auditTarget = `${req.params.id}/${req.params.township}`;
      return notices.publish(req.user!, String(req.params.id), String(req.params.township));
    }),
  );
  return r;
}

/** /api/public/payment-results: 发放结果公示 without login (mounted under /public). */
export function publicPaymentRoutes(deps: AppDeps): Router {
  const r = Router();
  const notices = new PaymentNoticeService(deps.ds, new PayrollService(deps.ds));
  r.get(
    '/payment-results',
    json(async () => notices.archive()),
  );
  r.get(
    '/payment-results/:runNo/:township',
    json(async (req) => {
      const q = parseOrThrow(publicResultsQuerySchema, req.query, '查询条件');
      return notices.notice(String(req.params.runNo), String(req.params.township), q.page, q.pageSize);
    }),
  );
  r.post(
    '/payment-results/:runNo/:township/objections',
    json(async (req, res) => {
      const body = parseOrThrow(objectionSchema, req.body, '异议');
      res.status(201);
      return notices.object(String(req.params.runNo), String(req.params.township), body.content, body.contact ?? null);
    }),
  );
  return r;
}
