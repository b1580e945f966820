/** /api/monitor: per-activity counts for the coordinators' process diagram, and the instances at an activity. */
import { campaignMonitorSchema } from '../../contracts/answers/campaign.js';
import { monitorCountsSchema, monitorHeatSchema, monitorInstancesSchema } from '../../contracts/answers/process.js';
import { MONITOR_ROLES } from '../../contracts/roles.js';
import { countyCodeOf } from '../../domain/engine/contract.js';
import type { AppDeps } from '../app.js';
import { BadRequestError } from '../../domain/errors.js';
import { heatQuerySchema } from '../../contracts/process-admin.schema.js';
import { bind, type MountedRoutes, operations } from '../operation.js';

export const monitorOps = operations('/monitor', {
  // 冬春救助进度: the running campaigns of the user's county, per township (before /:key, which would take the path).
  campaigns: { method: 'get', path: '/campaigns', summary: '流程监控：本县进行中的冬春救助各乡镇进度（村已上报、逾期未报、待上报，乡镇审核）', access: MONITOR_ROLES, response: campaignMonitorSchema },
  heat: { method: 'get', path: '/:key/heat', summary: '流程监控热力：各环节等待时间的平均值和 90 分位（本县任务事实）', access: MONITOR_ROLES, query: heatQuerySchema, queryName: '统计区间', response: monitorHeatSchema },
  counts: { method: 'get', path: '/:key', summary: '流程监控：各环节在办、逾期、异常数', access: MONITOR_ROLES, response: monitorCountsSchema },
  instancesAt: { method: 'get', path: '/:key/activities/:activityId', summary: '流程监控：某环节的在办实例', access: MONITOR_ROLES, response: monitorInstancesSchema },
});

export function monitorRoutes(deps: AppDeps): MountedRoutes {
  return bind(
    monitorOps,
    {
      campaigns: async (req) => deps.campaigns.monitor(countyCodeOf(req.user!.unitCode)),
      heat: async (req, _res, input) => {
        const q = input.query();
        const to = q.to ?? new Date();
        const from = q.from ?? new Date(to.getTime() - 30 * 24 * 3600_000);
        if (from >= to) throw new BadRequestError('PERIOD_INVALID', '开始时间必须早于结束时间', 'from');
        return deps.monitor.heat(input.param('key'), from, to, countyCodeOf(req.user!.unitCode));
      },
      // The user's own county only.
      counts: async (req, _res, input) => deps.monitor.counts(input.param('key'), countyCodeOf(req.user!.unitCode)),
      instancesAt: async (req, _res, input) => ({ items: await deps.monitor.instancesAt(input.param('key'), input.param('activityId'), countyCodeOf(req.user!.unitCode)) }),
    },
    deps.bindOptions,
  );
}
