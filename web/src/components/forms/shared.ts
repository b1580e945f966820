/**
 * What every 办理表单 shares: the contract TaskView uses to validate, submit
 * and show a server complaint on the right field, and the common rules.
 */
import { nextTick, reactive } from 'vue';
import type { FormItemRule } from 'element-plus';

/** What a form component exposes to TaskView (defineExpose). */
export interface TaskFormApi {
  /** Runs the client rules (the server's, mirrored); scrolls to the first error. */
  validate(): Promise<boolean>;
  /** The JSON body for POST /api/tasks/:id/complete. */
  body(): Record<string, unknown>;
  /** The confirmation shown before submitting. */
  confirmation(): { message: string; type: 'info' | 'warning' };
  /** Shows a 400 answer's message on its field; false when the field is not on this form. */
  showServerError(field: string, message: string): boolean;
}

type Cb = (e?: Error) => void;

/** A yes/no choice that must be made. */
export function choiceRule(message: string): FormItemRule {
  return { trigger: 'change', validator: (_r: unknown, v: unknown, cb: Cb) => (typeof v === 'boolean' ? cb() : cb(new Error(message))) };
}

/**
 * Server field errors shown through el-form-item's `error` prop. Setting the
 * same text twice would not re-show it, so it is cleared first.
 */
export function useServerErrors(fields: readonly string[]) {
  const errors = reactive<Record<string, string>>({});
  function show(field: string, message: string): boolean {
    const key = fields.find((f) => field === f || field.startsWith(`${f}.`));
    if (!key) return false;
    errors[key] = '';
    void nextTick().then(() => {
      errors[key] = message;
      document.querySelector(`[data-field="${key}"]`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    });
    return true;
  }
  function clear(field?: string) {
    for (const k of Object.keys(errors)) if (!field || k === field) errors[k] = '';
  }
  return { errors, show, clear };
}

/** Scrolls the first invalid item of the form into view. */
export function scrollToFirstError(root: HTMLElement | null | undefined): void {
  root?.querySelector('.is-error')?.scrollIntoView({ behavior: 'smooth', block: 'center' });
}
