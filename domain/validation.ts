/** Turns a zod failure into a 400 whose code names the first failing field. */
import type { z } from 'zod';
import { BadRequestError } from './errors.js';

function toCode(path: PropertyKey[]): string {
  const parts = path.filter((p) => typeof p === 'string').map((p) => (p as string).replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase());
  return parts.length ? `${parts.join('_')}_INVALID` : 'BODY_INVALID';
}

/** Parses `input` or throws a BadRequestError for the first issue. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what = '请求内容'): z.infer<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    return fail(toCode(issue.path), `${what}包含未知字段：${(issue as { keys: string[] }).keys.join('、')}`, issue.path);
  }
  const message = issue.message && /[\u4e00-\u9fa5]/u.test(issue.message) ? issue.message : `${what}格式不正确`;
  return fail(toCode(issue.path), message, issue.path);
}

function fail(code: string, message: string, path: PropertyKey[]): never {
  throw new BadRequestError(code, message, path.map(String).join('.') || undefined);
}
