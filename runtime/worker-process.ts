/**
 * The worker child process (dist/workers/main.js), supervised: restarted
 * with backoff when it dies unexpectedly, drained on stop.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../domain/config.js';
import type { Logger } from '../domain/logger.js';

export const WORKER_MAIN = path.join(REPO_ROOT, 'dist', 'workers', 'main.js');

export class WorkerProcess {
  private child?: ChildProcess;
  private stopping = false;
  private restarts = 0;

  constructor(
    private readonly env: Record<string, string>,
    private readonly log: Logger,
    private readonly supervise = true,
    /** Append the worker's output to this file instead of the launcher's (cluster benchmark). */
    private readonly logFile?: string,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Forks the worker and resolves when it reports ready. */
  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    this.stopping = false;
    const out = this.logFile ? fs.openSync(this.logFile, 'a') : 'inherit';
    const child = fork(WORKER_MAIN, [], { env: { ...process.env, ...this.env, ...extraEnv }, stdio: ['ignore', out, out, 'ipc'], detached: true }); // own process group: see engine-process.ts
    if (typeof out === 'number') fs.closeSync(out);
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`工作进程启动失败（退出码 ${code}）`));
      child.once('exit', onExit);
      child.on('message', (m: { type?: string }) => {
        if (m?.type === 'worker.ready') {
          child.off('exit', onExit);
          resolve();
        }
      });
    });
    child.once('exit', (code, signal) => {
      if (this.stopping || !this.supervise) return;
      const delay = Math.min(30_000, 1000 * 2 ** Math.min(this.restarts++, 5));
      this.log.warn({ code, signal, delay }, '工作进程意外退出，稍后重启');
      setTimeout(() => {
        if (!this.stopping)
          this.start(extraEnv)
            .then(() => (this.restarts = 0))
            .catch((e) => this.log.error({ err: (e as Error).message }, '工作进程重启失败'));
      }, delay);
    });
  }

  /** Asks the worker to drain and exit; kills it if it does not within the grace period. */
  async stop(graceMs = 40_000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const done = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await done;
    clearTimeout(t);
  }

  /** kill -9 (fault tests): no drain, locks stay until they expire. */
  async kill9(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const done = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGKILL');
    await done;
  }
}
