/**
 * Benchmark (not a test): external-task pickup latency.
 *
 * From the creation of an external task in the engine to the start of its
 * handler in the worker, with the shipped long polling. The platform is started
 * as `npm start` does (scripts/platform.ts, fresh temporary data dir) but
 * without its worker child; instead this benchmark forks bench/pickup-worker.ts:
 * the shipped WorkerRunner with the shipped configuration and every shipped
 * topic, plus the topic `bench.pickup` of a bench-only model
 * (bench/models/bench-pickup.bpmn: start → external service task → end).
 *
 * Instances are started through the engine REST API at fixed rates, one phase
 * per rate. For each external task:
 *   created = timestamp of its creation log in the engine history
 *             (ACT_HI_EXT_TASK_LOG, written in the transaction that creates the task)
 *   started = Date.now() at the first line of the handler in the worker process
 *   pickup  = started − created
 * Both clocks are this machine's system clock. The interval includes the
 * commit of the creating transaction, the engine's notification of the waiting
 * long poll, its response, the client library and the runner.
 *
 * Run: `npm run bench:pickup`. Settings (environment, all optional):
 *   BENCH_PICKUP_RATES (1,10,30)   instances started per second, one phase each
 *   BENCH_PICKUP_PHASE_S (30)      seconds per phase
 *   BENCH_WORKER_ENV               extra worker environment, "K=V,K=V"
 *   BENCH_OUT                      write samples and summary as JSON here
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../domain/config.js';
import { deployBenchModel, intEnv, kvEnv, loadLine, ms, parseTime, row, runBench, sleep, stats, TABLE_HEAD } from './lib.js';

const RATES = (process.env.BENCH_PICKUP_RATES || '1,10,30').split(',').map(Number);
if (RATES.some((r) => !(r > 0 && r <= 500))) throw new Error('BENCH_PICKUP_RATES: a comma list of rates in (0, 500]');
const PHASE_S = intEnv('BENCH_PICKUP_PHASE_S', 30, 5, 600);
const WORKER_ENV = kvEnv('BENCH_WORKER_ENV');

runBench('pickup', { hardLimitS: 120 + RATES.length * (PHASE_S + 30), start: { workers: false } }, async (ctx) => {
  const { platform: p, engine } = ctx;
  await deployBenchModel(ctx, 'bench-pickup.bpmn', fs.readFileSync(path.join(REPO_ROOT, 'bench', 'models', 'bench-pickup.bpmn'), 'utf8'));

  // the worker child: the shipped runner and topics plus bench.pickup
  const child: ChildProcess = fork(path.join(REPO_ROOT, 'dist', 'bench', 'pickup-worker.js'), [], {
    env: { ...process.env, DATABASE_URL: p.databaseUrl, ...p.engineEnv, ...WORKER_ENV },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  ctx.onCleanup(async () => {
    if (child.exitCode !== null) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.send({ type: 'stop' });
    const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await gone;
    clearTimeout(t);
  });
  const settings = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once('exit', (c) => reject(new Error(`bench worker exited ${c}`)));
    child.on('message', (m: any) => m?.type === 'ready' && resolve(m.settings));
  });
  console.log(`worker ready: ${JSON.stringify(settings)}; warming up (20 instances, not measured)`);
  for (let i = 0; i < 20; i++) {
    await engine('POST', '/process-definition/key/bench-pickup/start', {});
    await sleep(100);
  }
  await sleep(2000);
  const collect = () =>
    new Promise<[string, number][]>((resolve) => {
      const on = (m: any) => {
        if (m?.type !== 'starts') return;
        child.off('message', on);
        resolve(m.starts);
      };
      child.on('message', on);
      child.send({ type: 'report' });
    });
  await collect(); // drop the warm-up samples

  const results: { rate: number; load: string; pickup: ReturnType<typeof stats>; fromRequest: ReturnType<typeof stats>; missing: number; startedPerS: number }[] = [];
  const raw: Record<string, unknown>[] = [];
  for (const rate of RATES) {
    const n = Math.round(rate * PHASE_S);
    const sentAt = new Map<string, number>();
    const t0 = Date.now() + 200;
    const inflight: Promise<void>[] = [];
    let failures = 0;
    const since = new Date(Date.now() - 1000).toISOString().replace('Z', '+0000');
    for (let i = 0; i < n; i++) {
      const wait = t0 + (i * 1000) / rate - Date.now();
      if (wait > 0) await sleep(wait);
      const at = Date.now();
      inflight.push(
        engine('POST', '/process-definition/key/bench-pickup/start', {}).then(
          (r) => void sentAt.set(r.id, at),
          () => void failures++,
        ),
      );
    }
    await Promise.all(inflight);
    const startedPerS = n / ((Date.now() - t0) / 1000);
    // wait (at most 30 s) until every handler of this phase has started
    const starts = new Map<string, number>();
    for (let waited = 0; starts.size < sentAt.size && waited < 30; waited++) {
      await sleep(1000);
      for (const [id, at] of await collect()) starts.set(id, at);
    }
    const logs = (await engine('GET', `/history/external-task-log?creationLog=true&processDefinitionKey=bench-pickup&timestampAfter=${encodeURIComponent(since)}&maxResults=${n * 2 + 100}`)) as {
      externalTaskId: string;
      processInstanceId: string;
      timestamp: string;
    }[];
    const pickup: number[] = [];
    const fromRequest: number[] = [];
    let missing = 0;
    for (const l of logs) {
      const sent = sentAt.get(l.processInstanceId);
      if (sent === undefined) continue; // a warm-up or earlier phase's instance
      const started = starts.get(l.externalTaskId);
      if (started === undefined) {
        missing++;
        continue;
      }
      const created = parseTime(l.timestamp)!;
      pickup.push(started - created);
      fromRequest.push(started - sent);
      raw.push({ rate, created, started, sent });
    }
    const r = { rate, load: loadLine(), pickup: stats(pickup), fromRequest: stats(fromRequest), missing: missing + (n - sentAt.size), startedPerS: +startedPerS.toFixed(1) };
    results.push(r);
    console.log(`phase ${rate}/s: ${n} instances (${failures} failed to start), ${r.pickup.n} pickups measured, ${r.missing} missing (not started within 30 s after the phase); ${r.load}`);
  }

  console.log(`\npickup latency, external task created → handler started (ms)\n| rate (instances/s) ${TABLE_HEAD.slice(TABLE_HEAD.indexOf('|', 1))}`);
  for (const r of results) console.log(row(`${r.rate}/s`, r.pickup));
  console.log(`\nfor comparison: REST start request sent (client clock) → handler started (ms)\n| rate (instances/s) ${TABLE_HEAD.slice(TABLE_HEAD.indexOf('|', 1))}`);
  for (const r of results) console.log(row(`${r.rate}/s`, r.fromRequest));
  console.log(
    `\nconfiguration: worker ${JSON.stringify(settings)}, overrides ${JSON.stringify(WORKER_ENV)}; phase ${PHASE_S} s; started rates achieved ${results.map((r) => r.startedPerS).join(', ')}/s; loads ${results.map((r) => r.load).join(' | ')}`,
  );
  const worst = Math.max(...results.map((r) => r.pickup.p95));
  console.log(`\nheadline: pickup p95 ${results.map((r) => `${ms(r.pickup.p95)} ms at ${r.rate}/s`).join(', ')} — target p95 < 50 ms ${worst < 50 ? 'MET' : 'NOT MET'} (${os.availableParallelism()} cores)`);
  if (process.env.BENCH_OUT) fs.writeFileSync(process.env.BENCH_OUT, JSON.stringify({ at: new Date().toISOString(), machine: ctx.machine, settings, results, raw }, null, 1));
  return results.every((r) => r.pickup.n > 0) ? 0 : 1;
});
