/**
 * Crash points for the fault tests of the engine outbox: with DOUDI_MODE=test and
 * DOUDI_FAULT_CRASH=<point>, the process kills itself with SIGKILL when it reaches that point,
 * exactly as a power cut would (no catch block, no clean-up, open transactions lost). In any
 * other mode the setting is not even read (config.ts), and these calls do nothing.
 */
let crashAt: string | undefined;

/** Sets the crash point of this process (from Config.faultCrashAt). */
export function configureFaults(point: string | undefined): void {
  crashAt = point;
}

/** The places of an engine call where a test may crash the server. */
export type CrashPoint = 'task.before-engine' | 'task.after-engine' | 'task.after-commit' | 'start.before-engine' | 'start.after-engine' | 'start.after-commit';

/** Dies here when this is the configured crash point. */
export function crashPoint(point: CrashPoint): void {
  if (crashAt === point) process.kill(process.pid, 'SIGKILL');
}
