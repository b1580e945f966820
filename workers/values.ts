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
