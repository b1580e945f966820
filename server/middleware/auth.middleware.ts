/** Session authentication and role checks. */
import type { RequestHandler } from 'express';
import type { Role, User } from '../../domain/entities/user.entity.js';
import { ForbiddenError, UnauthorizedError } from '../../domain/errors.js';
import type { AuthService } from '../../domain/services/auth.service.js';
import { routeName } from './audit.middleware.js';

export const SESSION_COOKIE = 'doudi_session';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      user?: User;
      requestId: string;
    }
  }
}

/** Resolves the session cookie into req.user (or leaves it unset). */
export function sessionMiddleware(auth: AuthService): RequestHandler {
  return async (req, _res, next) => {
    try {
      const token = req.cookies?.[SESSION_COOKIE] as string | undefined;
      const user = await auth.resolve(token);
      if (user) req.user = user;
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** Requires a logged-in user, optionally with one of the given roles. */
export function requireUser(...roles: Role[]): RequestHandler {
  return (req, res, next) => {
    if (req.route) res.locals.auditAction ??= routeName(req);
    if (!req.user) return next(new UnauthorizedError());
    if (roles.length && !roles.includes(req.user.role)) return next(new ForbiddenError('ROLE_FORBIDDEN', '您的角色无权执行此操作'));
    next();
  };
}

/** What an account that must change its password may still do: see who it is, change the password, log out (and the public pages). */
const OPEN_WHILE_PASSWORD_CHANGE = new Set(['GET /auth/me', 'GET /auth/session', 'POST /auth/password', 'POST /auth/logout', 'POST /auth/login']);

/**
 * Seeded accounts (and accounts whose password an admin reset) must change
 * their password first: every other API route answers 403 PASSWORD_CHANGE_REQUIRED.
 */
export function passwordChangeGate(): RequestHandler {
  return (req, _res, next) => {
    if (!req.user?.mustChangePassword) return next();
    if (OPEN_WHILE_PASSWORD_CHANGE.has(`${req.method} ${req.path}`) || req.path.startsWith('/public/')) return next();
    next(new ForbiddenError('PASSWORD_CHANGE_REQUIRED', '首次登录须先修改初始密码，修改后才能使用系统'));
  };
}
