/** The TypeORM DataSource of the app schema, shared by server and workers. */
import 'reflect-metadata';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../entities/index.js';
import { MIGRATIONS } from './migrations/index.js';

/**
 * Creates (but does not initialise) the app DataSource. Migrations run on
 * initialise unless `migrate` is false (the restricted app role, see
 * app-role.ts, connects after the owner migrated).
 */
export function createDataSource(url: string, opts: { poolSize?: number; applicationName?: string; migrate?: boolean } = {}): DataSource {
  const migrate = opts.migrate ?? true;
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: migrate,
    installExtensions: migrate,
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    logging: ['error'],
    poolSize: opts.poolSize ?? 10,
    applicationName: opts.applicationName ?? 'doudi',
    // Waiting for a pooled connection: generous, since a loaded database (a cluster node failing over)
    // answers slowly, and a handler or request that gives up fails for nothing.
    extra: { connectionTimeoutMillis: 15_000 },
  });
}

/** Key of the PostgreSQL advisory lock that serialises start-up work on the app database. */
const STARTUP_LOCK_KEY = 0x646f756469; // "doudi"

/**
 * Runs fn while holding a session-level advisory lock on the app database:
 * several servers and workers starting at once over one database (a cluster)
 * then run migrations and seeding one after another instead of racing.
 */
export async function withStartupLock<T>(url: string, fn: () => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, application_name: 'doudi-startup-lock', connectionTimeoutMillis: 5_000 });
  c.on('error', () => undefined);
  await c.connect();
  try {
    await c.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
    return await fn();
  } finally {
    await c.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]).catch(() => undefined);
    await c.end().catch(() => undefined);
  }
}
