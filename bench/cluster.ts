/**
 * Cluster run (a benchmark-style check, not part of `npm test`): Doudi on two
 * engine nodes, two server nodes and two worker processes over ONE PostgreSQL,
 * on this machine, without Docker. Nothing here distributes work itself: the
 * engines share the database (Operaton's job executor with optimistic
 * locking), the workers pull external tasks, the servers share sessions and
 * alerts in PostgreSQL and socket.io events through the Postgres adapter.
 *
 *   PostgreSQL (embedded, one server: databases doudi + doudi_engine)
 *   engine-a :pa ── server-a (node dist/server/main.js) ── worker-1 (dist/workers/main.js)
 *   engine-b :pb ── server-b                              ── worker-2
 *
 * Scenario (CLUSTER_CASES social-assistance cases, 社会救助一门受理, 低保):
 *  - both servers start at once over the fresh app database (migrations and the
 *    seed under an advisory lock; both deploy the models: one version each);
 *  - a session created on one server is accepted by the other (REST and socket.io);
 *  - cases are registered alternately through server-a and server-b by the
 *    window clerk; the village worker and civil affairs work their inboxes
 *    through both servers (each task through the node of its case's parity);
 *    the public notice (公示) is a real 5 s engine timer;
 *  - every CLUSTER_HELD_EVERY-th case's 民政审核确认 is held until its 红牌: on
 *    the demo time scale (DEMO_SECONDS_PER_WORKDAY=16, rule 3 h / reminder
 *    1 h before / grace 1 h) the engine fires 催办 → 黄牌 → 红牌 timers; a
 *    leader is connected by socket.io to BOTH servers and must receive every
 *    红牌 exactly once on each connection, wherever the timer fired and
 *    whichever worker raised it;
 *  - a manual 催办 sent through server-a reaches the village worker's sockets
 *    on both servers once; a logout through server-a closes that session's
 *    socket on server-b (the adapter's disconnectSockets);
 *  - mid-run (CLUSTER_FAILOVER=both): engine-a is stopped with SIGTERM once a
 *    quarter of the cases are closed (server-a is then not used: it has no
 *    engine), restarted, and once 60 % are closed engine-b is killed with -9;
 *    everything goes on through the surviving node.
 * Checks at the end (app database and engine history): every case closed and
 * approved, one process instance per case, one payment instruction and one
 * close line per case, each human step recorded once, no incident, no job
 * executed twice, each boundary timer fired at most once per task (and all
 * three levels for the held tasks), each alert level at most once per task.
 *
 * Run: `npm run bench:cluster`. Settings (environment, all optional):
 *   CLUSTER_CASES (200)        cases registered
 *   CLUSTER_RATE (3)           registrations per second (paced, alternating servers)
 *   CLUSTER_HELD_EVERY (10)    every n-th case's county approval waits for its 红牌 (0: none)
 *   CLUSTER_FAILOVER (both)    both | sigterm | kill9 | none
 *   CLUSTER_JOB_LOCK_MS (15000) the engines' job lock time (ENGINE_JOB_LOCK_TIME_MS): how long the
 *                              jobs acquired by a killed node stay locked
 *   CLUSTER_STALL_S (240)      stop driving and check what there is when nothing moved for this long
 *   CLUSTER_HARD_LIMIT_S (1500) abort (and clean up) after this many seconds
 *   CLUSTER_KEEP (unset)       keep the temporary directory (logs, database) afterwards
 * Exit code 0 = PASS, 1 = FAIL, 2 = the run itself broke.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { loadConfig, REPO_ROOT } from '../domain/config.js';
import { createDataSource } from '../domain/db/data-source.js';
import { createLogger } from '../domain/logger.js';
import { resetDemoPasswords, waiveFirstPasswordChange, type SeededAccount } from '../domain/services/seed.service.js';
import { startEmbeddedPostgres, type EmbeddedDb } from '../runtime/embedded-postgres.js';
import { EngineProcess, buildEngine } from '../runtime/engine-process.js';
import { WorkerProcess } from '../runtime/worker-process.js';
import { newApplication } from '../test/support/application.js';
import { freePort } from '../test/support/global-fixture.js';
import { Browser, type Reply } from '../test/support/http.js';
import { listen, type Listener } from '../test/support/realtime.js';

// ---------------------------------------------------------------- settings

const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
const SETTINGS = z
  .object({
    CLUSTER_CASES: int(200, 2, 600),
    CLUSTER_RATE: int(3, 1, 100),
    CLUSTER_HELD_EVERY: int(10, 0, 600),
    CLUSTER_JOB_LOCK_MS: int(15_000, 1_000, 600_000),
    CLUSTER_STALL_S: int(240, 30, 3600),
    CLUSTER_HARD_LIMIT_S: int(1500, 60, 7200),
    CLUSTER_FAILOVER: z.enum(['both', 'sigterm', 'kill9', 'none']).default('both'),
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([k, v]) => k.startsWith('CLUSTER_') && v !== '')));
const { CLUSTER_CASES: CASES, CLUSTER_RATE: RATE, CLUSTER_HELD_EVERY: HELD_EVERY, CLUSTER_JOB_LOCK_MS: JOB_LOCK_MS, CLUSTER_STALL_S: STALL_S, CLUSTER_HARD_LIMIT_S: HARD_LIMIT_S, CLUSTER_FAILOVER: FAILOVER } = SETTINGS;
const SECONDS_PER_WORKDAY = 16;
const PROCESS_KEY = 'social-assistance-application';
const IN_FLIGHT = 4;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secs = (ms: number) => (ms / 1000).toFixed(1);

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** `node dist/server/main.js` as a child process: the server alone, against one engine. */
class ServerNode {
  child?: ChildProcess;
  readonly url: string;
  constructor(
    readonly name: string,
    port: number,
    private readonly env: Record<string, string>,
    readonly logFile: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async start(timeoutMs = 300_000): Promise<void> {
    const out = fs.openSync(this.logFile, 'a');
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', 'server', 'main.js')], { env: { ...process.env, ...this.env }, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    this.child = child;
    let exited = false;
    child.once('exit', () => (exited = true));
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (exited) throw new Error(`${this.name} exited during start:\n${tail(this.logFile)}`);
      try {
        const r = await fetch(`${this.url}/api/auth/me`, { signal: AbortSignal.timeout(2_000) });
        if (r.status === 401) return;
      } catch {
        /* not listening yet */
      }
      await sleep(300);
    }
    throw new Error(`${this.name} not ready in ${timeoutMs / 1000} s:\n${tail(this.logFile)}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const done = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await done;
    clearTimeout(t);
  }
}

interface Node {
  name: 'a' | 'b';
  engine: EngineProcess;
  server: ServerNode;
  worker: WorkerProcess;
  /** Whether its engine is up (the driver sends nothing to a server whose engine is down). */
  up: boolean;
}

interface CaseRec {
  i: number;
  id: string;
  caseNo: string;
  processInstanceId: string;
  via: string;
  held: boolean;
}

// ---------------------------------------------------------------- the run

async function main(): Promise<number> {
  const t0 = Date.now();
  const log = createLogger('cluster', process.env.LOG_LEVEL ?? 'warn');
  const cfg = loadConfig();
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'doudi-cluster-'));
  fs.chmodSync(tmpDir, 0o755); // as root, PostgreSQL runs as `postgres`
  const logDir = path.join(tmpDir, 'logs');
  fs.mkdirSync(logDir);
  console.log(`cluster run: ${CASES} cases, ${RATE}/s, held every ${HELD_EVERY || '–'}, failover ${FAILOVER}, job lock ${JOB_LOCK_MS} ms; logs in ${logDir}`);

  const cleanups: (() => Promise<unknown>)[] = [];
  let failed = true;
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c().catch((e) => console.error('cleanup:', (e as Error).message));
    cleanups.length = 0;
    if (!process.env.CLUSTER_KEEP && !failed) fs.rmSync(tmpDir, { recursive: true, force: true });
    else console.log(`kept ${tmpDir}`);
  };
  const hardLimit = setTimeout(() => {
    console.error(`FAIL: hard limit of ${HARD_LIMIT_S} s reached; cleaning up`);
    void cleanup().finally(() => process.exit(2));
  }, HARD_LIMIT_S * 1000);

  const checks: { name: string; ok: boolean; detail: string }[] = [];
  const check = (name: string, ok: boolean, detail: string) => {
    checks.push({ name, ok, detail });
    console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}: ${detail}`);
  };
  const events: string[] = [];
  const event = (what: string) => {
    const line = `+${secs(Date.now() - t0)} s ${what}`;
    events.push(line);
    console.log(`  [event] ${line}`);
  };

  try {
    // 1. one PostgreSQL
    const pgPassword = crypto.randomBytes(18).toString('base64url');
    const db: EmbeddedDb = await startEmbeddedPostgres({ dataDir: tmpDir, port: await freePort(), password: pgPassword, log });
    cleanups.push(() => db.stop());
    event(`PostgreSQL up on port ${db.port}`);

    // 2. two engines over the one engine database (the first creates the schema, then the second joins)
    buildEngine(log);
    const enginePassword = crypto.randomBytes(18).toString('base64url');
    const engineFor = async (name: 'a' | 'b') =>
      new EngineProcess({
        port: await freePort(),
        jdbcUrl: db.engineJdbcUrl,
        dbUser: db.user,
        dbPassword: db.password,
        user: 'doudi',
        password: enginePassword,
        javaOpts: cfg.engineJavaOpts,
        logFile: path.join(logDir, `engine-${name}.log`),
        startTimeoutSec: 600, // a restart under heavy load took 277 s here
        log,
        env: { ENGINE_NODE_NAME: `engine-${name}`, ENGINE_JOB_LOCK_TIME_MS: String(JOB_LOCK_MS) },
      });
    const engineA = await engineFor('a');
    const engineB = await engineFor('b');
    cleanups.push(
      () => engineA.stop(),
      () => engineB.stop(),
    );
    let t = Date.now();
    await engineA.start();
    event(`engine-a up (${secs(Date.now() - t)} s, creates the schema)`);
    t = Date.now();
    await engineB.start();
    event(`engine-b up (${secs(Date.now() - t)} s)`);

    // 3. two servers, started at once, each against its own engine
    const common = {
      DATABASE_URL: db.appUrl,
      ENGINE_USER: 'doudi',
      ENGINE_PASSWORD: enginePassword,
      DOUDI_MODE: 'test',
      LOG_LEVEL: 'warn',
      DEMO_SECONDS_PER_WORKDAY: String(SECONDS_PER_WORKDAY),
      PUBLIC_NOTICE_SECONDS: '5',
      DOUDI_DATA_DIR: tmpDir,
    };
    const serverFor = async (name: 'a' | 'b', engine: EngineProcess) => {
      const port = await freePort();
      return new ServerNode(`server-${name}`, port, { ...common, ENGINE_URL: engine.baseUrl, PORT: String(port), HOST: '127.0.0.1', START_WORKERS: 'false' }, path.join(logDir, `server-${name}.log`));
    };
    const serverA = await serverFor('a', engineA);
    const serverB = await serverFor('b', engineB);
    cleanups.push(
      () => serverA.stop(),
      () => serverB.stop(),
    );
    t = Date.now();
    await Promise.all([serverA.start(), serverB.start()]);
    event(`server-a and server-b up, started at once (${secs(Date.now() - t)} s): migrations + seed + model deployment from both`);

    // 4. two worker processes, one per engine
    const workerEnv = (engine: EngineProcess) => ({
      ...common,
      ENGINE_URL: engine.baseUrl,
      // the production defaults of the lock (30 s), the retries (3) and their backoff (2 s, doubling)
    });
    const worker1 = new WorkerProcess(workerEnv(engineA), log, true, path.join(logDir, 'worker-1.log'));
    const worker2 = new WorkerProcess(workerEnv(engineB), log, true, path.join(logDir, 'worker-2.log'));
    cleanups.push(
      () => worker1.stop(),
      () => worker2.stop(),
    );
    await Promise.all([worker1.start(), worker2.start()]);
    event(`worker-1 (→ engine-a, pid ${worker1.pid}) and worker-2 (→ engine-b, pid ${worker2.pid}) up`);
    const workerPids = new Map<number, string>([
      [worker1.pid!, 'worker-1'],
      [worker2.pid!, 'worker-2'],
    ]);

    const nodes: Node[] = [
      { name: 'a', engine: engineA, server: serverA, worker: worker1, up: true },
      { name: 'b', engine: engineB, server: serverB, worker: worker2, up: true },
    ];
    const byName = (n: 'a' | 'b') => nodes.find((x) => x.name === n)!;

    // the bench's own view of the app database, and the demo passwords
    const ds = createDataSource(db.appUrl, { poolSize: 4, applicationName: 'doudi-cluster-bench' });
    await ds.initialize();
    cleanups.push(() => ds.destroy());
    const accounts: SeededAccount[] = await resetDemoPasswords(ds);
    await waiveFirstPasswordChange(ds);
    const loginOn = async (server: ServerNode, username: string): Promise<Browser> => {
      const acc = accounts.find((a) => a.username === username)!;
      const b = new Browser(server.url);
      const r = await b.post('/api/auth/login', { username, password: acc.password });
      if (r.status !== 200) throw new Error(`login ${username} on ${server.name}: ${r.status} ${JSON.stringify(r.body)}`);
      return b;
    };
    const auth = 'Basic ' + Buffer.from(`doudi:${enginePassword}`).toString('base64');
    /** The engine REST API of a live node. */
    const engineRest = async (rel: string): Promise<any> => {
      const n = nodes.find((x) => x.up)!;
      const res = await fetch(n.engine.baseUrl + rel, { headers: { Authorization: auth, Accept: 'application/json' }, signal: AbortSignal.timeout(60_000) });
      const text = await res.text();
      if (!res.ok) throw new Error(`engine GET ${rel}: ${res.status} ${text.slice(0, 200)}`);
      return JSON.parse(text);
    };

    console.log('\nbefore the run:');
    // deployments: both servers deployed the same models at once; the engine's duplicate filtering kept one version
    const defs = (await engineRest('/process-definition?latestVersion=false')) as { key: string; version: number }[];
    const versions = new Map<string, number>();
    for (const d of defs) versions.set(d.key, (versions.get(d.key) ?? 0) + 1);
    check(
      'one process-definition version per model after two servers deployed at once',
      [...versions.values()].every((v) => v === 1),
      JSON.stringify(Object.fromEntries(versions)),
    );
    const cleanupCfg = await Promise.all(
      nodes.map(async (n) => {
        const r = await fetch(n.engine.baseUrl + '/history/cleanup/configuration', { headers: { Authorization: auth } });
        return r.json() as Promise<{ batchWindowStartTime: string; batchWindowEndTime: string; enabled: boolean }>;
      }),
    );
    const cleanupJobs = (await engineRest('/history/cleanup/jobs')) as unknown[];
    check(
      'history cleanup scheduled: every node takes part, one shared cleanup job',
      cleanupCfg.every((c) => c.enabled && c.batchWindowStartTime) && cleanupJobs.length === 1,
      `window ${cleanupCfg[0]!.batchWindowStartTime} → ${cleanupCfg[0]!.batchWindowEndTime}, enabled ${cleanupCfg.map((c) => c.enabled).join('/')}, cleanup jobs ${cleanupJobs.length}`,
    );

    // sessions live in PostgreSQL: a session opened on one server works on the other
    const clerk = await loginOn(serverA, 'clerk');
    const village = await loginOn(serverA, 'village_heping');
    const civil = await loginOn(serverB, 'handler_civil');
    const leader = await loginOn(serverB, 'leader');
    const coordinator = await loginOn(serverA, 'coordinator');
    const admin = await loginOn(serverB, 'admin');
    const meB = await clerk.on(serverB.url).get('/api/auth/me');
    const meA = await civil.on(serverA.url).get('/api/auth/me');
    check(
      'a session opened on one server is accepted by the other',
      meB.status === 200 && meB.body.username === 'clerk' && meA.status === 200 && meA.body.username === 'handler_civil',
      `clerk (login on a) on b: ${meB.status}; handler_civil (login on b) on a: ${meA.status}`,
    );

    // the time limit of 民政审核确认: 3 working hours, reminder 1 h before, grace 1 h (4 s / 6 s / 8 s on the demo scale)
    const rules = (await admin.get('/api/admin/time-limits')).body.items as any[];
    const rule = rules.find((r) => r.processKey === PROCESS_KEY && r.taskKey === 'Task_CountyApproval');
    const put = await admin.request('PUT', `/api/admin/time-limits/${rule.id}`, { amount: 3, unit: 'hour', remindBeforeAmount: 1, remindBeforeUnit: 'hour', graceAmount: 1, graceUnit: 'hour' });
    if (put.status !== 200) throw new Error(`time-limit rule: ${put.status} ${JSON.stringify(put.body)}`);

    // sockets: the leader on both servers (one session), the village worker on both servers
    const sockets: Record<string, Listener> = {};
    sockets.leaderA = await listen(leader, { lastAlertId: 0 }, serverA.url);
    sockets.leaderB = await listen(leader, { lastAlertId: 0 }, serverB.url);
    sockets.villageA = await listen(village, { lastAlertId: 0 }, serverA.url);
    sockets.villageB = await listen(village, { lastAlertId: 0 }, serverB.url);
    cleanups.push(async () => {
      for (const s of Object.values(sockets)) s.close();
    });

    // a logout through server-a closes that session's socket on server-b
    const throwaway = await loginOn(serverB, 'coordinator');
    const tsock = await listen(throwaway, {}, serverB.url);
    const disconnected = new Promise<string>((r) => tsock.socket.once('disconnect', (reason) => r(reason)));
    const lo = await throwaway.on(serverA.url).post('/api/auth/logout');
    const reason = await Promise.race([disconnected, sleep(5_000).then(() => 'still connected after 5 s')]);
    check("logout through server-a closes the session's socket on server-b (adapter)", lo.status === 200 && reason === 'io server disconnect', `logout ${lo.status}, socket: ${reason}`);
    tsock.close();

    // ---------------------------------------------------------------- drive the cases
    console.log('\nrun:');
    const cases: CaseRec[] = [];
    const caseById = new Map<string, CaseRec>();
    const stats = { registerRetries: 0, registerFailures: 0, completions: 0, completeRetries: 0, completeErrors: 0, status5xx: 0, scans: 0, viaA: 0, viaB: 0 };
    const completedTasks = new Set<string>();
    const inFlight = new Set<string>();
    let registering = true;
    let closedCount = 0;
    let stalled = false;
    const running = () => !stalled && (registering || closedCount < cases.length);

    /** Live nodes, the preferred one (by parity) first. */
    const order = (i: number): Node[] => {
      const pref = nodes[i % 2]!;
      return [pref, ...nodes.filter((n) => n !== pref)].filter((n) => n.up);
    };
    /** A request through the preferred live node, then the other on a network error or a 5xx. */
    const call = async (who: Browser, i: number, method: string, rel: string, body?: unknown): Promise<Reply & { node?: string }> => {
      let last: Reply & { node?: string } = { status: 0, body: 'no live node' };
      for (const n of order(i)) {
        try {
          const r = await who.on(n.server.url).request(method, rel, body);
          if (r.status < 500) {
            if (n.name === 'a') stats.viaA++;
            else stats.viaB++;
            return { ...r, node: n.name };
          }
          stats.status5xx++;
          last = { ...r, node: n.name };
        } catch (err) {
          last = { status: 0, body: (err as Error).message, node: n.name };
        }
      }
      return last;
    };

    const register = async (i: number) => {
      for (let attempt = 0; attempt < 5; attempt++) {
        const r = await call(clerk, i, 'POST', '/api/cases', newApplication({ incomeYuan: 0, types: ['dibao'] }));
        if (r.status === 201) {
          const c: CaseRec = { i, id: r.body.id, caseNo: r.body.caseNo, processInstanceId: r.body.processInstanceId, via: r.node!, held: HELD_EVERY > 0 && i % HELD_EVERY === 0 };
          cases.push(c);
          caseById.set(c.id, c);
          return;
        }
        stats.registerRetries++;
        if (stats.registerRetries <= 5) console.log(`  register #${i} attempt ${attempt + 1}: ${r.status} ${JSON.stringify(r.body).slice(0, 160)}`);
        await sleep(1000);
      }
      stats.registerFailures++;
    };

    const BODIES: Record<string, unknown> = {
      Task_HomeVisit: { findings: '家中无劳动力，住房简陋，生活困难属实（集群演练）', recommend: true },
      Task_DemocraticReview: { participants: 9, votesFor: 8, votesAgainst: 1, opinion: '评议通过' },
      Task_CountyApproval: { approved: true, opinion: '同意（集群演练）' },
    };
    let urged: { taskId: string } | undefined;
    /** One inbox: scan all pages through a live node, complete what is due. */
    const work = async (who: Browser, name: string) => {
      let scan = 0;
      while (running()) {
        scan++;
        stats.scans++;
        const items: any[] = [];
        try {
          for (let page = 1; page <= 20; page++) {
            const r = await call(who, scan, 'GET', `/api/tasks?page=${page}&pageSize=100`);
            if (r.status !== 200) throw new Error(`${name} inbox: ${r.status}`);
            items.push(...(r.body.items as any[]));
            if (items.length >= r.body.total || !r.body.items.length) break;
          }
        } catch {
          await sleep(1000);
          continue;
        }
        const mine = items.filter((t) => t.case?.id && caseById.has(t.case.id) && BODIES[t.taskKey] && !completedTasks.has(t.taskId) && !inFlight.has(t.taskId));
        // held approvals wait for their 红牌
        const heldIds = mine.filter((t) => t.taskKey === 'Task_CountyApproval' && caseById.get(t.case.id)!.held).map((t) => t.taskId);
        const escalated = new Set<string>(heldIds.length ? ((await ds.query(`SELECT task_id FROM alert WHERE level = 'escalation' AND task_id = ANY($1)`, [heldIds])) as { task_id: string }[]).map((x) => x.task_id) : []);
        const due = mine.filter((t) => !heldIds.includes(t.taskId) || escalated.has(t.taskId));
        // the manual 催办, once, through server-a, on the first home visit seen
        if (!urged && name === 'village' && nodes[0]!.up) {
          const t = due.find((x) => x.taskKey === 'Task_HomeVisit');
          if (t) {
            urged = { taskId: t.taskId };
            const r = await coordinator.on(serverA.url).post(`/api/tasks/${t.taskId}/urge`, { message: '请今日完成入户调查（集群演练）' });
            if (r.status !== 201) console.log(`  urge: ${r.status} ${JSON.stringify(r.body)}`);
            await sleep(1500); // let the sockets hear it before the task is done
          }
        }
        const queue = [...due];
        await Promise.all(
          Array.from({ length: IN_FLIGHT }, async () => {
            for (let t = queue.shift(); t; t = queue.shift()) {
              inFlight.add(t.taskId);
              try {
                const c = caseById.get(t.case.id)!;
                const r = await call(who, c.i, 'POST', `/api/tasks/${t.taskId}/complete`, BODIES[t.taskKey]);
                if (r.status === 200) {
                  completedTasks.add(t.taskId);
                  stats.completions++;
                } else {
                  stats.completeErrors++;
                  if (stats.completeErrors <= 8) console.log(`  complete ${t.taskKey} of ${c.caseNo} via ${r.node}: ${r.status} ${JSON.stringify(r.body).slice(0, 160)}`);
                }
              } finally {
                inFlight.delete(t.taskId);
              }
            }
          }),
        );
        await sleep(due.length ? 100 : 500);
      }
    };

    // failover schedule, driven by progress
    let stage = 0;
    const failover = async () => {
      const a = byName('a');
      const b = byName('b');
      const wantTerm = FAILOVER === 'both' || FAILOVER === 'sigterm';
      const wantKill = FAILOVER === 'both' || FAILOVER === 'kill9';
      while (running()) {
        const closedShare = closedCount / CASES;
        if (stage === 0 && wantTerm && closedShare >= 0.25) {
          stage = 1;
          a.up = false;
          const [closedNow, open] = [closedCount, cases.length - closedCount];
          const tt = Date.now();
          await a.engine.stop();
          event(`engine-a stopped with SIGTERM (${secs(Date.now() - tt)} s; ${closedNow} closed, ${open} open cases); server-a no longer used`);
          const ts = Date.now();
          await a.engine.start();
          a.up = true;
          event(`engine-a restarted and rejoined (${secs(Date.now() - ts)} s); server-a used again`);
        } else if (stage <= 1 && wantKill && closedShare >= 0.6 && a.up) {
          stage = 2;
          b.up = false;
          const [closedNow, open] = [closedCount, cases.length - closedCount];
          await b.engine.kill();
          event(`engine-b killed with -9 (${closedNow} closed, ${open} open cases); server-b no longer used`);
        }
        await sleep(250);
      }
    };

    const progress = async () => {
      let lastPrint = 0;
      let lastMoved = '';
      let lastMoveAt = Date.now();
      while (running()) {
        const ids = cases.map((c) => c.id);
        if (ids.length) {
          const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM assistance_case WHERE status = 'closed' AND id = ANY($1)`, [ids])) as { n: number }[];
          closedCount = n;
        }
        const moved = `${closedCount} ${stats.completions} ${cases.length}`;
        if (moved !== lastMoved) {
          lastMoved = moved;
          lastMoveAt = Date.now();
        } else if (Date.now() - lastMoveAt > STALL_S * 1000) {
          stalled = true;
          event(`STALLED: nothing moved for ${STALL_S} s (${closedCount}/${cases.length} closed); checking what there is`);
        }
        if (Date.now() - lastPrint > 15_000) {
          lastPrint = Date.now();
          console.log(
            `  +${secs(Date.now() - t0)} s: registered ${cases.length}/${CASES}, closed ${closedCount}, human steps done ${stats.completions}, nodes up ${nodes
              .filter((x) => x.up)
              .map((x) => x.name)
              .join(',')}`,
          );
        }
        await sleep(500);
      }
    };

    const tRun = Date.now();
    const registration = (async () => {
      const gap = 1000 / RATE;
      const pending: Promise<void>[] = [];
      for (let i = 0; i < CASES; i++) {
        const wait = tRun + i * gap - Date.now();
        if (wait > 0) await sleep(wait);
        while (pending.length >= IN_FLIGHT) await Promise.race(pending);
        const p: Promise<void> = register(i).finally(() => pending.splice(pending.indexOf(p), 1));
        pending.push(p);
      }
      await Promise.all(pending);
      registering = false;
      event(`registration done: ${cases.length}/${CASES} cases in ${secs(Date.now() - tRun)} s (${stats.registerRetries} retries)`);
    })();
    await Promise.all([registration, progress(), failover(), work(village, 'village'), work(civil, 'civil')]);
    const runMs = Date.now() - tRun;
    if (!stalled) event(`all ${closedCount} cases closed, ${secs(runMs)} s after the first registration`);

    // A case is closed in the app by its last worker step; its instance ends when the engine hears of it
    // (a worker whose engine died reports through another after its lock expires): wait for the engine too.
    const tEnd = Date.now();
    for (;;) {
      const open = ((await engineRest(`/history/process-instance/count?processDefinitionKey=${PROCESS_KEY}&unfinished=true`)) as { count: number }).count;
      if (open === 0 || Date.now() - tEnd > 180_000) {
        event(`${open} process instances still running ${secs(Date.now() - tEnd)} s after the last case closed`);
        break;
      }
      await sleep(1_000);
    }
    // let the last alerts reach the sockets
    await sleep(2_000);

    // ---------------------------------------------------------------- checks
    console.log('\nchecks:');
    const ids = cases.map((c) => c.id);
    const caseNos = new Set(cases.map((c) => c.caseNo));
    check(
      'every case registered',
      cases.length === CASES && stats.registerFailures === 0,
      `${cases.length}/${CASES} (${cases.filter((c) => c.via === 'a').length} through server-a, ${cases.filter((c) => c.via === 'b').length} through server-b; ${stats.registerRetries} retried after a 5xx or a refused connection)`,
    );
    const outcomes = (await ds.query(`SELECT outcome, count(*)::int AS n FROM assistance_case WHERE id = ANY($1) AND status = 'closed' GROUP BY outcome`, [ids])) as { outcome: string; n: number }[];
    check('every case closed and approved', outcomes.length === 1 && outcomes[0]!.outcome === 'approved' && outcomes[0]!.n === cases.length, JSON.stringify(outcomes));
    const perCase = async (sql: string) => {
      const rows = (await ds.query(sql, [ids])) as { case_id: string; n: number }[];
      const counts = new Map(rows.map((r) => [r.case_id, r.n]));
      const dist = new Map<number, number>();
      for (const id of ids) dist.set(counts.get(id) ?? 0, (dist.get(counts.get(id) ?? 0) ?? 0) + 1);
      return dist;
    };
    const fmt = (d: Map<number, number>) =>
      [...d.entries()]
        .sort((x, y) => x[0] - y[0])
        .map(([k, v]) => `${v} cases × ${k}`)
        .join(', ');
    const pay = await perCase(`SELECT case_id, count(*)::int AS n FROM payment_instruction WHERE case_id = ANY($1) GROUP BY case_id`);
    check('one payment instruction per case', pay.size === 1 && pay.get(1) === cases.length, fmt(pay));
    const closeLines = await perCase(`SELECT case_id, count(*)::int AS n FROM case_event WHERE kind = 'closed' AND case_id = ANY($1) GROUP BY case_id`);
    check('one close line (办结) per case', closeLines.size === 1 && closeLines.get(1) === cases.length, fmt(closeLines));
    const steps = await perCase(`SELECT case_id, count(*)::int AS n FROM case_event WHERE kind = 'task_completed' AND case_id = ANY($1) GROUP BY case_id`);
    check('each human step (入户调查, 民主评议, 民政审核确认) recorded once per case', steps.size === 1 && steps.get(3) === cases.length, fmt(steps));

    const hpis = (await engineRest(`/history/process-instance?processDefinitionKey=${PROCESS_KEY}&maxResults=100000`)) as { id: string; businessKey: string; state: string }[];
    const perKey = new Map<string, number>();
    for (const h of hpis) perKey.set(h.businessKey, (perKey.get(h.businessKey) ?? 0) + 1);
    const orphans = hpis.filter((h) => !caseNos.has(h.businessKey));
    const notCompleted = hpis.filter((h) => caseNos.has(h.businessKey) && h.state !== 'COMPLETED');
    check(
      'one completed process instance per case in the engine history, none without a case',
      [...caseNos].every((k) => perKey.get(k) === 1) && !orphans.length && !notCompleted.length,
      `${hpis.length} instances for ${caseNos.size} cases; not completed ${notCompleted.length}; without a case ${orphans.length}${orphans.length ? ` (${orphans.map((o) => `${o.businessKey} ${o.state}`).join(', ')})` : ''}`,
    );
    const incidents = (await engineRest('/incident?maxResults=1000')) as unknown[];
    const histIncidents = (await engineRest(`/history/incident?processDefinitionKey=${PROCESS_KEY}&maxResults=1000`)) as { incidentType: string; incidentMessage: string }[];
    check(
      'no incident',
      incidents.length === 0,
      `open ${incidents.length}, in history ${histIncidents.length}${
        histIncidents.length
          ? ` (${histIncidents
              .slice(0, 3)
              .map((x) => `${x.incidentType}: ${x.incidentMessage}`.slice(0, 120))
              .join('; ')})`
          : ''
      }`,
    );

    // jobs and timers: executed once, by which node
    const jobLog = (await engineRest(`/history/job-log?processDefinitionKey=${PROCESS_KEY}&successLog=true&maxResults=200000`)) as {
      jobId: string;
      hostname: string;
      jobDefinitionType: string;
      activityId: string;
      processInstanceId: string;
    }[];
    const perJob = new Map<string, number>();
    for (const j of jobLog) perJob.set(j.jobId, (perJob.get(j.jobId) ?? 0) + 1);
    const twice = [...perJob.values()].filter((n) => n > 1).length;
    const byHost = new Map<string, number>();
    for (const j of jobLog) byHost.set(`${j.hostname} ${j.jobDefinitionType}`, (byHost.get(`${j.hostname} ${j.jobDefinitionType}`) ?? 0) + 1);
    check(
      'no job executed twice (timers fire once)',
      twice === 0 && jobLog.length > 0,
      `${jobLog.length} successful job executions, ${perJob.size} jobs, ${twice} executed more than once; by node: ${JSON.stringify(Object.fromEntries(byHost))}`,
    );
    const timerActs = (await engineRest(`/history/activity-instance?processDefinitionId=${encodeURIComponent((await engineRest(`/process-definition/key/${PROCESS_KEY}`)).id)}&maxResults=200000`)) as {
      activityId: string;
      activityType: string;
      processInstanceId: string;
    }[];
    const perTimer = new Map<string, number>();
    for (const a of timerActs.filter((x) => /Timer/i.test(x.activityType))) perTimer.set(`${a.processInstanceId} ${a.activityId}`, (perTimer.get(`${a.processInstanceId} ${a.activityId}`) ?? 0) + 1);
    const timerTwice = [...perTimer.values()].filter((n) => n > 1).length;
    const noticeTimers = timerActs.filter((x) => x.activityType === 'intermediateTimer').length;
    const boundary = new Map<string, number>();
    for (const a of timerActs.filter((x) => x.activityType === 'boundaryTimer')) boundary.set(a.activityId, (boundary.get(a.activityId) ?? 0) + 1);
    check(
      'each timer fired at most once per instance (公示期 timer exactly once per case)',
      timerTwice === 0 && noticeTimers === cases.length,
      `公示期 timers ${noticeTimers}; boundary timers fired: ${JSON.stringify(Object.fromEntries(boundary))}; fired twice ${timerTwice}`,
    );

    // alerts: each level at most once per task; the held tasks reached 红牌; the leader's two sockets got each 红牌 once
    const alerts = (await ds.query(`SELECT id::int AS id, task_id, level FROM alert WHERE case_id = ANY($1)`, [ids])) as { id: number; task_id: string; level: string }[];
    const perLevel = new Map<string, number>();
    for (const a of alerts) if (a.level !== 'manual') perLevel.set(`${a.task_id} ${a.level}`, (perLevel.get(`${a.task_id} ${a.level}`) ?? 0) + 1);
    const heldCases = cases.filter((c) => c.held);
    const heldTasks = (await ds.query(`SELECT DISTINCT task_id FROM alert WHERE level = 'escalation' AND task_name = '民政审核确认' AND case_id = ANY($1)`, [heldCases.map((c) => c.id)])) as { task_id: string }[];
    const levelsOfHeld = heldTasks.map((h) => ['remind', 'warning', 'escalation'].every((l) => perLevel.get(`${h.task_id} ${l}`) === 1));
    const levelCount = (l: string) => alerts.filter((a) => a.level === l).length;
    check(
      'each alert level at most once per task; every held task got 催办, 黄牌 and 红牌',
      [...perLevel.values()].every((n) => n === 1) && heldTasks.length === heldCases.length && levelsOfHeld.every(Boolean),
      `alerts (all steps, also tasks that waited in a long inbox): 催办 ${levelCount('remind')}, 黄牌 ${levelCount('warning')}, 红牌 ${levelCount('escalation')}, manual ${levelCount('manual')}; held 民政审核确认 tasks with all three levels ${levelsOfHeld.filter(Boolean).length}/${heldCases.length}`,
    );
    const escalations = alerts.filter((a) => a.level === 'escalation');
    const got = (l: Listener) => {
      const m = new Map<number, number>();
      for (const a of l.alerts()) m.set(a.id, (m.get(a.id) ?? 0) + 1);
      return m;
    };
    const leaderA = got(sockets.leaderA!);
    const leaderB = got(sockets.leaderB!);
    const once = (m: Map<number, number>) => escalations.every((e) => m.get(e.id) === 1);
    const dupes = (m: Map<number, number>) => [...m.values()].filter((n) => n > 1).length;
    // where each 红牌 came from: the node whose job executor fired the timer, the worker that raised it
    const escTimer = new Map<string, string>();
    for (const j of jobLog) if (j.activityId === 'Timer_Task_CountyApproval_Escalate') escTimer.set(j.processInstanceId, j.hostname);
    const extLog = (await engineRest(`/history/external-task-log?topicName=escalation.raise&successLog=true&maxResults=100000`)) as { workerId: string; processInstanceId: string; activityId: string }[];
    const raisedBy = new Map<string, number>();
    for (const x of extLog) {
      const pid = Number(/-(\d+)-[a-z0-9]+$/.exec(x.workerId)?.[1]);
      const w = workerPids.get(pid) ?? `pid ${pid}`;
      raisedBy.set(w, (raisedBy.get(w) ?? 0) + 1);
    }
    const firedOn = new Map<string, number>();
    for (const c of heldCases) {
      const h = escTimer.get(c.processInstanceId) ?? '?';
      firedOn.set(h, (firedOn.get(h) ?? 0) + 1);
    }
    check(
      'the leader connected to server-a and to server-b received every 红牌 exactly once on each connection',
      escalations.length > 0 && once(leaderA) && once(leaderB) && !dupes(leaderA) && !dupes(leaderB),
      `${escalations.length} 红牌; received on server-a ${escalations.filter((e) => leaderA.get(e.id) === 1).length}, on server-b ${escalations.filter((e) => leaderB.get(e.id) === 1).length}; duplicates a ${dupes(leaderA)} / b ${dupes(leaderB)}; 红牌 timers fired on ${JSON.stringify(Object.fromEntries(firedOn))}; escalation.raise tasks (all levels) completed by ${JSON.stringify(Object.fromEntries(raisedBy))}`,
    );
    const manual = alerts.find((a) => a.level === 'manual' && a.task_id === urged?.taskId);
    const vA = got(sockets.villageA!);
    const vB = got(sockets.villageB!);
    check(
      'a manual 催办 sent through server-a reached the village worker on server-a and on server-b once',
      !!manual && vA.get(manual.id) === 1 && vB.get(manual.id) === 1 && !dupes(vA) && !dupes(vB),
      manual ? `alert ${manual.id}: server-a ${vA.get(manual.id) ?? 0}×, server-b ${vB.get(manual.id) ?? 0}×; village sockets got ${vA.size} / ${vB.size} distinct alerts, duplicates ${dupes(vA)} / ${dupes(vB)}` : 'no manual alert was sent',
    );
    if (FAILOVER !== 'none')
      check(
        'failover happened mid-run and lost nothing',
        (FAILOVER === 'kill9' || events.some((e) => e.includes('SIGTERM'))) && (FAILOVER === 'sigterm' || events.some((e) => e.includes('-9'))) && cases.length === CASES && closedCount === CASES,
        events.filter((e) => /engine-[ab] (stopped|killed|restarted)/.test(e)).join(' | '),
      );

    console.log(`\ntimeline:\n  ${events.join('\n  ')}`);
    console.log(
      `requests: ${stats.viaA} answered by server-a, ${stats.viaB} by server-b, ${stats.status5xx} 5xx answers retried on the other node; human steps completed ${stats.completions} (${stats.completeErrors} refused or failed and retried from the inbox); inbox scans ${stats.scans}`,
    );
    const bad = checks.filter((c) => !c.ok);
    failed = bad.length > 0;
    console.log(
      `\n${failed ? 'FAIL' : 'PASS'}: ${checks.length - bad.length}/${checks.length} checks passed; ${closedCount}/${CASES} cases closed in ${secs(runMs)} s (${(closedCount / (runMs / 1000)).toFixed(2)} cases/s end to end), total ${secs(Date.now() - t0)} s${bad.length ? `; failed: ${bad.map((c) => c.name).join('; ')}` : ''}`,
    );
    return failed ? 1 : 0;
  } finally {
    clearTimeout(hardLimit);
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('FAIL: the cluster run broke:', (err as Error).stack ?? err);
    process.exit(2);
  },
);
