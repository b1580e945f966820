/** The one error formatter: { code, message, hint?, field? }; internals are never sent. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { QueryFailedError } from 'typeorm';
import { HttpError } from '../../domain/errors.js';
import type { Logger } from '../../domain/logger.js';

export function errorMiddleware(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let status = 500;
    let body: Record<string, unknown> = { code: 'INTERNAL_ERROR', message: '系统内部错误，请联系管理员', requestId: req.requestId };
    if (err instanceof HttpError) {
      status = err.status;
      body = { code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}), ...(err.field ? { field: err.field } : {}) };
    } else if (err?.type === 'entity.parse.failed') {
      status = 400;
      body = { code: 'BODY_MALFORMED', message: '请求内容不是有效的 JSON' };
    } else if (err?.type === 'entity.too.large') {
      status = 413;
      body = { code: 'BODY_TOO_LARGE', message: '请求内容过大' };
    } else if (isDbDown(err)) {
      status = 503;
      body = { code: 'DATABASE_UNAVAILABLE', message: '数据库暂不可用，请稍后重试' };
    } else {
      log.error({ err, requestId: req.requestId, path: req.path }, 'unhandled error');
    }
    res.locals.errorCode = body.code;
    if (!res.headersSent) res.status(status).json(body);
  };
}

function isDbDown(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  if (err instanceof QueryFailedError) return false;
  return code === 'ECONNREFUSED' || code === '57P01' || code === '57P03' || /Connection terminated|timeout exceeded when trying to connect/i.test(String((err as Error)?.message));
}

/** 404 for unknown API routes. */
export const notFound: RequestHandler = (_req, res) => {
  res.status(404).json({ code: 'ROUTE_NOT_FOUND', message: '接口不存在' });
};
