/**
 * The worker process: one external-task client serving every topic, a
 * heartbeat row for /api/health, and a graceful drain on SIGTERM/SIGINT.
 */
import os from 'node:os';
import { loadConfig, processInstanceTag } from '../domain/config.js';
import { appConnectionUrl } from '../domain/db/app-role.js';
import { createDataSource, withStartupLock } from '../domain/db/data-source.js';
import { WorkerHeartbeat } from '../domain/entities/worker-heartbeat.entity.js';
import { createLogger } from '../domain/logger.js';
import { WorkerRunner } from './runner.js';
import { createServices } from '../domain/composition.js';
import { EngineClient } from '../domain/engine/engine-client.js';
import { WebhookSender } from '../domain/services/webhook.service.js';
import { createTopics } from './topics/index.js';
import { configurePii } from '../domain/crypto/pii.js';
import { piiKeyring } from '../runtime/secrets.js';

async function main(): Promise<void> {
  const cfg = loadConfig();
  const log = createLogger('workers', cfg.logLevel);
  if (!cfg.databaseUrl || !cfg.engineUrl || !cfg.enginePassword) {
    throw new Error('工作进程需要 DATABASE_URL、ENGINE_URL、ENGINE_PASSWORD（由 npm start 自动提供）');
  }
  configurePii(piiKeyring(cfg));
  const workerId = processInstanceTag('worker');
  // One connection per task a poll may bring (WORKER_MAX_TASKS) and two for the heartbeat and the webhook:
  // a fetched batch never waits for connections of its own pool.
  // With DATABASE_APP_PASSWORD (compose), DATABASE_URL is the schema owner's: connect as the restricted role the server provisioned.
  const databaseUrl = appConnectionUrl(cfg.databaseUrl, cfg.databaseAppPassword);
  const ds = createDataSource(databaseUrl, { poolSize: cfg.workerMaxTasks + 2, applicationName: workerId.slice(0, 60), migrate: !cfg.databaseAppPassword });
  await withStartupLock(databaseUrl, () => ds.initialize());

  let faultPause: { topic: string; ms: number } | undefined;
  if (cfg.workerFaultPause) {
    const [topic, ms] = cfg.workerFaultPause.split(':');
    faultPause = { topic: topic!, ms: Number(ms) };
  }
  const engine = new EngineClient({ baseUrl: cfg.engineUrl, user: cfg.engineUser, password: cfg.enginePassword });
  // the composition root: the same services the server builds, over the worker's own pool
  const services = createServices(cfg, ds, engine);
  const topics = createTopics(services);
  const runner = new WorkerRunner(
    {
      baseUrl: cfg.engineUrl,
      user: cfg.engineUser,
      password: cfg.enginePassword,
      workerId,
      lockDurationMs: cfg.workerLockDurationMs,
      asyncResponseTimeoutMs: cfg.workerAsyncResponseTimeoutMs,
      maxTasks: cfg.workerMaxTasks,
      retries: cfg.workerRetries,
      retryBackoffMs: cfg.workerRetryBackoffMs,
      faultPause,
      faultFail: cfg.workerFaultFail,
    },
    services.deadlines,
    log,
  );
  for (const t of topics) runner.register(t);

  const heartbeats = ds.getRepository(WorkerHeartbeat);
  const startedAt = new Date();
  const beat = async () => {
    try {
      await heartbeats.upsert({ workerId, topics: topics.map((t) => t.topic), host: os.hostname(), pid: process.pid, startedAt, lastSeenAt: new Date(), stoppedAt: null }, ['workerId']);
    } catch (err) {
      log.warn({ err: (err as Error).message }, '心跳写入失败');
    }
  };
  await beat();
  const timer = setInterval(beat, cfg.workerHeartbeatMs);
  runner.start();

  // Optional: alerts also go to a DingTalk/WeCom group robot (the alert table is the outbox).
  let webhookTimer: NodeJS.Timeout | undefined;
  if (cfg.alertWebhookUrl) {
    const sender = new WebhookSender(ds, { url: cfg.alertWebhookUrl, attempts: cfg.alertWebhookAttempts, backoffMs: cfg.alertWebhookBackoffMs }, log);
    let busy = false;
    webhookTimer = setInterval(() => {
      if (busy) return;
      busy = true;
      sender
        .round()
        .catch((err) => log.warn({ err: (err as Error).message }, '预警推送失败'))
        .finally(() => (busy = false));
    }, 1_000);
  }
  // 流程故障: each new incident (a task out of retries, a failed job) is announced to the admins once.
  const { incidents } = services;
  let sweeping = false;
  const incidentTimer = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    incidents
      .sweep()
      .catch((err) => log.warn({ err: (err as Error).message }, '流程故障检查失败'))
      .finally(() => (sweeping = false));
  }, cfg.incidentSweepMs);
  log.info({ workerId, topics: topics.map((t) => t.topic) }, '工作进程已启动');
  process.send?.({ type: 'worker.ready', workerId });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, '工作进程正在停止：等待处理中的任务完成');
    clearInterval(timer);
    if (webhookTimer) clearInterval(webhookTimer);
    clearInterval(incidentTimer);
    const drained = await runner.drain(cfg.workerAsyncResponseTimeoutMs + Math.min(cfg.workerLockDurationMs, 15_000));
    if (!drained) log.warn('仍有任务未完成，其锁到期后将由其他工作进程重试');
    await heartbeats.update({ workerId }, { stoppedAt: new Date() }).catch(() => undefined);
    await ds.destroy().catch(() => undefined);
    log.info('工作进程已停止');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // When launched by `npm start`, stop with the parent.
  process.on('disconnect', () => void stop('disconnect'));
}

main().catch((err) => {
  console.error('工作进程启动失败：', err);
  process.exit(1);
});
