/**
 * Benchmark (not a test): the process monitor's per-activity counts.
 *
 * GET /api/monitor/social-assistance-application as `coordinator` — the route
 * the coordinators' process diagram (web/src/views/MonitorView.vue) loads —
 * with BENCH_INSTANCES running instances of that process. The instances are
 * generated as for the inbox benchmark (bench/generate.ts: real instances
 * started through the engine REST API before one of four user tasks);
 * BENCH_OVERDUE_SHARE of them are past their due date, so their three
 * boundary timers fire and the shipped worker raises their alerts — the run
 * waits until no job and no external task is left before measuring.
 *
 * Measured: the route one request at a time (BENCH_REQUESTS requests), the
 * engine calls it makes alone, and BENCH_USERS coordinators in a closed loop
 * without think time for BENCH_DURATION_S seconds.
 *
 * Run: `npm run bench:monitor`. Settings: BENCH_INSTANCES (10000),
 * BENCH_OVERDUE_SHARE (0.1), BENCH_REQUESTS (200), BENCH_USERS (5),
 * BENCH_DURATION_S (30), BENCH_START_PARALLEL (8), BENCH_DATA_DIR (keep data), BENCH_OUT (JSON).
 */
import fs from 'node:fs';
import { APPLICATION, startOpenInstances } from './generate.js';
import { closedLoad, intEnv, loadLine, login, ms, row, runBench, sleep, stats, TABLE_HEAD } from './lib.js';

const INSTANCES = intEnv('BENCH_INSTANCES', 10_000, 1, 1_000_000);
const OVERDUE = Number(process.env.BENCH_OVERDUE_SHARE ?? '0.1');
if (!(OVERDUE >= 0 && OVERDUE <= 1)) throw new Error('BENCH_OVERDUE_SHARE must be in [0, 1]');
const REQUESTS = intEnv('BENCH_REQUESTS', 200, 10, 100_000);
const USERS = intEnv('BENCH_USERS', 5, 1, 200);
const DURATION_S = intEnv('BENCH_DURATION_S', 30, 5, 3600);
const PARALLEL = intEnv('BENCH_START_PARALLEL', 8, 1, 64);
const ROUTE = `/api/monitor/${APPLICATION}`;

runBench('monitor', { hardLimitS: 1800 }, async (ctx) => {
  const { platform: p, engine } = ctx;
  const running0 = (await engine('GET', `/process-instance/count?processDefinitionKey=${APPLICATION}`)).count as number;
  const gen: Record<string, unknown> = { runningBefore: running0 };
  if (running0 < INSTANCES) {
    console.log(`starting ${INSTANCES - running0} instances (${PARALLEL} parallel REST requests, ${OVERDUE * 100} % overdue) …`);
    const r = await startOpenInstances(ctx, INSTANCES - running0, { parallel: PARALLEL, overdueShare: OVERDUE, caseNoOffset: running0, progress: (d) => console.log(`  ${d} started; ${loadLine()}`) });
    Object.assign(gen, { started: r.ids.length, failed: r.failed, seconds: r.seconds, perSecond: +(r.ids.length / r.seconds).toFixed(1) });
  }
  // let the overdue instances' timers fire and their alerts be raised
  const t0 = Date.now();
  for (;;) {
    const jobs = (await engine('GET', `/job/count?processDefinitionKey=${APPLICATION}&executable=true`)).count as number;
    // external tasks still to be worked on (a task whose retries are used up has an incident and stays)
    const ext = (await engine('GET', `/external-task/count?processDefinitionKey=${APPLICATION}&withRetriesLeft=true`)).count as number;
    if ((jobs === 0 && ext === 0) || Date.now() - t0 > 600_000) {
      gen.settleSeconds = (Date.now() - t0) / 1000;
      gen.leftJobs = jobs;
      gen.leftExternalTasks = ext;
      break;
    }
    if ((Date.now() - t0) % 10_000 < 1000) console.log(`  waiting: ${jobs} due jobs, ${ext} external tasks`);
    await sleep(1000);
  }
  gen.incidents = (await engine('GET', `/incident/count?processDefinitionKeyIn=${APPLICATION}`)).count;
  gen.running = (await engine('GET', `/process-instance/count?processDefinitionKey=${APPLICATION}`)).count;
  gen.overdueTasks = (await engine('GET', `/task/count?processDefinitionKey=${APPLICATION}&dueBefore=${encodeURIComponent(new Date().toISOString().replace('Z', '+0000'))}`)).count;
  console.log(`data: ${JSON.stringify(gen)}`);

  const coordinator = await login(p, 'coordinator');
  // the first requests warm the engine up (on a loaded machine the very first may time out)
  let first = await coordinator.request('GET', ROUTE);
  for (let i = 0; i < 5 && first.status !== 200; i++) {
    console.log(`  warm-up request: ${first.status}; retrying`);
    first = await coordinator.request('GET', ROUTE);
  }
  if (first.status !== 200) throw new Error(`monitor: ${first.status} ${JSON.stringify(first.body).slice(0, 200)}`);
  console.log(`counts: total ${first.body.total}; ${first.body.activities.map((a: any) => `${a.activityId} ${a.running}/${a.overdue}/${a.incidents}`).join(', ')}`);

  const seq = async (n: number, fn: () => Promise<unknown>) => {
    const lat: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await fn();
      lat.push(performance.now() - t);
    }
    return stats(lat);
  };
  const loadSeq = loadLine();
  const route = await seq(REQUESTS, () => coordinator.request('GET', ROUTE));
  const defs = (await engine('GET', `/process-definition?key=${APPLICATION}`)) as { id: string }[];
  const statistics = await seq(50, () => Promise.all(defs.map((d) => engine('GET', `/process-definition/${d.id}/statistics?incidents=true`))));
  const overdue = await seq(50, () => engine('POST', '/task?firstResult=0&maxResults=5000', { processDefinitionKey: APPLICATION, dueBefore: new Date().toISOString().replace('Z', '+0000') }));
  const count = await seq(50, () => engine('GET', `/process-instance/count?processDefinitionKey=${APPLICATION}`));
  // A/B of the two shapes of MonitorService.counts against the engine, interleaved so that both see the same load:
  // before — statistics, overdue tasks listed (≤ 5000 rows), instance count, all in parallel;
  // after (shipped now) — statistics and count in parallel, then one task count per activity with instances.
  const due = () => new Date().toISOString().replace('Z', '+0000');
  const stats0 = (await Promise.all(defs.map((d) => engine('GET', `/process-definition/${d.id}/statistics?incidents=true`)))).flat() as { id: string; instances: number }[];
  const activities = [...new Set(stats0.filter((x) => x.instances > 0).map((x) => x.id))];
  const shapeBefore = () =>
    Promise.all([
      Promise.all(defs.map((d) => engine('GET', `/process-definition/${d.id}/statistics?incidents=true`))),
      engine('POST', '/task?firstResult=0&maxResults=5000', { processDefinitionKey: APPLICATION, dueBefore: due() }),
      engine('GET', `/process-instance/count?processDefinitionKey=${APPLICATION}`),
    ]);
  const shapeAfter = async () => {
    await Promise.all([Promise.all(defs.map((d) => engine('GET', `/process-definition/${d.id}/statistics?incidents=true`))), engine('GET', `/process-instance/count?processDefinitionKey=${APPLICATION}`)]);
    await Promise.all(activities.map((a) => engine('POST', '/task/count', { processDefinitionKey: APPLICATION, taskDefinitionKey: a, dueBefore: due() })));
  };
  const before: number[] = [];
  const after: number[] = [];
  for (let i = 0; i < 50; i++) {
    for (const [fn, sink] of (i % 2
      ? [
          [shapeAfter, after],
          [shapeBefore, before],
        ]
      : [
          [shapeBefore, before],
          [shapeAfter, after],
        ]) as [() => Promise<unknown>, number[]][]) {
      const t = performance.now();
      await fn();
      sink.push(performance.now() - t);
    }
  }
  const abBefore = stats(before);
  const abAfter = stats(after);

  const sessions = [];
  for (let i = 0; i < USERS; i++) sessions.push(await login(p, 'coordinator'));
  const loadConc = loadLine();
  const conc = await closedLoad({ url: p.url, paths: [ROUTE], cookies: sessions.map((s) => s.cookie), concurrency: USERS, durationS: DURATION_S, warmupS: 3, thinkMs: 0 });

  console.log(`\nprocess monitor (GET ${ROUTE} as coordinator), ${gen.running} running instances, ${gen.overdueTasks} overdue tasks, ${defs.length} process-definition version(s)\n${TABLE_HEAD}`);
  console.log(row('route, 1 user, sequential', route));
  console.log(row('engine statistics?incidents=true alone', statistics));
  console.log(row('engine overdue task query (≤ 5000) alone', overdue));
  console.log(row('engine process-instance count alone', count));
  console.log(row(`route, ${USERS} users, no think time`, conc.latency));
  console.log(row('A/B engine calls, shape before (list ≤ 5000 overdue)', abBefore));
  console.log(row(`A/B engine calls, shape after (${activities.length} counts)`, abAfter));
  console.log(`\n${USERS} users: ${conc.requests} requests in ${conc.seconds} s = ${conc.perSecond} req/s; statuses ${JSON.stringify(conc.statuses)}; sequential run at ${loadSeq}, concurrent run at ${loadConc}, end ${loadLine()}`);
  console.log(
    `\nheadline: monitor counts p50 ${ms(route.p50)} / p95 ${ms(route.p95)} / p99 ${ms(route.p99)} ms (one user), p95 ${ms(conc.latency.p95)} ms at ${USERS} users — target p95 < 200 ms ${route.p95 < 200 ? 'MET' : 'NOT MET'} (one user)${conc.latency.p95 < 200 ? ', MET' : ', NOT MET'} (${USERS} users)`,
  );
  if (process.env.BENCH_OUT) fs.writeFileSync(process.env.BENCH_OUT, JSON.stringify({ at: new Date().toISOString(), machine: ctx.machine, gen, route, statistics, overdue, count, conc, abBefore, abAfter }, null, 1));
  return 0;
});
