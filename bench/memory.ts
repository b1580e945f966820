/**
 * Benchmark (not a test): memory under a steady end-to-end load.
 *
 * Benchmark 1's driver (bench/driver.ts, its own process) in open-loop mode:
 * one new 社会救助 case every 1/BENCH_RATE s, each completed through the HTTP
 * API, for BENCH_DURATION_S seconds (default 30 min). Every BENCH_SAMPLE_S
 * seconds, and at the start and the end of the window:
 *   engine heap    `jcmd <pid> GC.run` (a full collection, so the figure is the
 *                  live heap, not garbage waiting for the collector), then
 *                  `jstat -gc <pid>`: used = S0U + S1U + EU + OU; metaspace MU
 *   engine RSS     /proc/<pid>/status VmRSS
 *   server RSS     VmRSS of this process (express + socket.io, started in-process
 *                  as `npm start` does; the driver runs in another process) and the
 *                  V8 heap after global.gc() (run with --expose-gc, as npm run bench:memory does)
 *   worker RSS     VmRSS of the worker child
 * Growth = (last − first) / first of the samples inside the window; the
 * target is at most 10 % for the engine heap and the server RSS.
 *
 * Run: `npm run bench:memory` (30 min). Settings: BENCH_DURATION_S (1800),
 * BENCH_RATE (0.5 cases/s), BENCH_MAX_ACTIVE (200), BENCH_WARMUP_S (60),
 * BENCH_SAMPLE_S (60), BENCH_NOTICE_S (5), BENCH_POLL_MS (500), BENCH_OUT (JSON).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { endToEnd } from './end-to-end.js';
import { intEnv, loadLine, rssMiB, runBench, sleep } from './lib.js';

const DURATION_S = intEnv('BENCH_DURATION_S', 1800, 30, 24 * 3600);
const RATE = Number(process.env.BENCH_RATE ?? '0.5');
if (!(RATE > 0 && RATE <= 100)) throw new Error('BENCH_RATE must be in (0, 100] cases per second');
const MAX_ACTIVE = intEnv('BENCH_MAX_ACTIVE', 200, 1, 10_000);
const WARMUP_S = intEnv('BENCH_WARMUP_S', 60, 0, 3600);
const SAMPLE_S = intEnv('BENCH_SAMPLE_S', 60, 5, 3600);
const NOTICE_S = intEnv('BENCH_NOTICE_S', 5, 1, 3600);
const POLL_MS = intEnv('BENCH_POLL_MS', 500, 50, 10_000);

interface Sample {
  t: number;
  engineHeapMiB: number;
  engineOldMiB: number;
  engineMetaspaceMiB: number;
  engineRssMiB: number;
  serverRssMiB: number;
  serverHeapMiB: number;
  workerRssMiB: number;
  load: string;
}

/** Live engine heap: full GC, then jstat -gc (KiB columns). */
function engineHeap(pid: number | undefined): { heap: number; old: number; meta: number } {
  if (!pid) return { heap: NaN, old: NaN, meta: NaN };
  spawnSync('jcmd', [String(pid), 'GC.run'], { encoding: 'utf8', timeout: 60_000 });
  const r = spawnSync('jstat', ['-gc', String(pid)], { encoding: 'utf8', timeout: 60_000 });
  const [head, vals] = (r.stdout ?? '')
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/));
  if (!head || !vals) return { heap: NaN, old: NaN, meta: NaN };
  const v = (k: string) => Number(vals[head.indexOf(k)]) / 1024;
  return { heap: v('S0U') + v('S1U') + v('EU') + v('OU'), old: v('OU'), meta: v('MU') };
}

runBench('memory', { hardLimitS: WARMUP_S + DURATION_S + 900, env: { PUBLIC_NOTICE_SECONDS: String(NOTICE_S) } }, async (ctx) => {
  const p = ctx.platform;
  const samples: Sample[] = [];
  let inWindow = false;
  const take = async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const h = engineHeap(p.engineProcess?.pid);
    const s: Sample = {
      t: Date.now(),
      engineHeapMiB: +h.heap.toFixed(1),
      engineOldMiB: +h.old.toFixed(1),
      engineMetaspaceMiB: +h.meta.toFixed(1),
      engineRssMiB: +rssMiB(p.engineProcess?.pid).toFixed(1),
      serverRssMiB: +rssMiB(process.pid).toFixed(1),
      serverHeapMiB: gc ? +(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1) : NaN,
      workerRssMiB: +rssMiB(p.workers?.pid).toFixed(1),
      load: loadLine(),
    };
    if (inWindow) samples.push(s);
    console.log(
      `  sample: engine heap ${s.engineHeapMiB} MiB (old ${s.engineOldMiB}, metaspace ${s.engineMetaspaceMiB}), engine RSS ${s.engineRssMiB}, server RSS ${s.serverRssMiB} (V8 heap ${s.serverHeapMiB}), worker RSS ${s.workerRssMiB} MiB; ${s.load}`,
    );
  };
  if (!(globalThis as { gc?: unknown }).gc) console.warn('run with node --expose-gc for the server heap after GC (npm run bench:memory does)');
  await take(); // idle platform, before any case (printed, not part of the window)
  console.log(`driving ${RATE} cases/s for ${WARMUP_S} + ${DURATION_S} s, sampling every ${SAMPLE_S} s`);
  const run = endToEnd(
    ctx,
    { lanes: 0, rate: RATE, maxActive: MAX_ACTIVE, warmupS: WARMUP_S, durationS: DURATION_S, pollMs: POLL_MS },
    {
      everyS: SAMPLE_S,
      fn: async () => {
        if (inWindow) await take();
      },
    },
  );
  const startAt = Date.now() + WARMUP_S * 1000;
  await sleep(Math.max(0, startAt - Date.now()));
  inWindow = true;
  await take(); // the first sample of the window
  const r = await run;
  await take(); // the last (the driver stopped; in-flight cases had up to 60 s to finish)
  inWindow = false;
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const growth = (k: keyof Sample) => (((last[k] as number) - (first[k] as number)) / (first[k] as number)) * 100;
  const fmt = (k: keyof Sample) => `${first[k]} → ${last[k]} MiB (${growth(k) >= 0 ? '+' : ''}${growth(k).toFixed(1)} %, max ${Math.max(...samples.map((s) => s[k] as number))})`;
  console.log(`\nmemory over ${((last.t - first.t) / 1000).toFixed(0)} s at ${RATE} cases/s (${r.casesStarted} started, ${r.casesCompleted} completed in the window, ${r.errors} driver errors):`);
  console.log(`| measure | first → last (growth, max) |\n|---|---|`);
  for (const k of ['engineHeapMiB', 'engineOldMiB', 'engineMetaspaceMiB', 'engineRssMiB', 'serverRssMiB', 'serverHeapMiB', 'workerRssMiB'] as const) console.log(`| ${k} | ${fmt(k)} |`);
  const met = growth('engineHeapMiB') <= 10 && growth('serverRssMiB') <= 10;
  console.log(
    `\nheadline: engine live heap ${fmt('engineHeapMiB')}, server RSS ${fmt('serverRssMiB')} over ${((last.t - first.t) / 60000).toFixed(1)} min — target ≤ 10 % growth ${met ? 'MET' : 'NOT MET'}; throughput in the window ${r.startedPerS} started/s, ${r.completedPerS} completed/s`,
  );
  if (process.env.BENCH_OUT) fs.writeFileSync(process.env.BENCH_OUT, JSON.stringify({ at: new Date().toISOString(), machine: ctx.machine, rate: RATE, durationS: DURATION_S, samples, result: r }, null, 1));
  return 0;
});
