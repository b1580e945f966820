/** Telling "the database cannot be reached" apart from errors of a statement, for the server (503) and the workers (retry without counting). */
import { QueryFailedError } from 'typeorm';

/** Connection-level failures (SQLSTATE class 08, shutdown 57P0x, too many connections), not errors of a statement. */
const DB_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006']);
const DB_DOWN_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command/i;

/** True when the error means the database cannot be reached (TypeORM wraps driver errors in QueryFailedError). */
export function isDatabaseDown(err: unknown): boolean {
  const e = err as { code?: string; message?: string; driverError?: { code?: string; message?: string } } | undefined;
  if (!e) return false;
  // TypeORM releases a transaction's connection when it breaks; the transaction's next statement then says so.
  if (err instanceof Error && (err.name === 'QueryRunnerAlreadyReleasedError' || err.name === 'QueryRunnerProviderAlreadyReleasedError')) return true;
  const inner = err instanceof QueryFailedError ? e.driverError : undefined;
  const code = inner?.code ?? e.code;
  if (code && DB_DOWN_CODES.has(code)) return true;
  return DB_DOWN_MESSAGE.test(String(inner?.message ?? e.message ?? ''));
}
