/**
 * The containers' health checks (scripts/healthcheck.ts, used by docker/compose.yml), run as
 * the containers run them: a separate process with only the container's settings.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../domain/config.js';
import { thePlatform } from '../support/global-fixture.js';
import { waitFor } from '../support/http.js';

const SCRIPT = path.join(REPO_ROOT, 'dist', 'scripts', 'healthcheck.js');

/** Runs the health check with exactly this environment; returns its exit code and output.
 *  (Asynchronously: the server under test runs in this process and must keep answering.) */
function healthcheck(kind: string, env: Record<string, string>): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, kind], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 20_000 }, (err, stdout, stderr) => {
      const status = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ status, output: `${stdout}${stderr}` });
    });
  });
}

describe('容器健康检查 scripts/healthcheck.js', () => {
  it('server: healthy on the node’s PORT, unhealthy on a port where nothing answers', async () => {
    const port = new URL(thePlatform().url).port;
    const ok = await healthcheck('server', { PORT: port });
    expect(ok.status, ok.output).to.equal(0);
    const down = await healthcheck('server', { PORT: '1' });
    expect(down.status, down.output).to.equal(1);
    expect(down.output).to.contain('不健康');
  });

  it('workers: healthy while a worker process on this host beats, unhealthy without a database', async () => {
    const databaseUrl = thePlatform().databaseUrl;
    // the fixture's worker child runs on this host and writes its heartbeat row
    const ok = await waitFor('worker heartbeat', async () => {
      const r = await healthcheck('workers', { DATABASE_URL: databaseUrl });
      return r.status === 0 ? r : undefined;
    });
    expect(ok.output).to.contain('健康');
    const noDb = await healthcheck('workers', { DATABASE_URL: 'postgres://doudi:x@127.0.0.1:1/doudi' });
    expect(noDb.status, noDb.output).to.equal(1);
  });

  it('refuses an unknown kind', async () => {
    expect((await healthcheck('engine', {})).status).to.equal(2);
  });
});
