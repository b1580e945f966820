/**
 * Typed process-variable values a topic handler may return besides plain
 * strings, numbers and booleans.
 */

/**
 * A list the engine sees as java.util.ArrayList (serialized as JSON by the
 * Spin plugin), so a multi-instance activity can iterate over it with
 * `operaton:collection="${name}"`.
 */
export class JavaList {
  constructor(readonly items: (string | number | boolean)[]) {}

  /** The typed value in the engine's REST format. */
  toTyped(): { type: string; value: string; valueInfo: Record<string, string> } {
    return {
      type: 'Object',
      value: JSON.stringify(this.items),
      valueInfo: { objectTypeName: 'java.util.ArrayList', serializationDataFormat: 'application/json' },
    };
  }
}

/**
 * A decision result a business rule task stored (mapDecisionResult singleResult,
 * resultList or collectEntries): the worker receives the engine's JSON text of it.
 */
export function decisionResult<T = Record<string, unknown>>(v: unknown): T {
  const parsed = typeof v === 'string' ? (JSON.parse(v) as unknown) : v;
  if (parsed === null || typeof parsed !== 'object') throw new Error('decision result is missing');
  return parsed as T;
}
