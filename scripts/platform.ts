/**
 * Brings the whole platform up and down: embedded PostgreSQL (or DATABASE_URL),
 * the engine child process (or ENGINE_URL), model deployment, the demo seed,
 * the server node (server/node.ts), and the worker process. The launcher on top of
 * the layers (it composes runtime/, server/ and the worker child): used by `npm start`
 * and by the test harness, so tests run exactly what users run.
 */
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../domain/config.js';
import { EngineClient } from '../domain/engine/engine-client.js';
import type { Logger } from '../domain/logger.js';
import { type ServerNode, startServerNode } from '../server/node.js';
import { startEmbeddedPostgres, type EmbeddedDb } from '../runtime/embedded-postgres.js';
import { EngineProcess, buildEngine } from '../runtime/engine-process.js';
import { loadOrCreateSecrets, piiKeySpecs } from '../runtime/secrets.js';
import { configurePii, parseKeyring } from '../domain/crypto/pii.js';
import { WorkerProcess } from '../runtime/worker-process.js';
import { configureFaults } from '../domain/faults.js';
import { cleanups } from '../runtime/cleanups.js';

/** The server node (its database, engine, app and sockets) with what the launcher started around it. */
export interface Platform extends Omit<ServerNode, 'stop'> {
  cfg: Config;
  /** The schema owner's connection (migrations, grants; the engine database on the same server). */
  ownerDatabaseUrl: string;
  engineEnv: { ENGINE_URL: string; ENGINE_USER: string; ENGINE_PASSWORD: string };
  embeddedDb?: EmbeddedDb;
  engineProcess?: EngineProcess;
  workers?: WorkerProcess;
  timings: Record<string, number>;
  /**
   * Fault tests: stops the engine child (SIGTERM, or kill -9 with `kill`),
   * runs `whileDown`, and starts it again on the same port. Throws when the
   * engine is external (ENGINE_URL).
   */
  restartEngine(opts?: { kill?: boolean; whileDown?: () => Promise<void> }): Promise<void>;
  /** Fault tests: stops the embedded PostgreSQL (fast shutdown), runs `whileDown`, and starts it again. */
  restartDatabase(opts?: { whileDown?: () => Promise<void> }): Promise<void>;
  stop(): Promise<void>;
}

/** Derives the engine's JDBC URL (database <name>_engine on the same server) from DATABASE_URL. */
export function engineJdbcFrom(databaseUrl: string): { jdbcUrl: string; user: string; password: string; dbName: string } {
  const u = new URL(databaseUrl);
  const dbName = `${u.pathname.replace(/^\//, '') || 'doudi'}_engine`;
  return {
    jdbcUrl: `jdbc:postgresql://${u.hostname}:${u.port || 5432}/${dbName}`,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    dbName,
  };
}

async function ensureDatabase(databaseUrl: string, dbName: string): Promise<void> {
  const u = new URL(databaseUrl);
  u.pathname = '/postgres';
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  try {
    const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    if (r.rowCount === 0) await c.query(`CREATE DATABASE "${dbName.replace(/"/g, '')}"`);
  } finally {
    await c.end();
  }
}

export interface StartOptions {
  /** Start the worker process (tests may manage workers themselves). */
  workers?: boolean;
  /** Extra environment for the engine child (tests tune the job executor). */
  engineEnv?: Record<string, string>;
  /** Extra environment for the worker child. */
  workerEnv?: Record<string, string>;
}

/** Starts everything the configuration asks for; on failure, stops what was started. */
export async function startPlatform(cfg: Config, log: Logger, opts: StartOptions = {}): Promise<Platform> {
  const t0 = Date.now();
  const timings: Record<string, number> = {};
  const started = cleanups(log);
  const stopAll = () => started.stopAll();
  try {
    // 0. the personal-data keyring (before any entity is read or written)
    const pii = piiKeySpecs(cfg);
    configurePii(parseKeyring(pii.piiKeys, pii.piiIndexKey));
    configureFaults(cfg.faultCrashAt);

    // 1. database
    let databaseUrl = cfg.databaseUrl;
    let engineDb: { jdbcUrl: string; user: string; password: string };
    let embeddedDb: EmbeddedDb | undefined;
    const secrets = cfg.databaseUrl && cfg.engineUrl ? undefined : loadOrCreateSecrets(cfg.dataDir);
    if (!databaseUrl) {
      embeddedDb = await startEmbeddedPostgres({ dataDir: cfg.dataDir, port: cfg.embeddedPgPort, password: secrets!.pgPassword, log });
      started.push(() => embeddedDb!.stop());
      databaseUrl = embeddedDb.appUrl;
      engineDb = { jdbcUrl: embeddedDb.engineJdbcUrl, user: embeddedDb.user, password: embeddedDb.password };
      log.info({ port: embeddedDb.port, dataDir: cfg.dataDir }, '内嵌 PostgreSQL 已启动');
    } else {
      const d = engineJdbcFrom(databaseUrl);
      engineDb = cfg.engineJdbcUrl ? { jdbcUrl: cfg.engineJdbcUrl, user: d.user, password: d.password } : d;
      if (!cfg.engineUrl && !cfg.engineJdbcUrl) await ensureDatabase(databaseUrl, d.dbName);
    }
    timings.database = Date.now() - t0;

    // 2. engine (started in parallel with migrations and seeding)
    let engineProcess: EngineProcess | undefined;
    let enginePromise: Promise<EngineClient>;
    const enginePassword = cfg.enginePassword ?? secrets!.enginePassword;
    if (!cfg.engineUrl) {
      buildEngine(log);
      timings.engineBuild = Date.now() - t0;
      engineProcess = new EngineProcess({
        port: cfg.enginePort,
        jdbcUrl: engineDb.jdbcUrl,
        dbUser: engineDb.user,
        dbPassword: engineDb.password,
        user: cfg.engineUser,
        password: enginePassword,
        javaOpts: cfg.engineJavaOpts,
        logFile: path.join(cfg.dataDir, 'logs', 'engine.log'),
        startTimeoutSec: cfg.engineStartTimeoutSec,
        log,
        env: opts.engineEnv,
      });
      started.push(() => engineProcess!.stop());
      enginePromise = engineProcess.start();
    } else {
      const client = new EngineClient({ baseUrl: cfg.engineUrl, user: cfg.engineUser, password: enginePassword });
      enginePromise = client.version().then(() => client);
    }
    enginePromise.catch(() => undefined); // awaited below; avoid an unhandled rejection meanwhile

    // 3. the server node: app schema and demo seed (while the engine starts), models, the app
    const node = await startServerNode(cfg, log, {
      ownerDatabaseUrl: databaseUrl,
      appPassword: embeddedDb ? secrets!.appDbPassword : cfg.databaseAppPassword,
      engine: enginePromise,
      mark: (stage) => (timings[stage] = Date.now() - t0),
    });
    started.push(() => node.stop());
    const { ds, engine, deps, http, io, url, seededAccounts } = node;
    const ownerDatabaseUrl = databaseUrl;
    databaseUrl = node.databaseUrl;

    // 4. workers
    const engineEnv = { ENGINE_URL: engine.baseUrl, ENGINE_USER: cfg.engineUser, ENGINE_PASSWORD: enginePassword };
    let workers: WorkerProcess | undefined;
    if (opts.workers ?? cfg.startWorkers) {
      workers = new WorkerProcess({ DATABASE_URL: databaseUrl, ...engineEnv, PII_KEYS: pii.piiKeys, PII_INDEX_KEY: pii.piiIndexKey, LOG_LEVEL: cfg.logLevel }, log);
      await workers.start(opts.workerEnv);
      started.push(() => workers!.stop());
    }
    timings.ready = Date.now() - t0;
    return {
      cfg,
      ds,
      engine,
      deps,
      http,
      io,
      url,
      databaseUrl,
      ownerDatabaseUrl,
      engineEnv,
      embeddedDb,
      engineProcess,
      workers,
      seededAccounts,
      timings,
      async restartEngine(o = {}) {
        if (!engineProcess) throw new Error('流程引擎是外部服务（ENGINE_URL），无法由本进程重启');
        if (o.kill) await engineProcess.kill();
        else await engineProcess.stop();
        try {
          await o.whileDown?.();
        } finally {
          await engineProcess.start();
        }
      },
      async restartDatabase(o = {}) {
        if (!embeddedDb) throw new Error('数据库是外部服务（DATABASE_URL），无法由本进程重启');
        await embeddedDb.stop();
        try {
          await o.whileDown?.();
        } finally {
          await embeddedDb.start();
        }
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
