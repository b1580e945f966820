/** /api/statistics: 考核/通报 figures per department and per step, as JSON or as a CSV / XLSX download. */
import { statisticsReportSchema, yearStatisticsSchema } from '../../contracts/answers/statistics.js';
import { statisticsQuerySchema } from '../../contracts/statistics.schema.js';
import { STATISTICS_ROLES } from '../../contracts/roles.js';
import type { AppDeps } from '../app.js';
import { bind, type MountedRoutes, operations } from '../operation.js';
import { yearQuerySchema } from '../../contracts/statistics.schema.js';

/** attachment; filename="<ascii>"; filename*=UTF-8''<percent-encoded Chinese name> (RFC 6266 / 5987). */
export function attachment(filename: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encoded}`;
}

export const statisticsOps = operations('/statistics', {
  report: { method: 'get', path: '/', summary: '考核统计', access: STATISTICS_ROLES, query: statisticsQuerySchema, queryName: '统计条件', response: statisticsReportSchema },
  year: {
    method: 'get',
    path: '/year',
    summary: '年度保障统计：按类别和乡镇的保障户数、每月新增与退出、定期核查按时完成情况',
    access: STATISTICS_ROLES,
    query: yearQuerySchema,
    queryName: '统计年份',
    response: yearStatisticsSchema,
  },
  export: { method: 'get', path: '/export', summary: '考核统计导出（CSV，format=xlsx 为 Excel）', access: STATISTICS_ROLES, query: statisticsQuerySchema, queryName: '导出条件' },
});

export function statisticsRoutes(deps: AppDeps): MountedRoutes {
  const svc = deps.statistics;
  return bind(
    statisticsOps,
    {
      report: async (req, _res, input) => svc.report(req.user!, input.query()),
      // 年度保障统计: coverage by kind and township, entries and exits per month, reviews on time.
      year: async (req, _res, input) => deps.yearStatistics.year(req.user!, input.query().year),
      export: async (req, res, input) => {
        const file = await svc.exportFile(req.user!, input.query());
        res.setHeader('Content-Type', file.contentType);
        res.setHeader('Content-Disposition', attachment(file.filename, file.asciiFilename));
        res.setHeader('Cache-Control', 'no-store');
        res.send(file.content);
      },
    },
    deps.bindOptions,
  );
}
