/**
 * Benchmark (not a test): end-to-end throughput of 社会救助一门受理.
 *
 * The platform is started as `npm start` does (scripts/platform.ts, fresh
 * temporary data dir, the worker child with its shipped settings), with
 * PUBLIC_NOTICE_SECONDS shortened from 7 days to BENCH_NOTICE_S so the
 * engine's real notice timer ends within the run. bench/driver.ts (a separate
 * process) plays the clerk, the village worker, the civil-affairs handler and
 * the health handler: BENCH_LANES lanes, each registering a case (低保 + 医疗救助)
 * and completing its four human steps through the HTTP API as soon as they
 * appear in the person's 待办, then registering the next — a closed loop that
 * finds the platform's sustainable rate.
 *
 * Measured over BENCH_DURATION_S seconds after BENCH_WARMUP_S seconds:
 *   cases started/s    assistance_case.created_at inside the window
 *   cases completed/s  assistance_case.closed_at inside the window (the case.close worker)
 *   external tasks/s   successful completions in the engine history (ACT_HI_EXT_TASK_LOG)
 *   commits/s          pg_stat_database.xact_commit of both databases
 *   latencies          of every HTTP call of the driver; case duration register → closed
 * and afterwards PostgreSQL's own ceiling with `pgbench -b simple-update`
 * (Debian postgresql-client; `apt-get install postgresql-client` if missing)
 * against the same embedded server, for BENCH_PGBENCH_S seconds with
 * BENCH_PGBENCH_CLIENTS clients.
 *
 * Run: `npm run bench:throughput`. Settings (environment, all optional):
 * BENCH_LANES (16), BENCH_DURATION_S (120), BENCH_WARMUP_S (20),
 * BENCH_NOTICE_S (5), BENCH_POLL_MS (500), BENCH_PGBENCH_S (30),
 * BENCH_PGBENCH_CLIENTS (8), BENCH_OUT (JSON).
 */
import fs from 'node:fs';
import { endToEnd } from './end-to-end.js';
import { intEnv, loadLine, ms, pgbenchTps, row, runBench, TABLE_HEAD } from './lib.js';

const LANES = intEnv('BENCH_LANES', 16, 1, 500);
const DURATION_S = intEnv('BENCH_DURATION_S', 120, 10, 7200);
const WARMUP_S = intEnv('BENCH_WARMUP_S', 20, 0, 600);
const NOTICE_S = intEnv('BENCH_NOTICE_S', 5, 1, 3600);
const POLL_MS = intEnv('BENCH_POLL_MS', 500, 50, 10_000);
const PGBENCH_S = intEnv('BENCH_PGBENCH_S', 30, 5, 600);
const PGBENCH_CLIENTS = intEnv('BENCH_PGBENCH_CLIENTS', 8, 1, 100);

runBench('throughput', { hardLimitS: WARMUP_S + DURATION_S + PGBENCH_S + 600, env: { PUBLIC_NOTICE_SECONDS: String(NOTICE_S) } }, async (ctx) => {
  const loadStart = loadLine();
  console.log(`driving ${LANES} lanes for ${WARMUP_S} + ${DURATION_S} s; notice ${NOTICE_S} s; ${loadStart}`);
  const r = await endToEnd(ctx, { lanes: LANES, rate: 0, maxActive: LANES, warmupS: WARMUP_S, durationS: DURATION_S, pollMs: POLL_MS });
  const loadEnd = loadLine();
  console.log(`pgbench (${PGBENCH_S} s, ${PGBENCH_CLIENTS} clients) against the same embedded PostgreSQL, platform idle …`);
  const pgb = pgbenchTps(ctx, PGBENCH_S, PGBENCH_CLIENTS);
  const loadPg = loadLine();

  console.log(`\nend-to-end, ${LANES} lanes, window ${r.windowS.toFixed(0)} s`);
  console.log(`| measure | value |\n|---|---:|`);
  console.log(`| cases started / s | ${r.startedPerS} (${r.casesStarted}) |`);
  console.log(`| cases completed / s | ${r.completedPerS} (${r.casesCompleted}) |`);
  console.log(`| external tasks completed / s | ${r.externalTasksPerS} (${r.externalTasksCompleted}) |`);
  console.log(`| commits / s, app DB / engine DB | ${r.commitsPerS.app} / ${r.commitsPerS.engine} |`);
  console.log(`| driver errors | ${r.errors} ${r.failures.length ? JSON.stringify(r.failures) : ''} |`);
  console.log(`\n${TABLE_HEAD}`);
  console.log(row('case: registered → closed', r.caseDuration));
  for (const [k, v] of Object.entries(r.latencies).sort()) console.log(row(k, v));
  console.log(`\nHTTP statuses: ${JSON.stringify(r.statuses)}`);
  console.log(`CPU (cores) in the window: ${JSON.stringify(r.cpu)}`);
  let ratio = '';
  if ('tps' in pgb) {
    const commits = r.commitsPerS.app + r.commitsPerS.engine;
    ratio = `pgbench simple-update ${pgb.tps.toFixed(0)} TPS (latency ${pgb.latencyMs} ms; ${pgb.command}; ${pgb.version}); cases completed/s ÷ pgbench TPS = ${(r.completedPerS / pgb.tps).toExponential(2)} (1 case ≈ ${r.completedPerS > 0 ? (pgb.tps / r.completedPerS).toFixed(0) : '–'} pgbench transactions); platform commits/s ÷ pgbench TPS = ${(commits / pgb.tps).toFixed(3)}; external tasks/s ÷ pgbench TPS = ${(r.externalTasksPerS / pgb.tps).toFixed(3)}`;
  } else ratio = `pgbench: ${pgb.error}`;
  console.log(ratio);
  console.log(`loads: start ${loadStart}; end of driving ${loadEnd}; after pgbench ${loadPg}`);
  console.log(
    `\nheadline: ${r.startedPerS} cases started/s, ${r.completedPerS} completed/s, ${r.externalTasksPerS} external tasks/s over ${r.windowS.toFixed(0)} s (${LANES} lanes); case p50 ${ms(r.caseDuration.p50)} / p95 ${ms(r.caseDuration.p95)} / p99 ${ms(r.caseDuration.p99)} ms incl. ${NOTICE_S} s notice; ${'tps' in pgb ? `pgbench ${pgb.tps.toFixed(0)} TPS` : 'no pgbench'}`,
  );
  if (process.env.BENCH_OUT)
    fs.writeFileSync(process.env.BENCH_OUT, JSON.stringify({ at: new Date().toISOString(), machine: ctx.machine, lanes: LANES, noticeS: NOTICE_S, result: r, pgbench: pgb, loads: { loadStart, loadEnd, loadPg } }, null, 1));
  return r.casesCompleted > 0 ? 0 : 1;
});
