/**
 * One platform for the whole test run: an embedded PostgreSQL in a fresh
 * temporary directory and the real engine child process (or DATABASE_URL /
 * ENGINE_URL when given), started by the same code as `npm start`, and
 * stopped at the end.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../domain/config.js';
import { createLogger } from '../../domain/logger.js';
import { resetDemoPasswords } from '../../domain/services/seed.service.js';
import { startPlatform, type Platform } from '../../scripts/platform.js';

let platform: Platform | undefined;
let tmpDir: string | undefined;

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.once('error', reject);
  });
}

/** The running platform (throws outside a test run). */
export function thePlatform(): Platform {
  if (!platform) throw new Error('platform not started');
  return platform;
}

/** Test settings: short locks and backoff so fault tests finish quickly. */
export const TEST_WORKER_ENV = {
  WORKER_LOCK_DURATION_MS: '4000',
  WORKER_RETRY_BACKOFF_MS: '500',
  WORKER_HEARTBEAT_MS: '1000',
  WORKER_ASYNC_RESPONSE_TIMEOUT_MS: '5000',
  // 公示期 shrunk from 7 days so the notice timer fires within a test (the engine's real timer).
  PUBLIC_NOTICE_SECONDS: '5',
  // Demo time scale: one working day lasts 16 s (one working hour 2 s), so ladders run within a test.
  DEMO_SECONDS_PER_WORKDAY: '16',
  // Read by the engine child: jobs (timers) held by an engine killed in a fault test are free again after 10 s, not 5 min.
  ENGINE_JOB_LOCK_TIME_MS: '10000',
  // 月度发放: the daily timer starts the month from its first day; 延压 after one (demo) working day.
  PAYROLL_DAY: '1',
  PAYROLL_DELAY_WORKDAYS: '1',
};

export async function mochaGlobalSetup(): Promise<void> {
  const t0 = Date.now();
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'doudi-test-'));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the directory.
  fs.chmodSync(tmpDir, 0o755);
  process.env.DOUDI_MODE = 'test';
  process.env.DOUDI_DATA_DIR ??= tmpDir;
  process.env.PORT = '0';
  process.env.HOST = '127.0.0.1';
  process.env.EMBEDDED_PG_PORT ??= String(await freePort());
  process.env.ENGINE_PORT ??= String(await freePort());
  for (const [k, v] of Object.entries(TEST_WORKER_ENV)) process.env[k] ??= v;
  const cfg = loadConfig();
  const log = createLogger('test', process.env.LOG_LEVEL ?? 'warn');
  platform = await startPlatform(cfg, log);
  // Against an external database seeded earlier, the initial passwords are unknown: set new ones.
  if (platform.seededAccounts.length === 0) platform.seededAccounts.push(...(await resetDemoPasswords(platform.ds)));
  console.log(`  [fixture] platform up in ${((Date.now() - t0) / 1000).toFixed(1)} s (${JSON.stringify(platform.timings)}), engine ${platform.engine.baseUrl}, server ${platform.url}`);
}

export async function mochaGlobalTeardown(): Promise<void> {
  await platform?.stop();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
}
