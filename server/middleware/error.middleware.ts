/** The one error formatter: { code, message, hint?, field? }; internals are never sent. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { EngineUnavailableError } from '../../domain/engine/engine-client.js';
import { isDatabaseDown } from '../../domain/db/unavailable.js';
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
    } else if (err?.type === 'charset.unsupported' || err?.type === 'encoding.unsupported') {
      status = 415;
      body = { code: 'BODY_UNSUPPORTED', message: '请求内容须为 UTF-8 编码的 JSON' };
    } else if (err instanceof URIError) {
      // express could not percent-decode a path parameter (e.g. /api/cases/%ZZ)
      status = 400;
      body = { code: 'PATH_MALFORMED', message: '请求地址包含无法识别的字符' };
    } else if (isClientError(err)) {
      // any other refusal of express or the body parser (aborted upload, bad length …)
      status = (err as { status: number }).status;
      body = { code: 'REQUEST_MALFORMED', message: '请求格式不正确' };
    } else if (isDatabaseDown(err)) {
      status = 503;
      body = { code: 'DATABASE_UNAVAILABLE', message: '数据库暂不可用，请稍后重试' };
      log.info({ requestId: req.requestId, path: req.path, err: (err as Error).message }, '数据库不可用');
    } else if (err instanceof EngineUnavailableError) {
      status = 503;
      body = { code: 'ENGINE_UNAVAILABLE', message: '流程引擎暂不可用，请稍后重试' };
      log.info({ requestId: req.requestId, path: req.path, err: err.message }, '流程引擎不可用');
    } else {
      log.error({ err, requestId: req.requestId, path: req.path }, 'unhandled error');
    }
    res.locals.errorCode = body.code;
    if (!res.headersSent) res.status(status).json(body);
  };
}

/** A 4xx error that express or the body parser marked as safe to show. */
function isClientError(err: unknown): boolean {
  const e = err as { status?: unknown; expose?: unknown } | undefined;
  return typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true;
}

/** 404 for unknown API routes. */
export const notFound: RequestHandler = (_req, res) => {
  res.status(404).json({ code: 'ROUTE_NOT_FOUND', message: '接口不存在' });
};
