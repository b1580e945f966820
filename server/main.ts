/**
 * The server alone (production, docker/): needs DATABASE_URL and ENGINE_URL
 * (+ ENGINE_USER / ENGINE_PASSWORD); starts no database, engine or workers.
 * Run the workers separately with `node dist/workers/main.js`.
 */
import { loadConfig } from '../domain/config.js';
import { createLogger } from '../domain/logger.js';
import { seededAccountsText } from '../domain/services/seed.service.js';
import { startPlatform } from '../runtime/platform.js';

async function main(): Promise<void> {
  const cfg = loadConfig();
  if (!cfg.databaseUrl || !cfg.engineUrl) throw new Error('单独运行服务端需要配置 DATABASE_URL 和 ENGINE_URL');
  const log = createLogger('server', cfg.logLevel);
  const platform = await startPlatform({ ...cfg, startWorkers: false }, log, { workers: false });
  // The first server to start on an empty database seeds the accounts: their initial passwords
  // exist nowhere else, so they go to this process's output once (docker compose logs server-1).
  if (platform.seededAccounts.length) console.log(seededAccountsText(platform.seededAccounts));
  log.info({ url: platform.url }, '服务端已就绪');
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await platform.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((err) => {
  console.error('服务端启动失败：', err instanceof Error ? err.message : err);
  process.exit(1);
});
