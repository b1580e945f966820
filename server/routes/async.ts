/** Express 5 forwards rejected promises to the error middleware; this only types handlers. */
import type { Request, Response } from 'express';

export type AsyncHandler = (req: Request, res: Response) => Promise<unknown>;

/** Wraps a handler that returns a value: the value is sent as JSON. */
export function json(fn: (req: Request, res: Response) => Promise<unknown>): AsyncHandler {
  return async (req, res) => {
    const out = await fn(req, res);
    if (!res.headersSent) res.json(out ?? { ok: true });
  };
}
