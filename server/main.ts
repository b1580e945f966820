/**
 * The server alone (production, docker/): needs DATABASE_URL and ENGINE_URL
 * (+ ENGINE_USER / ENGINE_PASSWORD); starts no database, engine or workers.
 * Run the workers separately with `node dist/workers/main.js`.
 */
import { loadConfig } from '../domain/config.js';
import { configurePii } from '../domain/crypto/pii.js';
import { EngineClient } from '../domain/engine/engine-client.js';
import { configureFaults } from '../domain/faults.js';
import { createLogger } from '../domain/logger.js';
import { seededAccountsText } from '../domain/services/seed.service.js';
import { piiKeyring } from '../runtime/secrets.js';
import { startServerNode } from './node.js';

async function main(): Promise<void> {
  const cfg = loadConfig();
  // loadConfig has refused ENGINE_URL without ENGINE_PASSWORD
  if (!cfg.databaseUrl || !cfg.engineUrl || !cfg.enginePassword) throw new Error('单独运行服务端需要配置 DATABASE_URL 和 ENGINE_URL');
  const log = createLogger('server', cfg.logLevel);
  // the personal-data keyring before any entity is read or written
  configurePii(piiKeyring(cfg));
  configureFaults(cfg.faultCrashAt);
  const engine = new EngineClient({ baseUrl: cfg.engineUrl, user: cfg.engineUser, password: cfg.enginePassword });
  const platform = await startServerNode(cfg, log, {
    ownerDatabaseUrl: cfg.databaseUrl,
    appPassword: cfg.databaseAppPassword,
    engine: engine.version().then(() => engine),
  });
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
