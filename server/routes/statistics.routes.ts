/** /api/statistics: 考核/通报 figures per department and per step, as JSON or as a CSV / XLSX download. */
import { Router } from 'express';
import { statisticsQuerySchema } from '../../contracts/statistics.schema.js';
import { StatisticsService } from '../../domain/services/statistics.service.js';
import { YearStatisticsService } from '../../domain/services/year-statistics.service.js';
import { parseOrThrow } from '../../domain/validation.js';
import { requireUser } from '../middleware/auth.middleware.js';
import { STATISTICS_ROLES } from '../../contracts/roles.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';
import { yearQuerySchema } from '../../contracts/statistics.schema.js';

/** attachment; filename="<ascii>"; filename*=UTF-8''<percent-encoded Chinese name> (RFC 6266 / 5987). */
export function attachment(filename: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encoded}`;
}

export function statisticsRoutes(deps: AppDeps): Router {
  const r = Router();
  const svc = new StatisticsService(deps.ds, deps.engine);
  const readers = requireUser(...STATISTICS_ROLES);
  r.get(
    '/',
    readers,
    json(async (req) => {
      const q = parseOrThrow(statisticsQuerySchema, req.query, '统计条件');
      return svc.report(req.user!, q);
    }),
  );
  // 年度保障统计: coverage by kind and township, entries and exits per month, reviews on time.
  r.get(
    '/year',
    readers,
    json(async (req) => new YearStatisticsService(deps.ds).year(req.user!, parseOrThrow(yearQuerySchema, req.query, '统计年份').year)),
  );
  r.get('/export', readers, async (req, res) => {
    const q = parseOrThrow(statisticsQuerySchema, req.query, '导出条件');
    const file = await svc.exportFile(req.user!, q);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', attachment(file.filename, file.asciiFilename));
    res.setHeader('Cache-Control', 'no-store');
    res.send(file.content);
  });
  return r;
}
