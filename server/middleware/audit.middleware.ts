/** Audit log: every state-changing request is recorded when its answer is sent (who, what, from where, outcome). */
import type { RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import { AuditEntry } from '../../domain/entities/audit-entry.entity.js';
import type { Logger } from '../../domain/logger.js';

/** Fits a value into its audit column: control characters out (PostgreSQL refuses NUL), cut to the column's length. */
const clip = (v: unknown, max: number): string | null => (typeof v === 'string' && v ? v.replace(/[\u0000-\u001f\u007f]/gu, '?').slice(0, max) : null);

export function auditMiddleware(ds: DataSource, log: Logger): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    res.on('finish', () => {
      const u = req.user ?? (res.locals.user as typeof req.user);
      ds.getRepository(AuditEntry)
        .insert({
          userId: u?.id ?? null,
          username: u?.username ?? clip(req.body?.username, 64),
          role: u?.role ?? null,
          unitCode: u?.unitCode ?? null,
          action: clip(`${req.method} ${req.baseUrl}${req.route?.path ?? req.path}`, 200)!,
          target: clip((res.locals.auditTarget as string | undefined) ?? (req.params && Object.values(req.params).join('/')), 200),
          ip: clip(req.ip, 64),
          status: res.statusCode,
          code: (res.locals.errorCode as string | undefined) ?? null,
        })
        .catch((err) => log.error({ err: (err as Error).message }, '审计日志写入失败'));
    });
    next();
  };
}
