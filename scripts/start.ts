/**
 * `npm start`: the whole platform on one port — embedded PostgreSQL, engine,
 * server, workers, web UI — or external ones via DATABASE_URL / ENGINE_URL.
 * Ctrl-C / SIGTERM stops everything cleanly.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../domain/config.js';
import { createLogger } from '../domain/logger.js';
import { seededAccountsText } from '../domain/services/seed.service.js';
import { startPlatform } from './platform.js';

async function main(): Promise<void> {
  const cfg = loadConfig();
  const log = createLogger('doudi', cfg.logLevel);
  log.info({ dataDir: cfg.dataDir, database: cfg.databaseUrl ? '外部' : '内嵌', engine: cfg.engineUrl ? '外部' : '子进程' }, '兜底平台启动中');
  const platform = await startPlatform(cfg, log);
  if (platform.seededAccounts.length) {
    const text = seededAccountsText(platform.seededAccounts);
    console.log(text);
    if (!cfg.databaseUrl) {
      const file = path.join(cfg.dataDir, 'initial-passwords.txt');
      fs.writeFileSync(file, text, { mode: 0o600 });
      console.log(`（同样内容已保存到 ${file}，仅本机管理员可读；修改密码后请删除该文件）\n`);
    }
  }
  log.info({ url: platform.url, seconds: (platform.timings.ready! / 1000).toFixed(1), timings: platform.timings }, '兜底平台已就绪');
  console.log(`\n  兜底平台已就绪：${platform.url}    健康检查：${platform.url}/api/health\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, '正在停止：工作进程收尾、关闭服务、停止引擎和数据库');
    const t = setTimeout(() => {
      log.error('停止超时，强制退出');
      process.exit(1);
    }, 60_000);
    await platform.stop();
    clearTimeout(t);
    log.info('已停止');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error('启动失败：', err instanceof Error ? err.message : err);
  process.exit(1);
});
