/** /api/admin: users and roles, deployed process versions; county admins only (departments: installation.routes.ts). */
import { Router } from 'express';
import { createUserSchema, updateUserSchema, userListQuerySchema } from '../../contracts/admin.schema.js';
import { DirectoryService } from '../../domain/services/directory.service.js';
import { parseOrThrow } from '../../domain/validation.js';
import { requireUser } from '../middleware/auth.middleware.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';

export function directoryRoutes(deps: AppDeps): Router {
  const svc = new DirectoryService(deps.ds, deps.engine);
  const r = Router();
  r.use(requireUser('admin'));
  r.get(
    '/users',
    json(async (req) => svc.users(req.user!, parseOrThrow(userListQuerySchema, req.query, '查询条件'))),
  );
  r.post(
    '/users',
    json(async (req, res) => {
      const out = await svc.createUser(req.user!, parseOrThrow(createUserSchema, req.body, '账号信息'));
      res.locals.auditTarget = out.user.username;
      res.setHeader('Cache-Control', 'no-store');
      res.status(201);
      return out;
    }),
  );
  r.patch(
    '/users/:id',
    json(async (req, res) => {
      const user = await svc.updateUser(req.user!, String(req.params.id), parseOrThrow(updateUserSchema, req.body, '账号信息'));
      res.locals.auditTarget = `${user.username} ${Object.keys(req.body ?? {}).join(',')}`.slice(0, 200);
      return user;
    }),
  );
  r.post(
    '/users/:id/reset-password',
    json(async (req, res) => {
      const out = await svc.resetPassword(req.user!, String(req.params.id));
      res.locals.auditTarget = out.user.username;
      res.setHeader('Cache-Control', 'no-store');
      return out;
    }),
  );
  r.get(
    '/processes',
    json(async () => svc.processVersions()),
  );
  return r;
}
