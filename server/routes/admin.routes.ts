/** /api/admin: the audit log; county admins only (time limits, settings and the calendar: installation.routes.ts). */
import { Router } from 'express';
import { z } from 'zod';
import { parseOrThrow } from '../../domain/validation.js';
import { requireUser } from '../middleware/auth.middleware.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';
import { AuditEntry } from '../../domain/entities/audit-entry.entity.js';
import { AuditService, auditQuerySchema } from '../../domain/services/audit.service.js';
import { auditEntryOf } from '../middleware/audit.middleware.js';
import { attachment } from './statistics.routes.js';

const unit = z.enum(['workday', 'hour'], { error: '时限单位只能是工作日（workday）或小时（hour）' });
export const ruleSchema = z.strictObject({
  amount: z.number({ error: '办理时限必须是数字' }).int({ error: '办理时限必须是整数' }).min(1, { error: '办理时限至少为 1' }).max(365, { error: '办理时限过长' }),
  unit,
  remindBeforeAmount: z.number({ error: '提前催办量必须是数字' }).int({ error: '提前催办量必须是整数' }).min(0, { error: '提前催办量不能为负数' }).max(365, { error: '提前催办量过大' }),
  remindBeforeUnit: unit,
  graceAmount: z.number({ error: '宽限期必须是数字' }).int({ error: '宽限期必须是整数' }).min(0, { error: '宽限期不能为负数' }).max(365, { error: '宽限期过长' }),
  graceUnit: unit,
});
export const calendarSchema = z.strictObject({
  holidays: z.array(z.string({ error: '日期格式应为 YYYY-MM-DD' }), { error: '节假日须为日期列表' }).max(366, { error: '日期过多' }),
  workdays: z.array(z.string({ error: '日期格式应为 YYYY-MM-DD' }), { error: '调休上班日须为日期列表' }).max(366, { error: '日期过多' }),
  source: z.string().trim().max(500, { error: '来源说明过长' }).optional(),
});

export function adminRoutes(deps: AppDeps): Router {
  const r = Router();
  r.use(requireUser('admin'));
  // 审计日志: query and CSV export; an export is itself written to the log (what was filtered, how many rows).
  const audit = new AuditService(deps.ds);
  r.get(
    '/audit',
    json(async (req) => {
      const page = await audit.list(req.user!, parseOrThrow(auditQuerySchema, req.query, '查询条件'));
      // openapi.ts imports this file's schemas: loaded when first needed, not at module load (a cycle)
      const { actionName } = await import('../openapi.js');
      return { ...page, items: page.items.map((e) => ({ ...e, actionName: actionName(e.action) })) };
    }),
  );
  r.get('/audit/export', async (req, res) => {
    const q = parseOrThrow(auditQuerySchema, req.query, '导出条件');
    const file = await audit.exportCsv(req.user!, q);
    await deps.ds.getRepository(AuditEntry).insert(auditEntryOf(req, res, { status: 200, target: 'audit_entry', detail: JSON.stringify({ export: { ...q, page: undefined, pageSize: undefined }, rows: file.rows }) }));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', attachment(file.filename, file.asciiFilename));
    res.setHeader('Cache-Control', 'no-store');
    res.send(file.content);
  });
  return r;
}
