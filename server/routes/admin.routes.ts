/** /api/admin: the audit log; county admins only (time limits, settings and the calendar: installation.routes.ts). */
import { Router } from 'express';
import { parseOrThrow } from '../../domain/validation.js';
import { requireUser } from '../middleware/auth.middleware.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';
import { AuditEntry } from '../../domain/entities/audit-entry.entity.js';
import { AuditService } from '../../domain/services/audit.service.js';
import { auditEntryOf } from '../middleware/audit.middleware.js';
import { attachment } from './statistics.routes.js';
import { auditQuerySchema } from '../../contracts/admin.schema.js';

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
