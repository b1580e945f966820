/** /api/versions: 版本与迁移 — deployed versions with their running instances, and migrating instances to a newer version; admins only. */
import { Router } from 'express';
import { MigrationService } from '../../domain/services/migration.service.js';
import { parseOrThrow } from '../../domain/validation.js';
import { requireUser } from '../middleware/auth.middleware.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';
import { migrationPlanSchema } from '../../contracts/process-admin.schema.js';
import { migrationRequestSchema } from '../../contracts/process-admin.schema.js';

export function migrationRoutes(deps: AppDeps): Router {
  const r = Router();
  r.use(requireUser('admin'));
  const svc = new MigrationService(deps.ds, deps.engine);
  r.get(
    '/',
    json(async (req) => svc.overview(req.user!)),
  );
  r.get(
    '/migrations',
    json(async (req) => svc.list(req.user!)),
  );
  r.get(
    '/migrations/:id',
    json(async (req) => svc.status(req.user!, String(req.params.id))),
  );
  r.post(
    '/plan',
    json(async (req) => (await svc.plan(parseOrThrow(migrationPlanSchema, req.body, '迁移方案'))).view),
  );
  // One audit line per migration: the versions and how many instances (the audit middleware writes it).
  r.post(
    '/migrations',
    json(async (req, res) => {
      const m = await svc.execute(req.user!, parseOrThrow(migrationRequestSchema, req.body, '迁移请求'));
      res.locals.auditTarget = `${m.processKey} v${m.sourceVersion}→v${m.targetVersion}`;
      res.locals.auditDetail = JSON.stringify({ migration: m.id, instances: m.instances.length });
      return m;
    }),
  );
  r.post(
    '/migrations/:id/rerun',
    json(async (req, res) => {
      const m = await svc.rerun(req.user!, String(req.params.id));
      res.locals.auditTarget = `${m.processKey} v${m.sourceVersion}→v${m.targetVersion}`;
      res.locals.auditDetail = JSON.stringify({ migration: m.id, rerunOf: m.rerunOf, instances: m.instances.length });
      return m;
    }),
  );
  r.get(
    '/:definitionId/instances',
    json(async (req) => svc.instances(req.user!, String(req.params.definitionId))),
  );
  return r;
}
