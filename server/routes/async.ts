/** Express 5 forwards rejected promises to the error middleware; this only types handlers. */
import type { Request, Response } from 'express';
import { routeName } from '../middleware/audit.middleware.js';

export type AsyncHandler = (req: Request, res: Response) => Promise<unknown>;

/** Wraps a handler that returns a value: the value is sent as JSON. */
export function json(fn: (req: Request, res: Response) => Promise<unknown>): AsyncHandler {
  return async (req, res) => {
    // The audit line names the route as matched here: by the time the answer is sent, express has unwound req.baseUrl.
    if (req.route) res.locals.auditAction = routeName(req);
    const out = await fn(req, res);
    if (!res.headersSent) res.json(out ?? { ok: true });
  };
}
