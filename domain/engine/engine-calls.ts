/**
 * How the services call the engine on a user's behalf, and what the user is told when it fails:
 * one place for the mapping of engine errors to HTTP answers (used by the inbox, the task
 * actions, the conference steps, the monitor, the worklists and the directory).
 */
import { ConflictError, UnavailableError } from '../errors.js';
import { EngineError } from './engine-client.js';

/**
 * An action on a task in the engine (complete, transfer, delegate, resolve, move; a claim has its own answer): a refusal (4xx)
 * or a concurrent change (optimistic lock) means the task moved on meanwhile — 409
 * TASK_STATE_CHANGED; an outage or any other failure is 503 ENGINE_UNAVAILABLE.
 */
export async function taskActionInEngine<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof EngineError && (err.status < 500 || err.engineType === 'OptimisticLockingException')) {
      throw new ConflictError('TASK_STATE_CHANGED', '任务状态已变化，请刷新后重试');
    }
    throw new UnavailableError('ENGINE_UNAVAILABLE', '流程引擎暂不可用，请稍后重试');
  }
}

/** Wraps engine outages as 503 so the user reads a clear message. */
export async function engineCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof EngineError && err.status < 500) throw err;
    throw new UnavailableError('ENGINE_UNAVAILABLE', '流程引擎暂不可用，请稍后重试');
  }
}
