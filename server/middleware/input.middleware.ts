/**
 * Refuses request bodies and query strings carrying control characters other
 * than tab, line feed and carriage return: PostgreSQL cannot store NUL at all
 * (the request would fail deep inside a transaction), and the others are
 * never typed by a person.
 */
import type { RequestHandler } from 'express';
import { BadRequestError } from '../../domain/errors.js';

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/u;

/** The path (a.b.0) of the first string in `value` (keys included) with a control character, or undefined. */
export function controlCharacterAt(value: unknown): string | undefined {
  const stack: { v: unknown; path: string }[] = [{ v: value, path: '' }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (CONTROL.test(v)) return path;
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        const p = path ? `${path}.${k}` : k;
        if (CONTROL.test(k)) return p;
        stack.push({ v: child, path: p });
      }
    }
  }
  return undefined;
}

export const rejectControlCharacters: RequestHandler = (req, _res, next) => {
  const at = controlCharacterAt(req.body) ?? controlCharacterAt(req.query);
  if (at !== undefined) return next(new BadRequestError('CONTROL_CHARACTERS', '请求内容包含不可见的控制字符，请删除后重试', at || undefined));
  next();
};
