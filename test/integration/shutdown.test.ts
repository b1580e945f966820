/**
 * `npm start` stopped by Ctrl-C in a terminal: the terminal sends SIGINT to the
 * whole foreground process group. Only the launcher may take it; it then stops
 * the workers, the server, the engine and the database in that order, so the
 * engine never loses its database mid-shutdown and is never SIGKILLed.
 * (How long it takes is a figure for docs, not an assertion: printed below.)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { REPO_ROOT } from '../../domain/config.js';
import { freePort } from '../support/global-fixture.js';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

interface LogLine {
  msg?: string;
  name?: string;
  pid?: number;
  code?: number | null;
  signal?: string | null;
}

describe('平台启停 / 终端里按 Ctrl-C', () => {
  it('stops workers, engine and database in order through the launcher alone: no child takes the signal itself, none is killed, none is left', async function () {
    this.timeout(240_000);
    // given a platform started from a terminal (the launcher leads its own process group, as a shell's foreground job)
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'doudi-shutdown-'));
    fs.chmodSync(dataDir, 0o755);
    const env: NodeJS.ProcessEnv = { ...process.env, DOUDI_DATA_DIR: dataDir, PORT: String(await freePort()), EMBEDDED_PG_PORT: String(await freePort()), ENGINE_PORT: String(await freePort()), LOG_LEVEL: 'info' };
    delete env.DATABASE_URL;
    delete env.ENGINE_URL;
    const launcher = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', 'scripts', 'start.js')], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    launcher.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    launcher.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
    try {
      const until = Date.now() + 180_000;
      while (!out.includes('兜底平台已就绪') && Date.now() < until && launcher.exitCode === null) await new Promise((r) => setTimeout(r, 200));
      expect(out, 'the platform did not come up').to.include('兜底平台已就绪');
      const lines = (): LogLine[] =>
        out
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as LogLine);
      const enginePid = lines().find((l) => l.msg === '流程引擎已就绪')?.pid;
      const workerPid = lines().find((l) => l.name === 'workers')?.pid;
      const pgPid = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
      expect(enginePid, 'engine pid logged').to.be.a('number');
      expect(workerPid, 'worker pid logged').to.be.a('number');
      for (const pid of [enginePid!, workerPid!, pgPid]) expect(alive(pid)).to.equal(true);

      // when Ctrl-C reaches the whole foreground process group
      const t0 = Date.now();
      process.kill(-launcher.pid!, 'SIGINT');
      const code = await exited;
      console.log(`      [shutdown] launcher exited ${((Date.now() - t0) / 1000).toFixed(1)} s after Ctrl-C`);

      // then the launcher stopped everything itself and exited cleanly
      expect(code, out.slice(-2000)).to.equal(0);
      const log = lines();
      const order = ['正在停止：工作进程收尾、关闭服务、停止引擎和数据库', '工作进程已停止', '引擎进程已退出', '已停止'].map((m) => log.findIndex((l) => l.msg === m));
      expect(
        order.every((i) => i >= 0),
        `shutdown lines missing: ${JSON.stringify(order)}`,
      ).to.equal(true);
      expect([...order].sort((a, b) => a - b)).to.deep.equal(order);
      // the engine ended on the launcher's SIGTERM (exit 143), not on a SIGKILL after hanging without its database
      const engineExit = log.find((l) => l.msg === '引擎进程已退出')!;
      expect(engineExit.signal ?? null, JSON.stringify(engineExit)).to.equal(null);
      // PostgreSQL shut down cleanly (it removes its pid file) and no process is left behind
      await new Promise((r) => setTimeout(r, 200));
      expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), 'postmaster.pid left: PostgreSQL did not stop').to.equal(false);
      for (const pid of [enginePid!, workerPid!, pgPid]) expect(alive(pid), `process ${pid} still running`).to.equal(false);
    } finally {
      if (launcher.exitCode === null) process.kill(-launcher.pid!, 'SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
