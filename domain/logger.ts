/** Structured logging (pino) shared by server, workers and the launcher. */
import { pino, type Logger } from 'pino';

export type { Logger };

/** Creates a logger named after the component that writes it. */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}
