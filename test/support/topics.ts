/** What the topic unit tests (test/unit/worker-topics*.test.ts) hand a topic handler, and read from a failed one. */
import { expect } from 'chai';
import { pino } from 'pino';
import type { TopicContext } from '../../workers/topic.js';

/** The external task a topic receives, with its variables; `base` names the step (and ids) a test file works with. */
export function topicContext(variables: Record<string, unknown>, base: Omit<TopicContext, 'variables' | 'log'>, over: Partial<TopicContext> = {}): TopicContext {
  return { ...base, variables, log: pino({ level: 'silent' }), ...over };
}

/** What a handler threw (fails the test when it resolved). */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  return p.then(
    () => expect.fail('the handler should have failed'),
    (err: unknown) => err as Error,
  );
}
