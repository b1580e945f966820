/**
 * Runs topic handlers on camunda-external-task-client-js: long polling, a
 * unique worker id, and every handler wrapped so that nothing ever throws into
 * the client (which would leave the task locked until its lock expires).
 */
import { BasicAuthInterceptor, Client, Variables, type Task, type TaskService } from 'camunda-external-task-client-js';
import { EntityNotFoundError } from 'typeorm';
import type { Logger } from '../domain/logger.js';
import type { DeadlineService } from '../domain/deadlines/deadline.service.js';
import { BpmnError, type TopicDefinition } from './topic.js';
import { JavaList } from './values.js';
import { retryOnOptimisticLock } from '../domain/engine/engine-client.js';
import { isDatabaseDown } from '../domain/db/unavailable.js';
import { RecordNotFoundError } from '../domain/errors.js';

export interface RunnerOptions {
  baseUrl: string;
  user: string;
  password: string;
  workerId: string;
  lockDurationMs: number;
  asyncResponseTimeoutMs: number;
  maxTasks: number;
  retries: number;
  retryBackoffMs: number;
  /** Test-only fault injection: pause this long after the side effect of this topic, before completing. */
  faultPause?: { topic: string; ms: number };
  /** Test-only fault injection: every task of this topic fails before its handler runs. */
  faultFail?: string;
}

/**
 * Runs a step, and while it fails with RecordNotFoundError (or TypeORM's EntityNotFoundError, from
 * a `findOneByOrFail` of a step's own record, e.g. the 临时救助 request) runs it again after each of `delaysMs`
 * (1.55 s in all by default). The registration starts the process inside the transaction that
 * writes the case, so the first external task can be fetched a few milliseconds before the case
 * is visible. Without this the step failed, logged an error and waited a retry backoff (2 s),
 * about once in 200 registrations with long polling. A record still missing after the waits is
 * a real failure and goes the usual way (retries, then an incident).
 */
export async function untilVisible<T>(fn: () => Promise<T>, onWait: (ms: number) => void = () => {}, delaysMs: number[] = [50, 100, 200, 400, 800]): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof RecordNotFoundError || err instanceof EntityNotFoundError) || i >= delaysMs.length) throw err;
      onWait(delaysMs[i]!);
      await new Promise((r) => setTimeout(r, delaysMs[i]));
    }
  }
}

/** Retries left after this failure, and the wait before the next try (doubling backoff). */
export function nextRetry(currentRetries: number | null, configured: number, backoffMs: number): { retries: number; retryTimeout: number } {
  const left = currentRetries === null || currentRetries === undefined ? configured : currentRetries;
  const retries = Math.max(0, left - 1);
  const attempt = configured - retries; // 1 for the first failure
  return { retries, retryTimeout: backoffMs * 2 ** Math.max(0, attempt - 1) };
}

// biome-ignore lint/suspicious/noConfusingVoidType: takes what a handler resolved with (Promise<Record | void>, see topic.ts)
function toVariables(values: Record<string, unknown> | void): Variables | undefined {
  if (!values) return undefined;
  const v = new Variables();
  for (const [k, val] of Object.entries(values)) {
    if (val instanceof JavaList) v.setTyped(k, val.toTyped());
    else if (val !== undefined) v.set(k, val);
  }
  return v;
}

/**
 * Pause between polls: none while the engine answers — a long poll already waits in the engine until a task
 * exists (asyncResponseTimeout), and a pause after a fetch would only delay the tasks created meanwhile
 * (benchmark 2, docs/performance.md). While the engine cannot be reached: from the first, doubling to the longest.
 */
const POLL_INTERVAL_MS = 0;
/** Without long polling (asyncResponseTimeout 0) an empty answer comes back at once: then pause between polls. */
const SHORT_POLL_INTERVAL_MS = 300;
const POLL_FIRST_BACKOFF_MS = 100;
/** The pause between polls the runner uses with this long-poll timeout (reported by the benchmarks). */
export const pollPauseMs = (asyncResponseTimeoutMs: number): number => (asyncResponseTimeoutMs > 0 ? POLL_INTERVAL_MS : SHORT_POLL_INTERVAL_MS);
const POLL_MAX_BACKOFF_MS = 5_000;

export class WorkerRunner {
  readonly client: Client;
  private inFlight = 0;

  constructor(
    private readonly opts: RunnerOptions,
    /** Deadlines of the user tasks a step leads into (set with the step's result). */
    private readonly deadlines: Pick<DeadlineService, 'variablesAfter'>,
    private readonly log: Logger,
  ) {
    const pause = pollPauseMs(opts.asyncResponseTimeoutMs);
    this.client = new Client({
      baseUrl: opts.baseUrl,
      workerId: opts.workerId,
      maxTasks: opts.maxTasks,
      lockDuration: opts.lockDurationMs,
      asyncResponseTimeout: opts.asyncResponseTimeoutMs,
      interval: pause,
      autoPoll: false,
      interceptors: new BasicAuthInterceptor({ username: opts.user, password: opts.password }),
    });
    // While the engine is down (restarting, or its database is), poll less often: doubling up to 5 s, back to no pause at once after.
    const options = (this.client as unknown as { options: { interval: number } }).options;
    this.client.on('poll:success', () => {
      if (options.interval !== pause) {
        options.interval = pause;
        this.log.info('已恢复拉取外部任务');
      }
    });
    this.client.on('poll:error', (e: Error) => {
      if (options.interval === pause) this.log.warn({ err: e.message }, '拉取外部任务失败，稍后重试');
      options.interval = Math.min(POLL_MAX_BACKOFF_MS, Math.max(POLL_FIRST_BACKOFF_MS, options.interval * 2));
    });
    // Each failed attempt is reported here; retryOnOptimisticLock decides whether it matters.
    this.client.on('complete:error', (_t: unknown, e: Error) => this.log.debug({ err: e?.message }, '提交外部任务结果失败'));
  }

  /** Subscribes one topic with a wrapped handler. */
  register(def: TopicDefinition): void {
    this.client.subscribe(def.topic, { lockDuration: this.opts.lockDurationMs, ...(def.variables ? { variables: [...new Set([...def.variables, 'countyCode'])] } : {}) }, (args) => this.execute(def, args.task, args.taskService));
  }

  /** Number of handlers currently running (for draining). */
  get active(): number {
    return this.inFlight;
  }

  private async execute(def: TopicDefinition, task: Task, taskService: TaskService): Promise<void> {
    this.inFlight++;
    const log = this.log.child({ topic: def.topic, taskId: task.id, pi: task.processInstanceId });
    try {
      // biome-ignore lint/suspicious/noConfusingVoidType: what a handler resolved with (see topic.ts)
      let result: Record<string, unknown> | void;
      try {
        if (this.opts.faultFail === def.topic) throw new Error(`故障注入：${def.topic} 处理失败`);
        const input = { taskId: task.id, processInstanceId: task.processInstanceId, businessKey: task.businessKey, activityId: task.activityId, processDefinitionKey: task.processDefinitionKey, variables: task.variables.getAll(), log };
        result = await untilVisible(
          () => def.handle(input),
          (ms) => log.debug({ ms }, '业务记录尚未可见（登记事务未提交），稍后重试'),
        );
        // The user tasks this step leads into get their deadlines with the result.
        const county = task.variables.get('countyCode');
        const deadlines = await this.deadlines.variablesAfter(task.processDefinitionKey, task.activityId, typeof county === 'string' ? county : null);
        if (Object.keys(deadlines).length) result = { ...(result ?? {}), ...deadlines };
      } catch (err) {
        if (err instanceof BpmnError) {
          log.info({ code: err.code }, '业务结果：抛出 BPMN 错误');
          await taskService.handleBpmnError(task, err.code, err.message, toVariables(err.variables));
          return;
        }
        // The database being down (restarting) is not a failed attempt: try again later without using up a retry.
        const { retries, retryTimeout } = isDatabaseDown(err) ? { retries: task.retries ?? this.opts.retries, retryTimeout: this.opts.retryBackoffMs * 4 } : nextRetry(task.retries, this.opts.retries, this.opts.retryBackoffMs);
        log.error({ err: (err as Error).message, retries, retryTimeout }, '外部任务处理失败');
        await taskService.handleFailure(task, {
          errorMessage: String((err as Error).message ?? err).slice(0, 250),
          errorDetails: String((err as Error).stack ?? '').slice(0, 4000),
          retries,
          retryTimeout,
        });
        return;
      }
      if (this.opts.faultPause && this.opts.faultPause.topic === def.topic) {
        log.warn({ ms: this.opts.faultPause.ms }, '故障注入：副作用已完成，暂停后再提交');
        await new Promise((r) => setTimeout(r, this.opts.faultPause!.ms));
      }
      await retryOnOptimisticLock(() => taskService.complete(task, toVariables(result)));
      log.debug('外部任务完成');
    } catch (err) {
      // Reporting to the engine failed (engine down, lock lost): the lock expires and the task is retried.
      log.error({ err: (err as Error).message }, '无法向引擎报告外部任务结果');
    } finally {
      this.inFlight--;
    }
  }

  start(): void {
    this.client.start();
  }

  /**
   * Stops polling and waits (bounded) for running handlers to finish. A pending
   * long poll is not waited for (it could take the whole asyncResponseTimeout):
   * the process exits and the connection is dropped with it. Tasks the engine
   * may still lock for that dropped poll are fetched again by another worker
   * when their lock expires (WORKER_LOCK_DURATION_MS).
   */
  async drain(maxWaitMs: number): Promise<boolean> {
    this.client.stop();
    const until = Date.now() + maxWaitMs;
    while (this.inFlight > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    return this.inFlight === 0;
  }
}
