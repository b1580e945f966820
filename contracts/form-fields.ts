/**
 * A request schema's field read for a form: its length and number limits (an
 * input's `maxlength`, a number input's bounds) and the server's own message
 * for a typed value. The web's forms take their rules from here, so a limit
 * and its wording live once, in the schema the server parses with.
 */
import type { z } from 'zod';

/** The parts of a zod 4 schema's definition read here. */
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  checks?: { _zod: { def: CheckDef } }[];
}
interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  length?: number;
  value?: number;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional']);

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The field under its optional / nullable / default wrappers; for a pipe, its input side (what the user types). */
export function innerField(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    const def = defOf(s);
    if (WRAPPERS.has(def.type) && def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else return s;
  }
}

const checksOf = (schema: z.ZodType): CheckDef[] => (defOf(innerField(schema)).checks ?? []).map((c) => c._zod.def);

/** One atom of a simple pattern: a class, an escape or a plain character. */
const ATOM = /^(?:\[(?:\\.|[^\]\\])+\]|\\[dDwWsS]|\\.|[^\\[\](){}|*+?.^$])/u;
const QUANTIFIER = /^(?:\{(\d+)(?:,(\d+))?\}|\?)?/u;

/** The longest match of a sequence of atoms and groups, up to `)` or the end; undefined when unbounded or not understood. */
function longestOf(src: string): { max: number; rest: string } | undefined {
  let max = 0;
  let best = 0;
  let rest = src;
  while (rest && !rest.startsWith(')')) {
    if (rest.startsWith('|')) {
      best = Math.max(best, max);
      max = 0;
      rest = rest.slice(1);
      continue;
    }
    let width: number;
    if (rest.startsWith('(')) {
      const inner = longestOf(rest.slice(rest.startsWith('(?:') ? 3 : 1));
      if (!inner?.rest.startsWith(')')) return undefined;
      width = inner.max;
      rest = inner.rest.slice(1);
    } else {
      const atom = ATOM.exec(rest);
      if (!atom) return undefined;
      width = 1;
      rest = rest.slice(atom[0].length);
    }
    const q = QUANTIFIER.exec(rest)!;
    rest = rest.slice(q[0].length);
    max += q[1] !== undefined ? width * Number(q[2] ?? q[1]) : width;
  }
  return { max: Math.max(best, max), rest };
}

/**
 * The longest text an anchored pattern accepts (^…$ made of classes, escapes,
 * characters and groups with alternatives, each with {n}, {m,n} or ? after
 * it: /^\d{6}$/ → 6, /^[a-z][a-z0-9_]{2,31}$/ → 32, /^(0[1-9]|1[0-2])-(…)$/ → 5),
 * or undefined when it has no bound (*, +) or is not understood.
 */
export function patternMaxLength(pattern: RegExp): number | undefined {
  const src = pattern.source;
  if (!src.startsWith('^') || !src.endsWith('$') || src.endsWith('\\$')) return undefined;
  const r = longestOf(src.slice(1, -1));
  return r && r.rest === '' ? r.max : undefined;
}

/** A text field's length limits: its min/max/length checks, else the bound of its pattern (max only). */
export function lengthLimits(schema: z.ZodType): { min?: number; max?: number } {
  const out: { min?: number; max?: number } = {};
  for (const c of checksOf(schema)) {
    if (c.check === 'min_length' && c.minimum !== undefined) out.min = Math.max(out.min ?? 0, c.minimum);
    else if (c.check === 'max_length' && c.maximum !== undefined) out.max = Math.min(out.max ?? Number.POSITIVE_INFINITY, c.maximum);
    else if (c.check === 'length_equals' && c.length !== undefined) out.min = out.max = c.length;
  }
  if (out.max === undefined) {
    const bounds = checksOf(schema)
      .filter((c) => c.check === 'string_format' && c.format === 'regex' && c.pattern)
      .map((c) => patternMaxLength(c.pattern!))
      .filter((n): n is number => n !== undefined);
    if (bounds.length) out.max = Math.min(...bounds);
  }
  return out;
}

/** The `maxlength` of an input for the field (undefined: no limit in the schema). */
export const maxLengthOf = (schema: z.ZodType): number | undefined => lengthLimits(schema).max;

/** A number field's inclusive bounds (exclusive ones, like positive(), are left out). */
export function numberLimits(schema: z.ZodType): { min?: number; max?: number } {
  const out: { min?: number; max?: number } = {};
  for (const c of checksOf(schema)) {
    if (c.check === 'greater_than' && c.inclusive && c.value !== undefined) out.min = Math.max(out.min ?? Number.NEGATIVE_INFINITY, c.value);
    else if (c.check === 'less_than' && c.inclusive && c.value !== undefined) out.max = Math.min(out.max ?? Number.POSITIVE_INFINITY, c.value);
  }
  return out;
}

/**
 * The bounds a number input keeps to when it takes values in steps of `step`
 * (0.01 for yuan to the fen, 1 for a count): an inclusive bound as it is, an
 * exclusive one (positive(), gt(), lt()) moved inside by one step, so
 * positive() in yuan becomes a minimum of 0.01.
 */
export function stepLimits(schema: z.ZodType, step: number): { min?: number; max?: number } {
  const out = numberLimits(schema);
  // Rounded to the step's decimals: 0 + 0.01 stays 0.01, 100000 - 0.01 does not become 99999.98999….
  const decimals = (String(step).split('.')[1] ?? '').length;
  const round = (v: number) => Number(v.toFixed(decimals));
  for (const c of checksOf(schema)) {
    if (c.inclusive || c.value === undefined) continue;
    if (c.check === 'greater_than') out.min = Math.max(out.min ?? Number.NEGATIVE_INFINITY, round(c.value + step));
    else if (c.check === 'less_than') out.max = Math.min(out.max ?? Number.POSITIVE_INFINITY, round(c.value - step));
  }
  return out;
}

/** What a form field holds before it is parsed: nothing typed (blank text, a cleared number) is a missing field. */
function asSent(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  if (typeof value === 'number' && Number.isNaN(value)) return undefined;
  return value;
}

/**
 * The server's message for the value of this field, or null when the field
 * accepts it. A blank value is parsed as a missing field, so a required field
 * answers with its “必须填写” message and an optional one passes.
 */
export function fieldProblem(schema: z.ZodType, value: unknown): string | null {
  const r = schema.safeParse(asSent(value));
  return r.success ? null : (r.error.issues[0]?.message ?? '格式不正确');
}

/** True when the field must be filled in. */
export const isRequiredField = (schema: z.ZodType): boolean => !schema.safeParse(undefined).success;

/**
 * The message of a check across fields (an object schema's refine, reported
 * at `field`) for the form's values, or null when it passes. The field's own
 * problems are left out: its rule (fieldRule) reports those.
 */
export function crossFieldProblem(schema: z.ZodType, values: Record<string, unknown>, field: string): string | null {
  const r = schema.safeParse(values);
  if (r.success) return null;
  const own = defOf(innerField(schema)).shape?.[field]?.safeParse(values[field]);
  const ownMessages = new Set(own?.success === false ? own.error.issues.map((i) => i.message) : []);
  const issue = r.error.issues.find((i) => i.code === 'custom' && i.path.length === 1 && i.path[0] === field && !ownMessages.has(i.message));
  return issue?.message ?? null;
}
