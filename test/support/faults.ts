/** Fault helpers of the incident tests: a worker whose steps of one topic always fail. */
import { WorkerProcess } from '../../runtime/worker-process.js';
import { createLogger } from '../../domain/logger.js';
import { thePlatform } from './global-fixture.js';

/**
 * Replaces the regular worker by one whose tasks of `topic` fail at once (one
 * attempt, so an incident follows the first failure). `restore()` kills it and
 * starts the regular worker again; it may be called more than once.
 */
export async function failingWorker(topic: string): Promise<{ restore(): Promise<void> }> {
  const p = thePlatform();
  await p.workers!.stop();
  const faulty = new WorkerProcess({ DATABASE_URL: p.databaseUrl, ...p.engineEnv }, createLogger('test-worker', 'warn'), false);
  await faulty.start({ WORKER_FAULT_FAIL: topic, WORKER_RETRIES: '1', INCIDENT_SWEEP_MS: '300' });
  let restored = false;
  return {
    async restore() {
      if (restored) return;
      restored = true;
      await faulty.kill9();
      await p.workers!.start();
    },
  };
}
