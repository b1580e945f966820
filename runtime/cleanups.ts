/** What a start has started, stopped again in reverse order (on shutdown, or when the start fails midway). */
import type { Logger } from '../domain/logger.js';

export interface Cleanups {
  push(stop: () => Promise<void>): void;
  /** Stops everything pushed, last first; a failure is logged and the rest still stop. */
  stopAll(): Promise<void>;
}

export function cleanups(log: Logger): Cleanups {
  const stack: (() => Promise<void>)[] = [];
  return {
    push: (stop) => void stack.push(stop),
    async stopAll() {
      for (const c of stack.reverse()) {
        try {
          await c();
        } catch (err) {
          log.warn({ err: (err as Error).message }, '停止组件时出错');
        }
      }
      stack.length = 0;
    },
  };
}
