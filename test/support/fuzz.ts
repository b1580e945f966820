/**
 * A schema-driven HTTP fuzzer on fast-check: from an operation of the OpenAPI
 * description (/api/openapi.json) it generates hostile requests — wrong types,
 * missing and unknown fields, huge strings, control and unicode characters,
 * SQL and script injection, deep JSON, malformed JSON and wrong content types,
 * hostile path and query parameters.
 */
import fc from 'fast-check';
import { thePlatform } from './global-fixture.js';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
}

/** Values of roughly the schema's shape: the base the mutations start from. */
export function shaped(s: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => shaped(a, depth + 1)));
  if (s.allOf?.length) return shaped(s.allOf[0]!, depth + 1);
  switch (Array.isArray(s.type) ? s.type[0] : s.type) {
    case 'object': {
      const props = s.properties ?? {};
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) record[k] = shaped(v, depth + 1);
      return fc.record(record, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
    case 'array':
      return fc.array(shaped(s.items ?? {}, depth + 1), { minLength: Math.min(s.minItems ?? 0, 3), maxLength: Math.max(Math.min(s.minItems ?? 0, 3), Math.min(s.maxItems ?? 3, 3)) });
    case 'string':
      if (s.format === 'uuid') return fc.uuid();
      if (s.pattern) {
        try {
          return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= 200);
        } catch {
          /* a pattern JavaScript cannot read: fall through */
        }
      }
      return fc.string({ minLength: Math.min(s.minLength ?? 0, 40), maxLength: Math.max(Math.min(s.minLength ?? 0, 40), Math.min(s.maxLength ?? 20, 40)) });
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Strings that have broken servers before. */
export const NASTY_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE assistance_case; --",
  '1; SELECT pg_sleep(5)',
  '" OR ""="',
  "<script>alert('兜底')</script>",
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Log4Shell-style payload, sent as literal text
  '${jndi:ldap://127.0.0.1/a}',
  '{{7*7}}',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  'a\u0000b',
  '\u202e\u0635\u0644',
  '\ud800',
  '\uffff\ufffe',
  '😀👨‍👩‍👧',
  '𠜎𠜱𠝹',
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  '-1',
  '9'.repeat(40),
  '0x7fffffff',
  'null',
  ' ',
  '\t\n\r\u000b\u000c',
  'SA-2026-000001',
  'GS-1',
  '139901100201',
];

/** Whole-body and field values that are wrong in type, size or content. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, -1e308, '', [], {}),
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  // huge strings: below and above the 256 kB body limit
  fc.constantFrom(20_000, 200_000).map((n) => 'A'.repeat(n)),
  fc.constant('兜'.repeat(100_000)),
  // deep JSON
  fc.integer({ min: 50, max: 2_000 }).map((d) => {
    let v: unknown = 'x';
    for (let i = 0; i < d; i++) v = i % 2 ? [v] : { a: v };
    return v;
  }),
  fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
);

/** A string for a path or query parameter. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...NASTY_STRINGS), fc.string({ unit: 'binary', maxLength: 40 }), fc.uuid(), fc.constantFrom('0', '-1', '99999999999999999999', '2026', 'x'.repeat(3_000)));

/** A body as sent: JSON, or raw text under some content type. */
export type FuzzBody = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; contentType: string; text: string };

/** Raw bodies: malformed JSON, deep nesting, and other content types. */
export const rawBody: fc.Arbitrary<FuzzBody> = fc.oneof(
  fc
    .constantFrom('{', '{"a":', '{"a" 1}', 'nul', "{'a':1}", '[1,]', '\u0000', '{"__proto__":{"admin":true}}', '"just a string"', '12', '['.repeat(100_000) + ']'.repeat(100_000))
    .map((text) => ({ kind: 'raw' as const, contentType: 'application/json', text })),
  fc
    .constantFrom(
      { contentType: 'text/plain', text: '{"username":"admin"}' },
      { contentType: 'application/x-www-form-urlencoded', text: 'username=admin&password=x&a[b]=c' },
      { contentType: 'multipart/form-data; boundary=zz', text: '--zz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--zz--\r\n' },
      { contentType: 'application/json; charset=utf-16', text: '{"a":1}' },
      { contentType: 'application/json; charset=latin1', text: '{"a":"\u00e9"}' },
      { contentType: 'application/xml', text: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>' },
      { contentType: 'application/json-patch+json', text: '[{"op":"remove","path":"/"}]' },
    )
    .map((r) => ({ kind: 'raw' as const, ...r })),
);

/**
 * Objects of the schema's shape with one thing wrong: a field replaced, a
 * required field dropped, an unknown field added, or a control character
 * (NUL …) slipped into a field that is otherwise right.
 */
export function mutatedBody(schema: JsonSchema): fc.Arbitrary<unknown> {
  return fc.tuple(shaped(schema), fc.nat(), hostileValue, fc.oneof(fc.constantFrom('__proto__', 'constructor', 'isAdmin', 'id', 'status'), fc.string({ minLength: 1, maxLength: 12 }))).map(([base, pick, bad, extraKey]) => {
    if (!base || typeof base !== 'object' || Array.isArray(base)) return bad;
    const obj = { ...(base as Record<string, unknown>) };
    const keys = Object.keys(obj);
    const mode = pick % 4;
    const key = keys[pick % Math.max(1, keys.length)];
    if (mode === 0 && key) obj[key] = bad;
    else if (mode === 1 && key) delete obj[key];
    else if (mode === 3 && key && typeof obj[key] === 'string') obj[key] = `${obj[key] as string}${['\u0000', '\u0001', '\u001b[31m', '\u007f'][pick % 4]}`;
    else Object.defineProperty(obj, extraKey, { value: bad, enumerable: true, configurable: true, writable: true });
    return obj;
  });
}

/** GET/POST to the engine's REST API with the platform's credentials (for counts the fuzz compares). */
export async function engineGet<T = any>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const { ENGINE_URL, ENGINE_USER, ENGINE_PASSWORD } = thePlatform().engineEnv;
  const res = await fetch(ENGINE_URL + path, {
    method: init.method ?? 'GET',
    headers: { Authorization: `Basic ${Buffer.from(`${ENGINE_USER}:${ENGINE_PASSWORD}`).toString('base64')}`, 'Content-Type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) throw new Error(`engine ${path}: ${res.status}`);
  return (await res.json()) as T;
}
