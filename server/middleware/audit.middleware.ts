/** Audit log: every state-changing or refused request, and every case-file read, is recorded when its answer is sent (who, what, from where, outcome). */
import type { Request, RequestHandler, Response } from 'express';
import type { AuditService } from '../../domain/services/audit.service.js';
import type { AuditEntry } from '../../domain/entities/audit-entry.entity.js';
import type { Logger } from '../../domain/logger.js';

/** Fits a value into its audit column: control characters out (PostgreSQL refuses NUL), cut to the column's length. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are replaced before the value is stored
const clip = (v: unknown, max: number): string | null => (typeof v === 'string' && v ? v.replace(/[\u0000-\u001f\u007f]/gu, '?').slice(0, max) : null);

/** "METHOD /api/…/:param" while express is routing; the concrete path once it has unwound (refused before any route). */
export function routeName(req: Request): string {
  return req.route && req.baseUrl ? `${req.method} ${req.baseUrl}${req.route.path}` : `${req.method} ${req.originalUrl.split('?')[0]}`;
}

/** The audit line of a request: who (user, role, unit), what (action, target, detail), from where, outcome. */
export function auditEntryOf(req: Request, res: Response, over: Partial<AuditEntry> = {}): Partial<AuditEntry> {
  const u = req.user ?? (res.locals.user as typeof req.user);
  return {
    userId: u?.id ?? null,
    username: u?.username ?? clip(req.body?.username, 64),
    role: u?.role ?? null,
    unitCode: u?.unitCode ?? null,
    action: clip((res.locals.auditAction as string | undefined) ?? routeName(req), 200)!,
    target: clip((res.locals.auditTarget as string | undefined) ?? (req.params && Object.values(req.params).join('/')), 200),
    ip: clip(req.ip, 64),
    status: res.statusCode,
    code: (res.locals.errorCode as string | undefined) ?? null,
    detail: clip(res.locals.auditDetail, 4000),
    ...over,
    // A route's own values (a case number, an id from the path) go through the same clipping: a NUL in a path parameter must not lose the line.
    ...('target' in over ? { target: clip(over.target, 200) } : {}),
    ...('detail' in over ? { detail: clip(over.detail, 4000) } : {}),
  };
}

/** Answers that refuse the user (not logged in, not allowed, too many): audited whatever the method. */
const REFUSED = new Set([401, 403, 429]);

/**
 * Writes the audit line of every state-changing request, every refused
 * request (401, 403, 429, reads included) and every read a route marks with
 * `res.locals.auditRead` (a case file).
 */
export function auditMiddleware(audit: Pick<AuditService, 'record'>, log: Logger): RequestHandler {
  return (req, res, next) => {
    const read = req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS';
    res.on('finish', () => {
      // A route that wrote its own line before answering (the reveal of personal data) is not logged twice.
      if (res.locals.auditWritten) return;
      if (read && !res.locals.auditRead && !REFUSED.has(res.statusCode)) return;
      audit.record(auditEntryOf(req, res)).catch((err) => log.error({ err: (err as Error).message }, '审计日志写入失败'));
    });
    next();
  };
}
