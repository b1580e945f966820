/**
 * Brings the whole platform up and down: embedded PostgreSQL (or DATABASE_URL),
 * the engine child process (or ENGINE_URL), model deployment, the demo seed,
 * the express + socket.io server, and the worker process. Used by `npm start`
 * and by the test harness, so tests run exactly what users run.
 */
import type { Server as HttpServer } from 'node:http';
import path from 'node:path';
import pg from 'pg';
import type { Server as IoServer } from 'socket.io';
import type { DataSource } from 'typeorm';
import type { Config } from '../domain/config.js';
import { createDataSource, withStartupLock } from '../domain/db/data-source.js';
import { appConnectionUrl, provisionAppRole } from '../domain/db/app-role.js';
import { EngineClient } from '../domain/engine/engine-client.js';
import type { Logger } from '../domain/logger.js';
import { seedDemoCounty, type SeededAccount } from '../domain/services/seed.service.js';
import { createApp, createDeps, type AppDeps } from '../server/app.js';
import { attachRealtime } from '../server/realtime.js';
import { deployProcesses } from './deploy.js';
import { upgradeToCountyGroups } from '../domain/engine/county-upgrade.js';
import { ensureReferenceData } from '../domain/deadlines/deadline.service.js';
import { startEmbeddedPostgres, type EmbeddedDb } from './embedded-postgres.js';
import { EngineProcess, buildEngine } from './engine-process.js';
import { loadOrCreateSecrets, piiKeySpecs } from './secrets.js';
import { configurePii, parseKeyring } from '../domain/crypto/pii.js';
import { WorkerProcess } from './worker-process.js';
import { configureFaults } from '../domain/faults.js';
import { OutboxService } from '../domain/services/outbox.service.js';
import { StatisticsService } from '../domain/services/statistics.service.js';

export interface Platform {
  cfg: Config;
  ds: DataSource;
  engine: EngineClient;
  deps: AppDeps;
  http: HttpServer;
  io: IoServer;
  /** Base URL of the server, e.g. http://127.0.0.1:3000 */
  url: string;
  /** The app's connection: the restricted role (doudi_app) when one is provisioned, else the owner's. */
  databaseUrl: string;
  /** The schema owner's connection (migrations, grants; the engine database on the same server). */
  ownerDatabaseUrl: string;
  engineEnv: { ENGINE_URL: string; ENGINE_USER: string; ENGINE_PASSWORD: string };
  embeddedDb?: EmbeddedDb;
  engineProcess?: EngineProcess;
  workers?: WorkerProcess;
  /** Accounts created by the demo seed on this start (empty when already seeded). */
  seededAccounts: SeededAccount[];
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
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch (err) {
        log.warn({ err: (err as Error).message }, '停止组件时出错');
      }
    }
    cleanups.length = 0;
  };
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
      cleanups.push(() => embeddedDb!.stop());
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
      cleanups.push(() => engineProcess!.stop());
      enginePromise = engineProcess.start();
    } else {
      const client = new EngineClient({ baseUrl: cfg.engineUrl, user: cfg.engineUser, password: enginePassword });
      enginePromise = client.version().then(() => client);
    }
    enginePromise.catch(() => undefined); // awaited below; avoid an unhandled rejection meanwhile

    // 3. app schema and demo seed
    // Least privilege: the owner migrates and grants, the app connects as doudi_app (embedded default,
    // or DATABASE_APP_PASSWORD with an external database); see domain/db/app-role.ts.
    const ownerDatabaseUrl = databaseUrl;
    const appPassword = embeddedDb ? secrets!.appDbPassword : cfg.databaseAppPassword;
    databaseUrl = appConnectionUrl(ownerDatabaseUrl, appPassword);
    const ds = createDataSource(databaseUrl, { poolSize: 20, applicationName: 'doudi-server', migrate: !appPassword });
    // Several server nodes may start at once over one database: migrate and seed one after another.
    const seededAccounts = await withStartupLock(ownerDatabaseUrl, async () => {
      if (appPassword) {
        const owner = createDataSource(ownerDatabaseUrl, { poolSize: 2, applicationName: 'doudi-migrate' });
        await owner.initialize();
        try {
          await provisionAppRole(owner, appPassword);
        } finally {
          await owner.destroy();
        }
      }
      await ds.initialize();
      cleanups.push(() => ds.destroy());
      return cfg.seedDemo ? await seedDemoCounty(ds) : [];
    });
    timings.schema = Date.now() - t0;

    const engine = await enginePromise;
    timings.engine = Date.now() - t0;
    await deployProcesses(engine, log);
    await withStartupLock(databaseUrl, () => ensureReferenceData(ds));
    // Installations upgraded from engine-history statistics keep their figures: completions imported once.
    await withStartupLock(databaseUrl, () => new StatisticsService(ds, engine).importHistoryOnce());
    // Installations upgraded from before counties were isolated: running instances get their county, once.
    await withStartupLock(databaseUrl, () => upgradeToCountyGroups(ds, engine, log));

    // 4. server
    const deps = createDeps(cfg, ds, engine, log);
    // One deadline service for the server: the admin's calendar edits reach the engine calls at once.
    engine.attachDeadlines(deps.deadlines);
    // Finishes engine calls a crash interrupted (now and every 30 s; safe on every server node).
    cleanups.push(new OutboxService(ds, engine).startReconciler(log));
    const app = createApp(deps);
    const { createServer } = await import('node:http');
    const http = createServer(app);
    const realtime = attachRealtime(http, { auth: deps.auth, ds, databaseUrl, log, monitor: deps.monitor });
    const io = realtime.io;
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(cfg.port, cfg.host, () => resolve());
    });
    cleanups.push(async () => {
      await realtime.close();
      await new Promise<void>((r) => http.close(() => r()));
    });
    const addr = http.address();
    const port = typeof addr === 'object' && addr ? addr.port : cfg.port;
    const url = `http://${cfg.host === '0.0.0.0' ? '127.0.0.1' : cfg.host}:${port}`;

    // 5. workers
    const engineEnv = { ENGINE_URL: engine.baseUrl, ENGINE_USER: cfg.engineUser, ENGINE_PASSWORD: enginePassword };
    let workers: WorkerProcess | undefined;
    if (opts.workers ?? cfg.startWorkers) {
      workers = new WorkerProcess({ DATABASE_URL: databaseUrl, ...engineEnv, PII_KEYS: pii.piiKeys, PII_INDEX_KEY: pii.piiIndexKey, LOG_LEVEL: cfg.logLevel }, log);
      await workers.start(opts.workerEnv);
      cleanups.push(() => workers!.stop());
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
