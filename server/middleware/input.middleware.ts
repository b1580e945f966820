/**
 * Refuses request bodies and query strings carrying control characters other
 * than tab, line feed and carriage return: PostgreSQL cannot store NUL at all
 * (the request would fail deep inside a transaction), and the others are
 * never typed by a person.
 */
import type { RequestHandler } from 'express';
import { BadRequestError } from '../../domain/errors.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters (tab, LF, CR allowed) this guard refuses in request input
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

/**
 * Zero-width characters and bidirectional controls (U+200B–U+200F, U+202A–U+202E,
 * U+2060–U+2064, U+2066–U+2069, U+FEFF): invisible, they pad a text past its
 * length check or hide a reversed name; nobody types them on purpose.
 */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;

/**
 * Removes every invisible formatting character from the strings of a parsed
 * JSON value, in place (objects and arrays are walked with an explicit stack:
 * a body nested thousands deep must not overflow the call stack).
 */
export function stripInvisible<T>(value: T): T {
  if (typeof value === 'string') return value.replace(INVISIBLE, '') as T;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (!v || typeof v !== 'object') continue;
    const holder = v as Record<string, unknown>;
    for (const k of Object.keys(holder)) {
      const child = holder[k];
      if (typeof child === 'string') holder[k] = child.replace(INVISIBLE, '');
      else if (child && typeof child === 'object') stack.push(child);
    }
  }
  return value;
}

/** Strips invisible formatting characters from the body before any schema checks a length, then refuses control characters. */
export const rejectControlCharacters: RequestHandler = (req, _res, next) => {
  if (req.body && typeof req.body === 'object') req.body = stripInvisible(req.body);
  const at = controlCharacterAt(req.body) ?? controlCharacterAt(req.query);
  if (at !== undefined) return next(new BadRequestError('CONTROL_CHARACTERS', '请求内容包含不可见的控制字符，请删除后重试', at || undefined));
  next();
};
