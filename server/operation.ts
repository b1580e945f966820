/**
 * An API operation is declared once: method, path, who may call it, the zod schemas of its body,
 * query and success answer, and its summary. From that one declaration come the express route
 * (the access check, the parsing of body and query, the answer's status, and — in test mode — the
 * check of the answer against its schema) and the OpenAPI description (server/openapi.ts).
 *
 * A route module declares its operations with `operations(mount, { key: spec })` at module level
 * (so the OpenAPI document and the audit log's action names need no running server) and binds
 * handlers to them with `bind(group, handlers)`, where the compiler requires one handler per key.
 */
import { type Request, type RequestHandler, type Response, Router } from 'express';
import type { z } from 'zod';
import type { Role } from '../contracts/roles.js';
import { parseOrThrow } from '../domain/validation.js';
import { requireUser } from './middleware/auth.middleware.js';
import { json } from './routes/async.js';

/** Who may call an operation: nobody needs to log in (`public`), any logged-in user (`user`), or these roles. */
export type Access = 'public' | 'user' | readonly Role[];

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One operation as its route module declares it (path relative to the module's mount point). */
export interface OperationSpec {
  method: Method;
  /** Express syntax (`/:id/withdraw`), relative to the mount point; `/` is the mount point itself. */
  path: string;
  summary: string;
  access: Access;
  /** The JSON body (what the route parses, or for forms chosen by the step, every form it may be). */
  body?: z.ZodType;
  /** The body's name in refusals (“受理登记信息格式不正确”). */
  bodyName?: string;
  query?: z.ZodType;
  /** The query's name in refusals; 查询条件 unless given. */
  queryName?: string;
  /** The success answer's shape: described in OpenAPI and, in test mode, every answer is checked against it. */
  response?: z.ZodType;
  /** The success status (201 for what creates a record); 200 unless given. */
  status?: 200 | 201;
  /** Whether the operation changes state (its refusals are audited); every method but GET unless given. */
  changes?: boolean;
}

/** One operation with its path relative to /api (what OpenAPI and the tests read). */
export interface Operation extends OperationSpec {
  path: string;
  changes: boolean;
  status: 200 | 201;
}

/** The operations of one route module, keyed by name, with the mount point under /api. */
export interface OperationGroup<S extends Record<string, OperationSpec> = Record<string, OperationSpec>> {
  mount: string;
  specs: S;
  /** The declarations with their full path, in the order the routes are matched. */
  operations: Operation[];
}

/** Declares the operations of a route module mounted at `mount` (`/cases`, or `` for /api itself). */
export function operations<const S extends Record<string, OperationSpec>>(mount: string, specs: S): OperationGroup<S> {
  const list = Object.values(specs).map(
    (s): Operation => ({
      ...s,
      path: (mount + (s.path === '/' ? '' : s.path) || '/').replace(/(.)\/$/, '$1'),
      changes: s.changes ?? s.method !== 'get',
      status: s.status ?? 200,
    }),
  );
  return { mount, specs, operations: list };
}

type Parsed<T> = T extends z.ZodType ? z.infer<T> : never;

/** What a handler gets besides req and res: the declared body and query, parsed when it asks (so its own checks may come first). */
export interface OperationInput<S extends OperationSpec> {
  body(): Parsed<S['body']>;
  query(): Parsed<S['query']>;
  /** A path parameter as a string. */
  param(name: string): string;
}

export type OperationHandler<S extends OperationSpec> = (req: Request, res: Response, input: OperationInput<S>) => Promise<unknown>;

/** A handler with middleware run after the access check (a raw body parser for an upload). */
export interface HandlerWithMiddleware<S extends OperationSpec> {
  before: RequestHandler[];
  handle: OperationHandler<S>;
}

export type Handlers<S extends Record<string, OperationSpec>> = { [K in keyof S]: OperationHandler<S[K]> | HandlerWithMiddleware<S[K]> };

/** Answers checked against their declared schema (set by the app from the configuration: test mode only). */
export interface BindOptions {
  checkAnswers: boolean;
}

/**
 * The operations (`GET /cases/:id`) whose answer went through its declared schema in this process
 * (test mode only): test/integration/zz-answer-coverage.test.ts checks, at the end of a run, that
 * every declared answer met a real one.
 */
export const answersChecked = new Set<string>();

/** A bad answer of ours in test mode: a 500 naming the operation and the first field that does not fit. */
export class AnswerShapeError extends Error {
  constructor(op: Operation, issue: z.core.$ZodIssue) {
    super(`${op.method.toUpperCase()} /api${op.path}: the answer does not fit its declared schema at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    this.name = 'AnswerShapeError';
  }
}

/** The access check of a declaration. */
function accessCheck(access: Access): RequestHandler[] {
  if (access === 'public') return [];
  return [access === 'user' ? requireUser() : requireUser(...access)];
}

/** The express router of a group: one route per declaration, in declaration order, each with its handler. */
export function bind<S extends Record<string, OperationSpec>>(group: OperationGroup<S>, handlers: Handlers<S>, opts: BindOptions): MountedRoutes {
  const r = Router();
  const keys = Object.keys(group.specs) as (keyof S & string)[];
  keys.forEach((key, i) => {
    const spec = group.specs[key]!;
    const op = group.operations[i]!;
    const h: OperationHandler<S[typeof key]> | HandlerWithMiddleware<S[typeof key]> = handlers[key];
    const handle = 'handle' in h ? h.handle : h;
    const before = 'handle' in h ? h.before : [];
    r[spec.method](
      spec.path,
      ...accessCheck(spec.access),
      ...before,
      json(async (req, res) => {
        const input: OperationInput<S[typeof key]> = {
          body: () => (spec.body ? parseOrThrow(spec.body, req.body, spec.bodyName ?? '请求内容') : undefined) as never,
          query: () => (spec.query ? parseOrThrow(spec.query, req.query, spec.queryName ?? '查询条件') : undefined) as never,
          param: (name) => String(req.params[name] ?? ''),
        };
        const out = await handle(req, res, input);
        if (res.headersSent) return out;
        if (opts.checkAnswers && spec.response) {
          // Checked as the client receives it (dates as strings, undefined fields gone).
          const checked = spec.response.safeParse(JSON.parse(JSON.stringify(out ?? { ok: true })));
          if (!checked.success) throw new AnswerShapeError(op, checked.error.issues[0]!);
          answersChecked.add(`${op.method.toUpperCase()} ${op.path}`);
        }
        if (op.status !== 200) res.status(op.status);
        return out;
      }),
    );
  });
  return { mount: group.mount, router: r };
}

/** A bound group, for the app to mount at the group's own mount point. */
export interface MountedRoutes {
  mount: string;
  router: Router;
}
