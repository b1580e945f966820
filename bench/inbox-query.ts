/**
 * Benchmark (not a test): the 待办 (inbox) page under load.
 *
 * GET /api/tasks?page=1&pageSize=20 — the route and page size the web UI's
 * 待办 view uses — as `handler_civil` (民政 handler: candidate groups
 * dept:139901:civil, role:139901:handler, unit:139901:handler), with BENCH_OPEN_TASKS open
 * user tasks and BENCH_HISTORIC_CASES closed cases in the database, by
 * BENCH_USERS concurrent users (closed loop, one session each, in a worker
 * thread) for BENCH_DURATION_S seconds after a 5 s warm-up: first without
 * think time (a saturation test, `autocannon -c 50`), then with each user
 * pausing about BENCH_THINK_MS between pages.
 *
 * Data (bench/generate.ts): the open tasks are real instances of
 * social-assistance-application started through the engine REST API directly
 * before a user task (startInstructions), spread 25 % 入户调查, 15 % 民主评议
 * (village groups), 50 % 民政审核确认, 10 % 异议核实 (dept:139901:civil), each with an
 * in_progress case row; the historic cases are closed case rows (and one
 * household per five cases) inserted with generate_series. Starting instances
 * is limited to BENCH_GEN_LIMIT_S seconds; the run reports how many exist.
 *
 * Run: `npm run bench:inbox`. BENCH_DATA_DIR=/tmp/x keeps the data dir; a
 * rerun with the same dir skips the generation.
 * Settings: BENCH_OPEN_TASKS (100000), BENCH_HISTORIC_CASES (1000000),
 * BENCH_USERS (50), BENCH_DURATION_S (60) per load phase, BENCH_THINK_MS (1000) of the second phase, BENCH_START_PARALLEL (8),
 * BENCH_GEN_LIMIT_S (900), BENCH_OUT (JSON).
 */
import fs from 'node:fs';
import { User } from '../domain/entities/user.entity.js';
import { groupsOf } from '../domain/services/auth.service.js';
import { APPLICATION, insertHistoricCases, insertOpenCases, startOpenInstances } from './generate.js';
import { closedLoad, cpuSampler, intEnv, login, loadLine, ms, row, runBench, stats, TABLE_HEAD, type BenchContext } from './lib.js';

const OPEN = intEnv('BENCH_OPEN_TASKS', 100_000, 0, 2_000_000);
const HISTORIC = intEnv('BENCH_HISTORIC_CASES', 1_000_000, 0, 10_000_000);
const USERS = intEnv('BENCH_USERS', 50, 1, 500);
const DURATION_S = intEnv('BENCH_DURATION_S', 60, 5, 3600);
const PARALLEL = intEnv('BENCH_START_PARALLEL', 8, 1, 64);
const GEN_LIMIT_S = intEnv('BENCH_GEN_LIMIT_S', 900, 10, 7200);
const THINK_MS = intEnv('BENCH_THINK_MS', 1000, 0, 60_000);
const PAGE = '/api/tasks?page=1&pageSize=20';

/** Open user tasks and closed cases already in the database (a kept BENCH_DATA_DIR). */
async function existing(ctx: BenchContext): Promise<{ openTasks: number; historic: number; openCases: number }> {
  const openTasks = (await ctx.engine('GET', `/task/count?processDefinitionKey=${APPLICATION}`)).count as number;
  const [h] = (await ctx.platform.ds.query(`SELECT count(*) FILTER (WHERE status = 'closed')::int AS historic, count(*) FILTER (WHERE status = 'in_progress')::int AS open FROM assistance_case`)) as { historic: number; open: number }[];
  return { openTasks, historic: h!.historic, openCases: h!.open };
}

/** Sequential requests, one at a time: the latency without queueing. */
async function sequential(n: number, fn: () => Promise<unknown>): Promise<ReturnType<typeof stats>> {
  const lat: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    lat.push(performance.now() - t);
  }
  return stats(lat);
}

export async function generateInboxData(ctx: BenchContext, open: number, historic: number): Promise<Record<string, unknown>> {
  const before = await existing(ctx);
  const gen: Record<string, unknown> = { before };
  if (before.historic < historic) {
    console.log(`generating ${historic - before.historic} historic cases (generate_series) …`);
    gen.historicSeconds = await insertHistoricCases(ctx.platform.ds, historic - before.historic);
    console.log(`  done in ${gen.historicSeconds} s; ${loadLine()}`);
  }
  if (before.openTasks < open) {
    const n = open - before.openTasks;
    console.log(`starting ${n} application instances before their user tasks (${PARALLEL} parallel REST requests, budget ${GEN_LIMIT_S} s) …`);
    const t0 = Date.now();
    const r = await startOpenInstances(ctx, n, {
      parallel: PARALLEL,
      caseNoOffset: before.openCases,
      untilMs: Date.now() + GEN_LIMIT_S * 1000,
      progress: (d) => d % 10_000 === 0 && console.log(`  ${d} started, ${(d / ((Date.now() - t0) / 1000)).toFixed(0)}/s; ${loadLine()}`),
    });
    gen.started = r.ids.length;
    gen.startFailed = r.failed;
    gen.startSeconds = r.seconds;
    gen.startPerSecond = +(r.ids.length / r.seconds).toFixed(1);
    console.log(`  ${r.ids.length} started (${r.failed} failed) in ${r.seconds.toFixed(0)} s = ${gen.startPerSecond}/s`);
    await insertOpenCases(ctx.platform.ds, r.ids, before.openCases);
  }
  // instances whose case rows were never written (a run stopped between the two steps)
  const orphans = await instancesWithoutCase(ctx);
  if (orphans.length) {
    console.log(`inserting the cases of ${orphans.length} open instances that have none …`);
    const { openCases } = await existing(ctx);
    await insertOpenCases(ctx.platform.ds, orphans, openCases);
    gen.casesAddedForExistingInstances = orphans.length;
  }
  const t = Date.now();
  // Bulk loading leaves the planner statistics stale until autovacuum gets to it: analyze both databases now.
  await ctx.platform.ds.query('ANALYZE');
  await analyzeEngineDb(ctx);
  gen.analyzeSeconds = (Date.now() - t) / 1000;
  gen.after = await existing(ctx);
  return gen;
}

/** Runs `fn` with a client of the engine's database (same server, database <app>_engine). */
async function withEngineDb<T>(ctx: BenchContext, fn: (c: import('pg').Client) => Promise<T>): Promise<T> {
  const pg = (await import('pg')).default;
  const u = new URL(ctx.platform.ownerDatabaseUrl);
  u.pathname = `${u.pathname}_engine`;
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Running application instances (engine database) with no assistance_case row (application database). */
async function instancesWithoutCase(ctx: BenchContext): Promise<string[]> {
  const r = await withEngineDb(ctx, (c) => c.query(`SELECT DISTINCT t.proc_inst_id_ AS id FROM act_ru_task t JOIN act_re_procdef d ON d.id_ = t.proc_def_id_ WHERE d.key_ = $1`, [APPLICATION]));
  const have = new Set(((await ctx.platform.ds.query(`SELECT process_instance_id AS id FROM assistance_case WHERE status = 'in_progress'`)) as { id: string }[]).map((x) => x.id));
  return r.rows.map((x: { id: string }) => x.id).filter((id: string) => !have.has(id));
}

/** ANALYZE of the engine's database. */
export async function analyzeEngineDb(ctx: BenchContext): Promise<void> {
  await withEngineDb(ctx, (c) => c.query('ANALYZE'));
}

runBench('inbox', { hardLimitS: GEN_LIMIT_S + DURATION_S + 1200 }, async (ctx) => {
  const { platform: p } = ctx;
  const gen = await generateInboxData(ctx, OPEN, HISTORIC);
  console.log(`data: ${JSON.stringify(gen)}`);
  const handler = await login(p, 'handler_civil');
  const first = await handler.request('GET', PAGE);
  if (first.status !== 200) throw new Error(`inbox: ${first.status} ${JSON.stringify(first.body).slice(0, 200)}`);
  console.log(`handler_civil's inbox: total ${first.body.total}, page of ${first.body.items.length}, ${first.body.items.filter((i: any) => i.case).length} with their case`);

  // one at a time: the route; the engine call it makes (the engine app's own 待办 query), with
  // each of its two page plans forced; and the engine REST OR query it replaced (count + page)
  const civil = await p.ds.getRepository(User).findOneByOrFail({ username: 'handler_civil' });
  const filter = p.deps.tasks.inboxFilter(civil);
  const seqRoute = await sequential(50, () => handler.request('GET', PAGE));
  const chosen = (await p.engine.inboxTasks(civil.id, groupsOf(civil), 0, 20)).plan;
  const seqInbox = await sequential(50, () => p.engine.inboxTasks(civil.id, groupsOf(civil), 0, 20));
  const seqWalk = await sequential(50, () => p.engine.inboxTasks(civil.id, groupsOf(civil), 0, 20, 'walk'));
  const seqLookup = await sequential(50, () => p.engine.inboxTasks(civil.id, groupsOf(civil), 0, 20, 'lookup'));
  const seqCount = await sequential(50, () => ctx.engine('POST', '/task/count', filter));
  const seqQuery = await sequential(50, () => ctx.engine('POST', '/task?firstResult=0&maxResults=20', filter));
  // a department with none of the generated tasks: the old page query walked every open task for it
  const health = await login(p, 'handler_health');
  const healthUser = await p.ds.getRepository(User).findOneByOrFail({ username: 'handler_health' });
  const healthPlan = (await p.engine.inboxTasks(healthUser.id, groupsOf(healthUser), 0, 20)).plan;
  const seqHealth = await sequential(50, () => health.request('GET', PAGE));
  const seqHealthOld = await sequential(50, () => ctx.engine('POST', '/task?firstResult=0&maxResults=20', p.deps.tasks.inboxFilter(healthUser)));

  // 50 users, one session each
  const sessions = [];
  for (let i = 0; i < USERS; i++) sessions.push(await login(p, 'handler_civil')); // one at a time: argon2 is CPU-heavy
  const loadAt = loadLine();
  const sampler = cpuSampler(p, ctx.tmpDir);
  const t0 = Date.now();
  const load = await closedLoad({ url: p.url, paths: [PAGE], cookies: sessions.map((s) => s.cookie), concurrency: USERS, durationS: DURATION_S, warmupS: 5, thinkMs: 0 });
  const loadAfter = loadLine();
  const t1 = Date.now();
  const paced = await closedLoad({ url: p.url, paths: [PAGE], cookies: sessions.map((s) => s.cookie), concurrency: USERS, durationS: DURATION_S, warmupS: 5, thinkMs: THINK_MS });
  const pacedAfter = loadLine();
  sampler.stop();
  // cores used by each part (the load client runs in a worker thread of the server's process)
  const cpuLoad = sampler.cores(t0 + 5000, t1);
  const cpuPaced = sampler.cores(t1 + 5000, Date.now());

  console.log(`\ninbox page (GET ${PAGE} as handler_civil), ${first.body.total} tasks in the inbox, ${gen.after && JSON.stringify(gen.after)}\n${TABLE_HEAD}`);
  console.log(row('route, 1 user, sequential', seqRoute));
  console.log(row(`engine GET /doudi/inbox (count + 20; plan ${chosen}), sequential`, seqInbox));
  console.log(row('engine GET /doudi/inbox, plan walk forced', seqWalk));
  console.log(row('engine GET /doudi/inbox, plan lookup forced', seqLookup));
  console.log(row('old: engine POST /task/count alone, sequential', seqCount));
  console.log(row('old: engine POST /task (20) alone, sequential', seqQuery));
  console.log(row(`handler_health route (0 tasks; plan ${healthPlan}), sequential`, seqHealth));
  console.log(row('handler_health old: engine POST /task (20)', seqHealthOld));
  console.log(row(`route, ${USERS} users, no think time (saturation)`, load.latency));
  console.log(row(`route, ${USERS} users, think ${THINK_MS} ms ±50 %`, paced.latency));
  console.log(`\n${USERS} users without think time: ${load.requests} requests in ${load.seconds} s = ${load.perSecond} req/s; statuses ${JSON.stringify(load.statuses)}; ${loadAt} → ${loadAfter}`);
  console.log(`${USERS} users with think time: ${paced.requests} requests in ${paced.seconds} s = ${paced.perSecond} req/s; statuses ${JSON.stringify(paced.statuses)}; → ${pacedAfter}`);
  console.log(`cores used, saturation: ${JSON.stringify(cpuLoad)}\ncores used, think time: ${JSON.stringify(cpuPaced)}`);
  const ok = (l: typeof load) => l.latency.p95 < 100 && Object.keys(l.statuses).every((s) => s === '200');
  console.log(
    `\nheadline: inbox at ${USERS} users — saturation p50 ${ms(load.latency.p50)} / p95 ${ms(load.latency.p95)} / p99 ${ms(load.latency.p99)} ms (${load.perSecond} req/s): target p95 < 100 ms ${ok(load) ? 'MET' : 'NOT MET'}; with think time p50 ${ms(paced.latency.p50)} / p95 ${ms(paced.latency.p95)} / p99 ${ms(paced.latency.p99)} ms (${paced.perSecond} req/s): ${ok(paced) ? 'MET' : 'NOT MET'}`,
  );
  if (process.env.BENCH_OUT)
    fs.writeFileSync(
      process.env.BENCH_OUT,
      JSON.stringify({ at: new Date().toISOString(), machine: ctx.machine, gen, seqRoute, chosen, seqInbox, seqWalk, seqLookup, seqCount, seqQuery, healthPlan, seqHealth, seqHealthOld, load, paced, cpuLoad, cpuPaced }, null, 1),
    );
  return 0;
});
