/**
 * What a topic handler is: a function of the external task (its variables and
 * where it belongs) that either returns variables to set, or throws a BpmnError
 * for a business outcome the model catches. Anything else it throws is a fault
 * (retried, then an incident). The services a handler calls are given to its
 * topic's factory (workers/topics/index.ts, from the composition root).
 */
import type { Logger } from '../domain/logger.js';

/** A business outcome, not a fault: becomes handleBpmnError(code) and is caught by the model. */
export class BpmnError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly variables: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'BpmnError';
  }
}

export interface TopicContext {
  /** The external task id: the idempotency key of side effects. */
  taskId: string;
  processInstanceId: string;
  businessKey: string | null;
  /** The service task (or event) the external task belongs to. */
  activityId: string;
  processDefinitionKey: string;
  variables: Record<string, unknown>;
  log: Logger;
}

export interface TopicDefinition {
  topic: string;
  /** Variables to fetch with the task (fetching all is wasteful); null fetches all. */
  variables: string[] | null;
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler written without a return statement has the type Promise<void>
  handle(ctx: TopicContext): Promise<Record<string, unknown> | void>;
}
