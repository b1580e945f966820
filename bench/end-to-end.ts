/**
 * The end-to-end run shared by bench/throughput.ts and bench/memory.ts: forks
 * bench/driver.ts (the people, over HTTP, in their own process so the server's
 * event loop and memory are the platform's alone), records the database's
 * commit counters and the CPU of every part at the edges of the measured
 * window, and afterwards counts from the databases what was done inside it.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { REPO_ROOT } from '../domain/config.js';
import { cpuSampler, stats, type BenchContext, type Stats } from './lib.js';

export interface DriverMode {
  lanes: number;
  rate: number;
  maxActive: number;
  warmupS: number;
  durationS: number;
  pollMs: number;
}

export interface EndToEndResult {
  windowS: number;
  casesStarted: number;
  casesCompleted: number;
  startedPerS: number;
  completedPerS: number;
  externalTasksCompleted: number;
  externalTasksPerS: number;
  commitsPerS: { app: number; engine: number };
  /** registration → case closed (closed_at), cases registered and closed inside the window */
  caseDuration: Stats;
  latencies: Record<string, Stats>;
  statuses: Record<string, number>;
  errors: number;
  failures: string[];
  cpu: ReturnType<ReturnType<typeof cpuSampler>['cores']>;
}

async function commits(url: string): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(`SELECT datname, xact_commit::bigint AS n FROM pg_stat_database WHERE datname LIKE 'doudi%'`);
    return Object.fromEntries(r.rows.map((x: { datname: string; n: string }) => [x.datname, Number(x.n)]));
  } finally {
    await c.end();
  }
}

const engineTime = (t: number) => encodeURIComponent(new Date(t).toISOString().replace('Z', '+0000'));

/** Runs the driver; `tick` is called every `tickS` seconds while it runs (memory samples). */
export async function endToEnd(ctx: BenchContext, mode: DriverMode, tick?: { everyS: number; fn: () => Promise<void> }): Promise<EndToEndResult> {
  const p = ctx.platform;
  const passwords = Object.fromEntries(p.seededAccounts.map((a) => [a.username, a.password]));
  const sampler = cpuSampler(p, ctx.tmpDir);
  ctx.onCleanup(() => sampler.stop());
  const child = fork(path.join(REPO_ROOT, 'dist', 'bench', 'driver.js'), [], {
    env: { ...process.env, BENCH_DRIVER_JOB: JSON.stringify({ url: p.url, passwords, ...mode }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  ctx.onCleanup(() => void (child.exitCode === null && child.kill('SIGKILL')));
  let c0: Record<string, number> = {};
  let c1: Record<string, number> = {};
  let w0 = 0;
  let w1 = 0;
  const ticker = tick ? setInterval(() => void tick.fn().catch((e) => console.error('sample:', (e as Error).message)), tick.everyS * 1000) : undefined;
  const result = await new Promise<any>((resolve, reject) => {
    child.on('message', (m: any) => {
      if (m?.type === 'window-start') {
        w0 = m.at;
        void commits(p.databaseUrl).then((c) => (c0 = c));
        console.log(`  measured window starts; ${new Date(w0).toISOString()}`);
      } else if (m?.type === 'window-end') {
        w1 = m.at;
        void commits(p.databaseUrl).then((c) => (c1 = c));
        console.log(`  measured window ends; ${new Date(w1).toISOString()}`);
      } else if (m?.type === 'result') resolve(m);
    });
    child.once('exit', (code) => code !== 0 && reject(new Error(`driver exited ${code}`)));
  });
  if (ticker) clearInterval(ticker);
  sampler.stop();
  const windowS = (w1 - w0) / 1000;
  // what happened inside the window, from the databases
  const [row] = (await p.ds.query(
    `SELECT count(*) FILTER (WHERE created_at >= $1 AND created_at < $2)::int AS started,
            count(*) FILTER (WHERE closed_at >= $1 AND closed_at < $2)::int AS completed
     FROM assistance_case WHERE created_at >= $3`,
    [new Date(w0), new Date(w1), new Date(w0 - mode.warmupS * 1000 - 600_000)],
  )) as { started: number; completed: number }[];
  const durations = (await p.ds.query(`SELECT extract(epoch FROM closed_at - created_at) * 1000 AS ms FROM assistance_case WHERE created_at >= $1 AND closed_at < $2`, [new Date(w0), new Date(w1)])) as { ms: string }[];
  const ext = (await ctx.engine('GET', `/history/external-task-log/count?successLog=true&timestampAfter=${engineTime(w0)}&timestampBefore=${engineTime(w1)}`)).count as number;
  const appDb = new URL(p.databaseUrl).pathname.slice(1);
  const latencies = Object.fromEntries(Object.entries(result.latencies as Record<string, number[]>).map(([k, v]) => [k, stats(v)]));
  return {
    windowS,
    casesStarted: row!.started,
    casesCompleted: row!.completed,
    startedPerS: +(row!.started / windowS).toFixed(2),
    completedPerS: +(row!.completed / windowS).toFixed(2),
    externalTasksCompleted: ext,
    externalTasksPerS: +(ext / windowS).toFixed(1),
    commitsPerS: { app: +(((c1[appDb] ?? NaN) - (c0[appDb] ?? NaN)) / windowS).toFixed(1), engine: +(((c1[`${appDb}_engine`] ?? NaN) - (c0[`${appDb}_engine`] ?? NaN)) / windowS).toFixed(1) },
    caseDuration: stats(durations.map((d) => Number(d.ms))),
    latencies,
    statuses: result.statuses,
    errors: result.errors,
    failures: result.failures,
    cpu: sampler.cores(w0, w1),
  };
}
