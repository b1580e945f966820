/** /api/incidents: 流程故障 — failed external tasks and jobs for the admins, and their retry. */
import { incidentRetriedSchema } from '../../contracts/answers/process.js';
import { incidentListSchema } from '../../contracts/answers/process.js';
import type { AppDeps } from '../app.js';
import { bind, type MountedRoutes, operations } from '../operation.js';
import { incidentRetrySchema } from '../../contracts/process-admin.schema.js';

export const incidentOps = operations('/incidents', {
  list: { method: 'get', path: '/', summary: '流程故障：失败的外部任务和作业（本辖区，管理员）', access: ['admin'], response: incidentListSchema },
  retry: { method: 'post', path: '/retry', summary: '重试流程故障（一条或多条）', access: ['admin'], body: incidentRetrySchema, bodyName: '重试请求', response: incidentRetriedSchema },
});

export function incidentRoutes(deps: AppDeps): MountedRoutes {
  const svc = deps.incidents;
  return bind(
    incidentOps,
    {
      list: async (req) => ({ items: await svc.list(req.user!) }),
      retry: async (req, _res, input) => svc.retry(req.user!, input.body().ids),
    },
    deps.bindOptions,
  );
}
