/**
 * One server node over a database and an engine that are already running: the app schema and
 * the demo seed, the models, the express app with socket.io, and the outbox reconciler. The
 * launcher (scripts/platform.ts) and the server alone (server/main.ts) both start it.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { Server as IoServer } from 'socket.io';
import type { DataSource } from 'typeorm';
import type { Config } from '../domain/config.js';
import { appConnectionUrl, provisionAppRole } from '../domain/db/app-role.js';
import { createDataSource, withStartupLock } from '../domain/db/data-source.js';
import { ensureReferenceData } from '../domain/deadlines/deadline.service.js';
import { upgradeToCountyGroups } from '../domain/engine/county-upgrade.js';
import type { EngineClient } from '../domain/engine/engine-client.js';
import type { Logger } from '../domain/logger.js';
import { OutboxService } from '../domain/services/outbox.service.js';
import { type SeededAccount, seedDemoCounty } from '../domain/services/seed.service.js';
import { StatisticsService } from '../domain/services/statistics.service.js';
import { cleanups } from '../runtime/cleanups.js';
import { deployProcesses } from '../runtime/deploy.js';
import { type AppDeps, createApp, createDeps } from './app.js';
import { attachRealtime } from './realtime.js';

export interface ServerNode {
  ds: DataSource;
  /** The engine as the services call it (with the deadline variables, see domain/deadlines/engine-with-deadlines.ts). */
  engine: EngineClient;
  deps: AppDeps;
  http: HttpServer;
  io: IoServer;
  /** Base URL of the server, e.g. http://127.0.0.1:3000 */
  url: string;
  /** The app's connection: the restricted role (doudi_app) when one is provisioned, else the owner's. */
  databaseUrl: string;
  /** Accounts created by the demo seed on this start (empty when already seeded). */
  seededAccounts: SeededAccount[];
  /** Closes socket.io and the http server, stops the reconciler and closes the pool. */
  stop(): Promise<void>;
}

export interface ServerNodeOptions {
  /** The schema owner's connection (migrations, grants). */
  ownerDatabaseUrl: string;
  /** The password of the restricted app role (doudi_app), when the app connects as it. */
  appPassword?: string;
  /** The engine, once it answers (the schema is migrated and seeded meanwhile). */
  engine: Promise<EngineClient>;
  /** Records how long each stage took since the start (schema, engine). */
  mark?: (stage: string) => void;
}

/** Starts a server node; on failure, stops what it started. */
export async function startServerNode(cfg: Config, log: Logger, opts: ServerNodeOptions): Promise<ServerNode> {
  const started = cleanups(log);
  const stop = () => started.stopAll();
  try {
    // Least privilege: the owner migrates and grants, the app connects as doudi_app (embedded default,
    // or DATABASE_APP_PASSWORD with an external database); see domain/db/app-role.ts.
    const { ownerDatabaseUrl, appPassword } = opts;
    const databaseUrl = appConnectionUrl(ownerDatabaseUrl, appPassword);
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
      started.push(() => ds.destroy());
      return cfg.seedDemo ? await seedDemoCounty(ds) : [];
    });
    opts.mark?.('schema');

    const engine = await opts.engine;
    opts.mark?.('engine');
    await deployProcesses(engine, log);
    await withStartupLock(databaseUrl, () => ensureReferenceData(ds));
    // Installations upgraded from engine-history statistics keep their figures: completions imported once.
    await withStartupLock(databaseUrl, () => new StatisticsService(ds, engine).importHistoryOnce());
    // Installations upgraded from before counties were isolated: running instances get their county, once.
    await withStartupLock(databaseUrl, () => upgradeToCountyGroups(ds, engine, log));

    // One deadline service for the server: the admin's calendar edits reach the engine calls at once.
    // deps.engine sets the deadlines of the user tasks its starts, completions and messages lead into.
    const deps = createDeps(cfg, ds, engine, log);
    // Finishes engine calls a crash interrupted (now and every 30 s; safe on every server node).
    started.push(new OutboxService(ds, deps.engine).startReconciler(log));
    const http = createServer(createApp(deps));
    const realtime = attachRealtime(http, { auth: deps.auth, alerts: deps.alerts, ds, databaseUrl, log, monitor: deps.monitor });
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(cfg.port, cfg.host, () => resolve());
    });
    started.push(async () => {
      await realtime.close();
      await new Promise<void>((r) => http.close(() => r()));
    });
    const addr = http.address();
    const port = typeof addr === 'object' && addr ? addr.port : cfg.port;
    const url = `http://${cfg.host === '0.0.0.0' ? '127.0.0.1' : cfg.host}:${port}`;
    return { ds, engine: deps.engine, deps, http, io: realtime.io, url, databaseUrl, seededAccounts, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
