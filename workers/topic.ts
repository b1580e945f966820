/**
 * What a topic handler is: a function of (variables, task, deps) that either
 * returns variables to set, or throws a BpmnError for a business outcome the
 * model catches. Anything else it throws is a fault (retried, then an incident).
 */
import type { DataSource } from 'typeorm';
import type { Config } from '../domain/config.js';
import type { Logger } from '../domain/logger.js';

/** A business outcome, not a fault: becomes handleBpmnError(code) and is caught by the model. */
export class BpmnError extends Error {
  constructor(readonly code: string, message: string, readonly variables: Record<string, unknown> = {}) {
    super(message);
    this.name = 'BpmnError';
  }
}

export interface TopicContext {
  /** The external task id: the idempotency key of side effects. */
  taskId: string;
  processInstanceId: string;
  businessKey: string | null;
  variables: Record<string, unknown>;
  log: Logger;
}

export interface TopicDeps {
  ds: DataSource;
  cfg: Config;
}

export interface TopicDefinition {
  topic: string;
  /** Variables to fetch with the task (fetching all is wasteful). */
  variables: string[];
  handle(ctx: TopicContext, deps: TopicDeps): Promise<Record<string, unknown> | void>;
}
