/** Checks an API answer against its response contract in contracts/ (schema-driven: every field, nothing undeclared). */
import { expect } from 'chai';
import type { z } from 'zod';

export function expectConforms<S extends z.ZodType>(schema: S, body: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(body);
  if (!r.success)
    expect.fail(
      `${what} 的响应不符合 contracts/ 的约定：${r.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('；')}`,
    );
  return r.data as z.infer<S>;
}
