/**
 * Child process of bench/pickup-latency.ts: the shipped worker (workers/main.ts)
 * with one more topic. Same WorkerRunner class, same configuration (long
 * polling, maxTasks, lock, 50 ms between polls), every shipped topic
 * subscribed — so the fetchAndLock request is the production one plus
 * `bench.pickup`. The bench topic's handler only records Date.now() at its
 * start; the parent collects the records over IPC.
 */
import { loadConfig, processInstanceTag } from '../domain/config.js';
import { createDataSource } from '../domain/db/data-source.js';
import { createServices } from '../domain/composition.js';
import { EngineClient } from '../domain/engine/engine-client.js';
import { createLogger } from '../domain/logger.js';
import { WorkerRunner, pollPauseMs } from '../workers/runner.js';
import { createTopics } from '../workers/topics/index.js';

async function main(): Promise<void> {
  const cfg = loadConfig();
  const log = createLogger('bench-worker', cfg.logLevel);
  const ds = createDataSource(cfg.databaseUrl!, { poolSize: 5, applicationName: 'bench-pickup-worker' });
  await ds.initialize();
  const services = createServices(cfg, ds, new EngineClient({ baseUrl: cfg.engineUrl!, user: cfg.engineUser, password: cfg.enginePassword! }));
  const topics = createTopics(services);
  const runner = new WorkerRunner(
    {
      baseUrl: cfg.engineUrl!,
      user: cfg.engineUser,
      password: cfg.enginePassword!,
      workerId: processInstanceTag('bench-worker'),
      lockDurationMs: cfg.workerLockDurationMs,
      asyncResponseTimeoutMs: cfg.workerAsyncResponseTimeoutMs,
      maxTasks: cfg.workerMaxTasks,
      retries: cfg.workerRetries,
      retryBackoffMs: cfg.workerRetryBackoffMs,
    },
    services.deadlines,
    log,
  );
  for (const t of topics) runner.register(t);
  const starts: [string, number][] = [];
  runner.register({
    topic: 'bench.pickup',
    variables: [],
    handle: async (ctx) => {
      starts.push([ctx.taskId, Date.now()]);
    },
  });
  process.on('message', async (m: { type?: string }) => {
    if (m?.type === 'report') process.send!({ type: 'starts', starts: starts.splice(0) });
    if (m?.type === 'stop') {
      await runner.drain(15_000);
      await ds.destroy();
      process.exit(0);
    }
  });
  runner.start();
  process.send!({
    type: 'ready',
    settings: { asyncResponseTimeoutMs: cfg.workerAsyncResponseTimeoutMs, maxTasks: cfg.workerMaxTasks, lockDurationMs: cfg.workerLockDurationMs, pollIntervalMs: pollPauseMs(cfg.workerAsyncResponseTimeoutMs), topics: topics.length + 1 },
  });
}

main().catch((err) => {
  console.error('bench worker failed:', err);
  process.exit(1);
});
