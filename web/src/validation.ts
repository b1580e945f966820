/**
 * Form rules read from the server's request schemas (contracts/*.schema.ts):
 * an Element Plus rule that answers with the server's own message, an input's
 * `maxlength`, a number input's bounds. No form repeats a limit or its wording
 * (test/unit/web-rules.test.ts).
 */
import type { FormItemRule } from 'element-plus';
import type { z } from 'zod';
import { crossFieldProblem, fieldProblem, isRequiredField, lengthLimits, maxLengthOf, numberLimits, patternMaxLength, stepLimits } from '../../contracts/form-fields';

export { crossFieldProblem, fieldProblem, lengthLimits, maxLengthOf, numberLimits, patternMaxLength };

/**
 * The bounds of a yuan input (`:precision="2"`) for an amount field. The
 * request schemas take yuan to the fen (the server converts to fen after
 * parsing), so an amount that must be positive starts at 0.01 — one fen.
 * Bind it whole: `<el-input-number v-bind="yuanLimits(schema)" />`.
 */
export const yuanLimits = (schema: z.ZodType): { min?: number; max?: number } => stepLimits(schema, 0.01);

type Cb = (e?: Error) => void;

const isBlank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && !v.trim()) || (typeof v === 'number' && Number.isNaN(v));

/**
 * The rule of a form field: the value goes through the field's schema and the
 * first issue's message is shown. `mark` shows the required asterisk (when the
 * field is required); an el-form-item's own `required` does the same. `empty`
 * replaces the schema's message for a field left blank, where that message
 * would mislead (a cleared number input is not “必须是数字”).
 */
export function fieldRule(schema: z.ZodType, options: { trigger?: 'blur' | 'change'; mark?: boolean; empty?: string } = {}): FormItemRule {
  const rule: FormItemRule = {
    trigger: options.trigger ?? 'blur',
    validator: (_r: unknown, v: unknown, cb: Cb) => {
      const p = options.empty && isBlank(v) ? options.empty : fieldProblem(schema, v);
      return p ? cb(new Error(p)) : cb();
    },
  };
  if (options.mark) rule.required = isRequiredField(schema);
  return rule;
}

/** The server's message for the value, or '' when the field accepts it (for forms checked by hand). */
export const problemOf = (schema: z.ZodType, value: unknown): string => fieldProblem(schema, value) ?? '';

/** An ElMessageBox.prompt's inputValidator for the field. */
export const promptValidator =
  (schema: z.ZodType) =>
  (v: string): true | string =>
    fieldProblem(schema, v) ?? true;
