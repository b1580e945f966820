/**
 * Container health checks (docker/compose.yml), run inside the container with its own
 * environment, so the port and the database come from the same settings as the process checked:
 *
 *   node dist/scripts/healthcheck.js server    GET /api/health on this node's PORT
 *   node dist/scripts/healthcheck.js workers   a fresh heartbeat row of a worker on this host
 *
 * Exit 0 = healthy, 1 = not. A server counts as healthy when it answers and reaches the
 * database and the engine; missing workers make /api/health say "degraded" but do not make the
 * server unfit for traffic (and the workers start only after the first server is healthy, so
 * requiring them here would deadlock the start order).
 */
import os from 'node:os';
import pg from 'pg';
import { loadConfig } from '../domain/config.js';

const TIMEOUT_MS = 4_000;

async function serverHealthy(): Promise<string | undefined> {
  const cfg = loadConfig();
  const res = await fetch(`http://127.0.0.1:${cfg.port}/api/health`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  const h = (await res.json()) as { database?: { ok?: boolean }; engine?: { ok?: boolean } };
  if (!h.database?.ok) return '数据库不可用';
  if (!h.engine?.ok) return '流程引擎不可用';
  return undefined;
}

async function workerHealthy(): Promise<string | undefined> {
  const cfg = loadConfig();
  if (!cfg.databaseUrl) return '未配置 DATABASE_URL';
  const client = new pg.Client({ connectionString: cfg.databaseUrl, connectionTimeoutMillis: TIMEOUT_MS, application_name: 'doudi-healthcheck' });
  await client.connect();
  try {
    // the same freshness rule as /api/health: three missed heartbeats mean down
    const r = await client.query(
      `SELECT 1 FROM worker_heartbeat
        WHERE host = $1 AND stopped_at IS NULL AND last_seen_at > now() - make_interval(secs => $2)`,
      [os.hostname(), (3 * cfg.workerHeartbeatMs) / 1000],
    );
    return r.rowCount ? undefined : `本机（${os.hostname()}）没有存活的工作进程心跳`;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const kind = process.argv[2];
  const check = kind === 'server' ? serverHealthy : kind === 'workers' ? workerHealthy : undefined;
  if (!check) {
    console.error('用法：node dist/scripts/healthcheck.js server|workers');
    process.exit(2);
  }
  const problem = await check();
  if (problem) {
    console.error(`不健康：${problem}`);
    process.exit(1);
  }
  console.log('健康');
}

main().catch((err) => {
  console.error('不健康：', err instanceof Error ? err.message : err);
  process.exit(1);
});
