// Local types for camunda-external-task-client-js 3.x (ESM, ships none; DefinitelyTyped describes 1.3).
declare module 'camunda-external-task-client-js' {
  import { EventEmitter } from 'node:events';

  export interface TypedValue { value: unknown; type: string; valueInfo?: Record<string, unknown> }

  export class Variables {
    constructor(initial?: Record<string, TypedValue>);
    get(name: string): unknown;
    getTyped(name: string): TypedValue | null;
    getAll(): Record<string, unknown>;
    getAllTyped(): Record<string, TypedValue>;
    set(name: string, value: unknown): this;
    setTyped(name: string, typedValue: TypedValue): this;
    setAll(values: Record<string, unknown>): this;
    setAllTyped(values: Record<string, TypedValue>): this;
  }

  export interface Task {
    id: string;
    topicName: string;
    workerId: string;
    processInstanceId: string;
    processDefinitionKey: string;
    activityId: string;
    businessKey: string | null;
    retries: number | null;
    lockExpirationTime: string;
    variables: Variables;
  }

  export interface TaskService {
    complete(task: Task, variables?: Variables, localVariables?: Variables): Promise<void>;
    handleFailure(task: Task, options: { errorMessage?: string; errorDetails?: string; retries?: number; retryTimeout?: number }): Promise<void>;
    handleBpmnError(task: Task, errorCode: string, errorMessage?: string, variables?: Variables): Promise<void>;
    extendLock(task: Task, newDuration: number): Promise<void>;
    unlock(task: Task): Promise<void>;
  }

  export type Handler = (args: { task: Task; taskService: TaskService }) => Promise<void>;
  export type Interceptor = (config: Record<string, unknown>) => Record<string, unknown>;

  export interface ClientOptions {
    baseUrl: string;
    workerId?: string;
    maxTasks?: number;
    maxParallelExecutions?: number;
    interval?: number;
    lockDuration?: number;
    autoPoll?: boolean;
    asyncResponseTimeout?: number;
    usePriority?: boolean;
    interceptors?: Interceptor | Interceptor[];
    use?: ((client: Client) => void) | ((client: Client) => void)[];
  }

  export interface SubscribeOptions {
    lockDuration?: number;
    variables?: string[];
    businessKey?: string;
    processDefinitionKey?: string;
  }

  export class Client extends EventEmitter {
    constructor(options: ClientOptions);
    activeTasksCount: number;
    start(): void;
    stop(): void;
    subscribe(topic: string, options: SubscribeOptions, handler: Handler): { unsubscribe(): void };
    subscribe(topic: string, handler: Handler): { unsubscribe(): void };
  }

  export class BasicAuthInterceptor {
    constructor(options: { username: string; password: string });
  }
  // The constructor returns the interceptor function itself.
  export interface BasicAuthInterceptor extends Interceptor {}

  export const logger: (client: Client) => void;
}
