/** /api/versions: 版本与迁移 — deployed versions with their running instances, and migrating instances to a newer version; admins only. */
import { migrationPlanViewSchema, migrationViewSchema } from '../../contracts/answers/process.js';
import { migrationListSchema, versionInstancesSchema, versionsOverviewSchema } from '../../contracts/answers/process.js';
import type { AppDeps } from '../app.js';
import { bind, type MountedRoutes, operations } from '../operation.js';
import { migrationPlanSchema, migrationRequestSchema } from '../../contracts/process-admin.schema.js';

export const migrationOps = operations('/versions', {
  overview: { method: 'get', path: '/', summary: '版本与迁移：各流程、决策的已部署版本及本县运行中实例数', access: ['admin'], response: versionsOverviewSchema },
  migrations: { method: 'get', path: '/migrations', summary: '本县的迁移记录', access: ['admin'], response: migrationListSchema },
  migration: { method: 'get', path: '/migrations/:id', summary: '迁移进度及每个实例的结果', access: ['admin'], response: migrationViewSchema },
  plan: { method: 'post', path: '/plan', summary: '生成并校验迁移方案（步骤对应关系，不迁移）', access: ['admin'], body: migrationPlanSchema, bodyName: '迁移方案', changes: false, response: migrationPlanViewSchema },
  migrate: { method: 'post', path: '/migrations', summary: '将运行中的实例迁移到较新版本（引擎批处理）', access: ['admin'], body: migrationRequestSchema, bodyName: '迁移请求', response: migrationViewSchema },
  rerun: { method: 'post', path: '/migrations/:id/rerun', summary: '重新迁移上次未迁移的实例', access: ['admin'], response: migrationViewSchema },
  instances: { method: 'get', path: '/:definitionId/instances', summary: '某一流程版本在本县运行中的实例及其所在环节', access: ['admin'], response: versionInstancesSchema },
});

export function migrationRoutes(deps: AppDeps): MountedRoutes {
  const svc = deps.migrations;
  return bind(
    migrationOps,
    {
      overview: async (req) => svc.overview(req.user!),
      migrations: async (req) => svc.list(req.user!),
      migration: async (req, _res, input) => svc.status(req.user!, input.param('id')),
      plan: async (_req, _res, input) => (await svc.plan(input.body())).view,
      // One audit line per migration: the versions and how many instances (the audit middleware writes it).
      migrate: async (req, res, input) => {
        const m = await svc.execute(req.user!, input.body());
        res.locals.auditTarget = `${m.processKey} v${m.sourceVersion}→v${m.targetVersion}`;
        res.locals.auditDetail = JSON.stringify({ migration: m.id, instances: m.instances.length });
        return m;
      },
      rerun: async (req, res, input) => {
        const m = await svc.rerun(req.user!, input.param('id'));
        res.locals.auditTarget = `${m.processKey} v${m.sourceVersion}→v${m.targetVersion}`;
        res.locals.auditDetail = JSON.stringify({ migration: m.id, rerunOf: m.rerunOf, instances: m.instances.length });
        return m;
      },
      instances: async (req, _res, input) => svc.instances(req.user!, input.param('definitionId')),
    },
    deps.bindOptions,
  );
}
