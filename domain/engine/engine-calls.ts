/**
 * How the services call the engine on a user's behalf, and what the user is told when it fails:
 * the one mapping of engine failures to HTTP answers. The REST client only reports what the
 * engine answered (EngineError with its status) or that it did not answer (EngineUnavailableError);
 * every service names here what a refusal means to its user.
 */
import { ConflictError, UnavailableError } from '../errors.js';
import { EngineError, EngineUnavailableError, isOptimisticLockConflict } from './engine-client.js';

/**
 * What a failed engine call means to the user: an answer per status the engine gave (404 …),
 * `refused` for any other 4xx, `conflict` for a concurrent change still conflicting after the
 * client's retries (optimistic locking), and the message of the 503 for an outage.
 */
export interface EngineAnswers {
  [status: number]: (err: EngineError) => Error;
  refused?: (err: EngineError) => Error;
  conflict?: (err: EngineError) => Error;
  unavailable?: string;
}

const UNAVAILABLE = '流程引擎暂不可用，请稍后重试';

/**
 * The error to throw for a failed engine call. An error that is not the engine's (a bug of ours,
 * the database) goes up unchanged, so it is logged as a fault and never passed off as an outage;
 * a refusal the caller did not name stays an EngineError (a request of ours the engine refused).
 */
export function engineFailure(err: unknown, answers: EngineAnswers = {}): unknown {
  if (!(err instanceof EngineError)) return err;
  if (!(err instanceof EngineUnavailableError)) {
    const named = answers[err.status];
    if (named) return named(err);
    if (answers.conflict && isOptimisticLockConflict(err)) return answers.conflict(err);
    if (err.status < 500) return answers.refused ? answers.refused(err) : err;
  }
  return new UnavailableError('ENGINE_UNAVAILABLE', answers.unavailable ?? UNAVAILABLE);
}

/** Runs an engine call, mapping its failure with engineFailure (an outage is 503 ENGINE_UNAVAILABLE). */
export async function engineCall<T>(fn: () => Promise<T>, answers?: EngineAnswers): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw engineFailure(err, answers);
  }
}

/**
 * An action on a task in the engine (complete, transfer, delegate, resolve, move; a claim has its own answer): a refusal (4xx)
 * or a concurrent change (optimistic lock) means the task moved on meanwhile — 409
 * TASK_STATE_CHANGED; an outage or any other failure of the engine is 503 ENGINE_UNAVAILABLE.
 */
export async function taskActionInEngine<T>(fn: () => Promise<T>): Promise<T> {
  const moved = () => new ConflictError('TASK_STATE_CHANGED', '任务状态已变化，请刷新后重试');
  return engineCall(fn, { refused: moved, conflict: moved });
}

/** The status the engine answered a failed call with; undefined when it did not answer or the error is not the engine's. */
export function engineStatus(err: unknown): number | undefined {
  return err instanceof EngineError && !(err instanceof EngineUnavailableError) ? err.status : undefined;
}

/** The engine's own reason for a refusal, without the request line the client puts before it. */
export function engineReason(err: EngineError): string {
  return err.message.replace(/^[A-Z]+ \S+ → \d+: /, '');
}
