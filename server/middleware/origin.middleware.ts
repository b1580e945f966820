/**
 * Cross-site request refusal beyond the SameSite cookie: a state-changing
 * request (and a socket.io handshake) whose Origin names another site than
 * the one it was sent to is refused. Requests without an Origin (curl, other
 * servers, same-origin GETs) are not browser cross-site requests and pass.
 */
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { ForbiddenError } from '../../domain/errors.js';

/** The host name of a Host header or URL host (without port, lower case). */
function hostName(host: string): string {
  return host
    .replace(/:\d+$/, '')
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
}

/**
 * True when the request may go on: no Origin, or an Origin on the host the
 * request was sent to (ports are not compared: a proxy's Host header drops them).
 */
export function originAllowed(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  if (origin === 'null' || !host) return false;
  try {
    return hostName(new URL(origin).host) === hostName(host);
  } catch {
    return false;
  }
}

/** socket.io's allowRequest: the handshake is refused from another site. */
export function socketOriginAllowed(req: IncomingMessage, callback: (err: string | null | undefined, ok: boolean) => void): void {
  callback(null, originAllowed(req.headers.origin, req.headers.host));
}

/** Refuses (403 ORIGIN_FORBIDDEN) a state-changing request sent from another site. */
export const checkOrigin: RequestHandler = (req, _res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
  if (!originAllowed(req.get('origin'), req.get('host'))) return next(new ForbiddenError('ORIGIN_FORBIDDEN', '请求来自其他网站，已拒绝'));
  next();
};
