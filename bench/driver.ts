/**
 * Child process of bench/throughput.ts and bench/memory.ts: the people of
 * 社会救助一门受理, driving cases through the HTTP API as in
 * test/integration/application-process.test.ts (happy path, 低保 + 医疗救助):
 *
 *   clerk           POST /api/cases                          (register, all documents)
 *   village_heping  入户调查 Task_HomeVisit, 民主评议 Task_DemocraticReview
 *   (engine)        公示 public notice, PUBLIC_NOTICE_SECONDS
 *   handler_civil   民政审核确认 Task_CountyApproval (approve)
 *   handler_health  转介办理 Task_Referral
 *   (workers)       payment, ledger, close
 *
 * A person finds a task the way the web UI does: their 待办 (GET /api/tasks,
 * oldest first, 100 per page), one poll per person every `pollMs` shared by
 * every case waiting on that person, then POST /api/tasks/:id/complete.
 *
 * Modes: `lanes` > 0 — closed loop: each lane registers a case, completes its
 * human steps, then registers the next (the throughput test); `rate` > 0 —
 * open loop: one new case every 1/rate s, each case on its own (the memory
 * test; at most `maxActive` in flight). The parent gets messages
 * 'window-start' / 'window-end' around the measured window and then
 * 'result' with every sample. Closure is not awaited here: the parent reads
 * closed_at of the cases from the database.
 */
import { makeIdNumber } from '../domain/idcard.js';
import { DOCUMENT_CODES } from '../domain/documents.js';

interface Job {
  url: string;
  passwords: Record<string, string>;
  lanes: number;
  rate: number;
  maxActive: number;
  warmupS: number;
  durationS: number;
  pollMs: number;
}
const job = JSON.parse(process.env.BENCH_DRIVER_JOB!) as Job;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Person {
  cookie = '';
  waiters = new Map<string, { taskKey: string; resolve: (taskId: string) => void; since: number }>();
  private polling = false;
  constructor(readonly username: string) {}
  async request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; ms: number }> {
    const t = performance.now();
    const res = await fetch(job.url + path, {
      method,
      headers: { ...(this.cookie ? { Cookie: this.cookie } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    for (const c of res.headers.getSetCookie?.() ?? []) this.cookie = c.split(';')[0]!;
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, ms: performance.now() - t };
  }
  async login(): Promise<void> {
    const r = await this.request('POST', '/api/auth/login', { username: this.username, password: job.passwords[this.username] });
    if (r.status !== 200) throw new Error(`login ${this.username}: ${r.status}`);
  }
  /** Resolves with the task id once the case's task with this key is in the person's 待办. */
  waitTask(caseId: string, taskKey: string, timeoutMs = 180_000): Promise<string> {
    const key = `${caseId}:${taskKey}`;
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.waiters.delete(key);
        reject(new Error(`${taskKey} of ${caseId} not in ${this.username}'s 待办 within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      const done = (id: string) => {
        clearTimeout(t);
        resolve(id);
      };
      this.waiters.set(key, { taskKey, resolve: done, since: Date.now() });
    });
  }
  async pollLoop(stop: () => boolean): Promise<void> {
    while (!stop()) {
      if (this.waiters.size && !this.polling) {
        this.polling = true;
        try {
          const r = await this.request('GET', '/api/tasks?page=1&pageSize=100');
          record(`inbox ${this.username}`, r.ms, r.status);
          for (const t of (r.body?.items ?? []) as any[]) {
            const k = `${t.case?.id}:${t.taskKey}`;
            const w = this.waiters.get(k);
            if (w) {
              this.waiters.delete(k);
              w.resolve(t.taskId);
            }
          }
        } catch {
          errors++;
        } finally {
          this.polling = false;
        }
      }
      await sleep(job.pollMs);
    }
  }
}

const latencies: Record<string, number[]> = {};
const statuses: Record<string, number> = {};
let errors = 0;
let measuring = false;
function record(what: string, ms: number, status: number): void {
  statuses[`${what.split(' ')[0]} ${status}`] = (statuses[`${what.split(' ')[0]} ${status}`] ?? 0) + 1;
  if (!measuring) return;
  latencies[what] ??= [];
  latencies[what].push(ms);
}
const cases: { caseId: string; registeredAt: number; humanDoneAt: number | null }[] = [];

let seq = 0;
function application() {
  const i = seq++;
  // Sequence codes 100–959: 96x–99x are the ones the demo verification sources find discrepancies for.
  const day = new Date(Date.UTC(1950, 0, 1) + Math.floor(i / 860) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const head = makeIdNumber('139901', day, String(100 + (i % 860)).padStart(3, '0'));
  return {
    household: { headName: '褚基准', headIdNumber: head, phone: '19900001234', address: '和平村基准街 1 号', villageCode: '139901100201', monthlyIncomeYuan: 300, members: [{ name: '褚基准', idNumber: head, relation: '本人' }] },
    assistanceTypes: ['dibao', 'medical'],
    reason: '户主因病丧失劳动能力，家庭生活困难（基准测试）',
    documents: [...DOCUMENT_CODES],
  };
}

const people = Object.fromEntries(['clerk', 'village_heping', 'handler_civil', 'handler_health'].map((u) => [u, new Person(u)])) as Record<string, Person>;

async function step(who: string, caseId: string, taskKey: string, body: unknown): Promise<void> {
  const p = people[who]!;
  const taskId = await p.waitTask(caseId, taskKey);
  const r = await p.request('POST', `/api/tasks/${taskId}/complete`, body);
  record(`complete ${taskKey}`, r.ms, r.status);
  if (r.status !== 200) throw new Error(`${taskKey}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
}

async function oneCase(): Promise<void> {
  const r = await people.clerk!.request('POST', '/api/cases', application());
  record('register', r.ms, r.status);
  if (r.status !== 201) throw new Error(`register: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
  const c = { caseId: r.body.id as string, registeredAt: Date.now(), humanDoneAt: null as number | null };
  cases.push(c);
  await step('village_heping', c.caseId, 'Task_HomeVisit', { findings: '家中无劳动力，住房简陋，生活困难属实', recommend: true });
  await step('village_heping', c.caseId, 'Task_DemocraticReview', { participants: 9, votesFor: 8, votesAgainst: 1, opinion: '评议通过' });
  await step('handler_civil', c.caseId, 'Task_CountyApproval', { approved: true, opinion: '核对、调查、评议、公示均无异常，同意' });
  await step('handler_health', c.caseId, 'Task_Referral', { opinion: '已纳入医疗救助对象' });
  c.humanDoneAt = Date.now();
}

async function main(): Promise<void> {
  for (const p of Object.values(people)) await p.login();
  const t0 = Date.now();
  const windowStart = t0 + job.warmupS * 1000;
  const windowEnd = windowStart + job.durationS * 1000;
  let stopped = false;
  const pollers = Object.values(people).map((p) => p.pollLoop(() => stopped));
  const timers = [
    setTimeout(() => {
      measuring = true;
      process.send!({ type: 'window-start', at: Date.now() });
    }, windowStart - Date.now()),
    setTimeout(() => {
      measuring = false;
      process.send!({ type: 'window-end', at: Date.now() });
    }, windowEnd - Date.now()),
  ];
  const failures: string[] = [];
  const run = (p: Promise<void>) =>
    p.catch((e) => {
      errors++;
      if (failures.length < 5) failures.push((e as Error).message);
    });
  const inFlight = new Set<Promise<void>>();
  if (job.lanes > 0) {
    await Promise.all(
      Array.from({ length: job.lanes }, async (_, lane) => {
        await sleep((lane * 1000) / job.lanes); // stagger the lanes over the first second
        while (Date.now() < windowEnd) await run(oneCase());
      }),
    );
  } else {
    for (let i = 0; Date.now() < windowEnd; i++) {
      const wait = t0 + (i * 1000) / job.rate - Date.now();
      if (wait > 0) await sleep(wait);
      if (inFlight.size >= job.maxActive) {
        errors++;
        continue; // the platform does not keep up: counted, not queued
      }
      const p = run(oneCase()).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.race([Promise.all(inFlight), sleep(60_000)]);
  }
  stopped = true;
  for (const t of timers) clearTimeout(t);
  await Promise.all(pollers);
  process.send!({ type: 'result', latencies, statuses, errors, failures, cases, windowStart, windowEnd }, () => process.exit(0));
}

main().catch((err) => {
  console.error('driver failed:', err);
  process.exit(1);
});
