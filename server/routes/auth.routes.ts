/** /api/auth: login, logout, who am I. */
import { profileSchema, sessionSchema } from '../../contracts/answers/meta.js';
import { okSchema } from '../../contracts/answers/common.js';
import { changePasswordSchema, loginSchema } from '../../contracts/case.schema.js';
import type { User } from '../../domain/entities/user.entity.js';
import { groupsOf } from '../../domain/services/auth.service.js';
import { countyCodeOf } from '../../domain/engine/contract.js';
import { SESSION_COOKIE } from '../middleware/auth.middleware.js';
import type { AppDeps } from '../app.js';
import { bind, type MountedRoutes, operations } from '../operation.js';

async function profile(deps: AppDeps, u: User) {
  const county = countyCodeOf(u.unitCode);
  const names = await deps.directory.profileNames(u, county);
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    department: { code: u.departmentCode, name: names.department },
    unit: { code: u.unitCode, name: names.unit },
    /** The county the account works in (the province for the 系统管理员（全省）), named in the menu's brand. */
    county: { code: county, name: names.county },
    groups: groupsOf(u),
    mustChangePassword: u.mustChangePassword,
  };
}

export const authOps = operations('/auth', {
  login: { method: 'post', path: '/login', summary: '登录', access: 'public', body: loginSchema, bodyName: '登录信息', response: profileSchema },
  logout: { method: 'post', path: '/logout', summary: '退出登录', access: 'public', response: okSchema },
  me: { method: 'get', path: '/me', summary: '当前用户', access: 'user', response: profileSchema },
  session: { method: 'get', path: '/session', summary: '当前会话：登录用户，未登录时为 null', access: 'public', response: sessionSchema },
  password: { method: 'post', path: '/password', summary: '修改密码', access: 'user', body: changePasswordSchema, bodyName: '密码', response: okSchema },
});

export function authRoutes(deps: AppDeps): MountedRoutes {
  return bind(
    authOps,
    {
      login: async (req, res, input) => {
        const { username, password } = input.body();
        const { token, user, expiresAt } = await deps.auth.login(username, password, req.ip ?? '');
        res.locals.user = user;
        res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: deps.cfg.cookieSecure, expires: expiresAt, path: '/' });
        return profile(deps, user);
      },
      logout: async (req, res) => {
        await deps.auth.logout(req.cookies?.[SESSION_COOKIE]);
        res.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true };
      },
      me: async (req) => profile(deps, req.user!),
      // The web app's start-up probe: who is logged in, or nobody — 200 either way (the browser logs every 401 as an error).
      session: async (req) => ({ user: req.user ? await profile(deps, req.user) : null }),
      password: async (req, _res, input) => {
        const { oldPassword, newPassword } = input.body();
        await deps.auth.changePassword(req.user!, req.cookies?.[SESSION_COOKIE], oldPassword, newPassword);
        return { ok: true };
      },
    },
    deps.bindOptions,
  );
}
