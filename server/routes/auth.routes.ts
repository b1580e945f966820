/** /api/auth: login, logout, who am I. */
import { Router } from 'express';
import { changePasswordSchema, loginSchema } from '../../contracts/case.schema.js';
import { Department } from '../../domain/entities/department.entity.js';
import { Unit } from '../../domain/entities/unit.entity.js';
import type { User } from '../../domain/entities/user.entity.js';
import { groupsOf } from '../../domain/services/auth.service.js';
import { countyCodeOf } from '../../domain/engine/contract.js';
import { parseOrThrow } from '../../domain/validation.js';
import { SESSION_COOKIE, requireUser } from '../middleware/auth.middleware.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';

async function profile(deps: AppDeps, u: User) {
  const county = countyCodeOf(u.unitCode);
  const [dept, unit, countyUnit] = await Promise.all([
    deps.ds.getRepository(Department).findOneBy({ code: u.departmentCode }),
    deps.ds.getRepository(Unit).findOneBy({ code: u.unitCode }),
    deps.ds.getRepository(Unit).findOneBy({ code: county }),
  ]);
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    department: { code: u.departmentCode, name: dept?.name ?? u.departmentCode },
    unit: { code: u.unitCode, name: unit?.name ?? u.unitCode },
    /** The county the account works in (the province for the 系统管理员（全省）), named in the menu's brand. */
    county: { code: county, name: countyUnit?.name ?? county },
    groups: groupsOf(u),
    mustChangePassword: u.mustChangePassword,
  };
}

export function authRoutes(deps: AppDeps): Router {
  const r = Router();
  r.post(
    '/login',
    json(async (req, res) => {
      const { username, password } = parseOrThrow(loginSchema, req.body, '登录信息');
      const { token, user, expiresAt } = await deps.auth.login(username, password, req.ip ?? '');
      res.locals.user = user;
      res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: deps.cfg.cookieSecure, expires: expiresAt, path: '/' });
      return profile(deps, user);
    }),
  );
  r.post(
    '/logout',
    json(async (req, res) => {
      await deps.auth.logout(req.cookies?.[SESSION_COOKIE]);
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    }),
  );
  r.get(
    '/me',
    requireUser(),
    json(async (req) => profile(deps, req.user!)),
  );
  // The web app's start-up probe: who is logged in, or nobody — 200 either way (the browser logs every 401 as an error).
  r.get(
    '/session',
    json(async (req) => ({ user: req.user ? await profile(deps, req.user) : null })),
  );
  r.post(
    '/password',
    requireUser(),
    json(async (req) => {
      const { oldPassword, newPassword } = parseOrThrow(changePasswordSchema, req.body, '密码');
      await deps.auth.changePassword(req.user!, req.cookies?.[SESSION_COOKIE], oldPassword, newPassword);
      return { ok: true };
    }),
  );
  return r;
}
