/** A server node that dies in the middle of a request, for the engine outbox's fault tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { CrashPoint } from '../../domain/faults.js';
import { freePort, thePlatform } from './global-fixture.js';
import { waitFor } from './http.js';

const SERVER_MAIN = fileURLToPath(new URL('../../server/main.js', import.meta.url));

/**
 * A second server node (`node dist/server/main.js`) over the test platform's database and engine
 * that kills itself with SIGKILL when a request reaches `point` (DOUDI_FAULT_CRASH, honoured in
 * DOUDI_MODE=test only): a real crash, with the transaction it had open lost.
 */
export async function crashingServer(point: CrashPoint): Promise<{ url: string; exited: Promise<void>; child: ChildProcess }> {
  const p = thePlatform();
  const port = await freePort();
  const child = spawn(process.execPath, [SERVER_MAIN], {
    env: { ...process.env, DATABASE_URL: p.databaseUrl, ...p.engineEnv, PORT: String(port), HOST: '127.0.0.1', DOUDI_MODE: 'test', DOUDI_FAULT_CRASH: point, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor('crashing server up', async () => (await fetch(`${url}/api/health`)).status > 0, 90_000, 300);
  return { url, exited, child };
}

/** Sends a request that the server dies in the middle of: the client gets no answer. */
export async function diesDuring(send: () => Promise<unknown>, node: { exited: Promise<void> }): Promise<void> {
  const outcome = await send().then(
    (r) => ({ answered: r }),
    (err: Error) => ({ error: err.message }),
  );
  expect(outcome, 'the server should have died without answering').to.have.property('error');
  await node.exited;
}
