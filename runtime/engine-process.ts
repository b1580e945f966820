/**
 * The engine child process: builds engine/target/doudi-engine.jar when it is
 * out of date (engine/build.sh), starts it against the engine database, waits
 * until its REST API answers, and stops it on shutdown.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from '../domain/config.js';
import { EngineClient } from '../domain/engine/engine-client.js';
import type { Logger } from '../domain/logger.js';

export const ENGINE_JAR = path.join(REPO_ROOT, 'engine', 'target', 'doudi-engine.jar');

/** Runs engine/build.sh, which rebuilds the jar only when pom.xml or src/ changed. */
export function buildEngine(log: Logger): void {
  const t0 = Date.now();
  const r = spawnSync('bash', [path.join(REPO_ROOT, 'engine', 'build.sh')], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`引擎构建失败（engine/build.sh 退出码 ${r.status}）：\n${(r.stdout ?? '').slice(-3000)}\n${(r.stderr ?? '').slice(-3000)}`);
  }
  log.info({ ms: Date.now() - t0 }, (r.stdout ?? '').trim().split('\n').pop() ?? '引擎已就绪');
}

export interface EngineProcessOptions {
  port: number;
  jdbcUrl: string;
  dbUser: string;
  dbPassword: string;
  user: string;
  password: string;
  javaOpts: string;
  logFile: string;
  startTimeoutSec: number;
  log: Logger;
  /** Extra environment (e.g. job-executor settings) for tests and benchmarks. */
  env?: Record<string, string>;
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: '127.0.0.1' });
    sock.once('connect', () => {
      sock.destroy();
      resolve(false);
    });
    sock.once('error', () => resolve(true));
  });
}

export class EngineProcess {
  private child?: ChildProcess;
  private exited = false;
  readonly baseUrl: string;

  constructor(private readonly o: EngineProcessOptions) {
    this.baseUrl = `http://127.0.0.1:${o.port}/engine-rest`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the jar and resolves when GET /engine-rest/version answers with the credentials. */
  async start(): Promise<EngineClient> {
    if (!fs.existsSync(ENGINE_JAR)) throw new Error(`找不到引擎程序 ${ENGINE_JAR}，请先运行 engine/build.sh`);
    if (!(await portFree(this.o.port))) throw new Error(`引擎端口 ${this.o.port} 已被占用：可能有残留的引擎进程，或请用 ENGINE_PORT 指定其他端口`);
    fs.mkdirSync(path.dirname(this.o.logFile), { recursive: true });
    const out = fs.openSync(this.o.logFile, 'a');
    const t0 = Date.now();
    this.child = spawn('java', [...this.o.javaOpts.split(/\s+/).filter(Boolean), '-jar', ENGINE_JAR], {
      // stdin is a pipe the engine watches: if this process dies, even by kill -9, the engine exits too.
      stdio: ['pipe', out, out],
      // Own process group: Ctrl-C in a terminal signals the launcher only, which stops the engine in order.
      detached: true,
      env: {
        ...process.env,
        ENGINE_PORT: String(this.o.port),
        ENGINE_BIND: '127.0.0.1',
        ENGINE_DB_URL: this.o.jdbcUrl,
        ENGINE_DB_USER: this.o.dbUser,
        ENGINE_DB_PASSWORD: this.o.dbPassword,
        ENGINE_USER: this.o.user,
        ENGINE_PASSWORD: this.o.password,
        ENGINE_EXIT_WITH_PARENT: 'true',
        ...this.o.env,
      },
    });
    fs.closeSync(out);
    this.exited = false;
    this.child.once('exit', (code, signal) => {
      this.exited = true;
      this.o.log.info({ code, signal }, '引擎进程已退出');
    });
    const client = new EngineClient({ baseUrl: this.baseUrl, user: this.o.user, password: this.o.password, timeoutMs: 5_000 });
    const deadline = Date.now() + this.o.startTimeoutSec * 1000;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`引擎进程启动失败，日志末尾：\n${this.tail()}`);
      try {
        const v = await client.version();
        this.o.log.info({ version: v.version, seconds: ((Date.now() - t0) / 1000).toFixed(1), pid: this.child.pid }, '流程引擎已就绪');
        return new EngineClient({ baseUrl: this.baseUrl, user: this.o.user, password: this.o.password });
      } catch {
        await new Promise((r) => setTimeout(r, 300));
      }
    }
    await this.stop();
    throw new Error(`引擎在 ${this.o.startTimeoutSec} 秒内未就绪，日志末尾：\n${this.tail()}`);
  }

  private tail(): string {
    try {
      return fs.readFileSync(this.o.logFile, 'utf8').split('\n').slice(-40).join('\n');
    } catch {
      return '';
    }
  }

  /** SIGTERM, then SIGKILL after the grace period. */
  async stop(graceMs = 20_000): Promise<void> {
    const child = this.child;
    if (!child || this.exited || child.exitCode !== null) return;
    const done = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await done;
    clearTimeout(timer);
  }

  /** Kills the engine abruptly (fault tests). */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || this.exited) return;
    const done = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGKILL');
    await done;
  }
}
