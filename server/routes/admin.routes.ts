/** /api/admin: the audit log; county admins only (time limits, settings and the calendar: installation.routes.ts). */
import { auditPageSchema } from '../../contracts/answers/admin.js';
import type { AppDeps } from '../app.js';
import { auditEntryOf } from '../middleware/audit.middleware.js';
import { bind, type MountedRoutes, operations } from '../operation.js';
import { attachment } from './statistics.routes.js';
import { auditQuerySchema } from '../../contracts/admin.schema.js';

export const adminOps = operations('/admin', {
  audit: { method: 'get', path: '/audit', summary: '审计日志', access: ['admin'], query: auditQuerySchema, response: auditPageSchema },
  auditExport: { method: 'get', path: '/audit/export', summary: '审计日志导出（CSV，导出本身留痕）', access: ['admin'], query: auditQuerySchema, queryName: '导出条件' },
});

export function adminRoutes(deps: AppDeps): MountedRoutes {
  // 审计日志: query and CSV export; an export is itself written to the log (what was filtered, how many rows).
  const audit = deps.audit;
  return bind(
    adminOps,
    {
      audit: async (req, _res, input) => {
        const page = await audit.list(req.user!, input.query());
        // openapi.ts imports this file's declarations: loaded when first needed, not at module load (a cycle)
        const { actionName } = await import('../openapi.js');
        return { ...page, items: page.items.map((e) => ({ ...e, actionName: actionName(e.action) })) };
      },
      auditExport: async (req, res, input) => {
        const q = input.query();
        const file = await audit.exportCsv(req.user!, q);
        await audit.record(auditEntryOf(req, res, { status: 200, target: 'audit_entry', detail: JSON.stringify({ export: { ...q, page: undefined, pageSize: undefined }, rows: file.rows }) }));
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', attachment(file.filename, file.asciiFilename));
        res.setHeader('Cache-Control', 'no-store');
        res.send(file.content);
      },
    },
    deps.bindOptions,
  );
}
