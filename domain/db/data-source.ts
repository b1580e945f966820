/** The TypeORM DataSource of the app schema, shared by server and workers. */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../entities/index.js';
import { MIGRATIONS } from './migrations/index.js';

/** Creates (but does not initialise) the app DataSource. Migrations run on initialise. */
export function createDataSource(url: string, opts: { poolSize?: number; applicationName?: string } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    logging: ['error'],
    poolSize: opts.poolSize ?? 10,
    applicationName: opts.applicationName ?? 'doudi',
    extra: { connectionTimeoutMillis: 5_000 },
  });
}
