/** Drives 社会救助一门受理 through the HTTP API, as the users of each step would. */
import { expect } from 'chai';
import { DOCUMENT_CODES } from '../../domain/documents.js';
import { makeIdNumber } from '../../domain/idcard.js';
import { thePlatform } from './global-fixture.js';
import { loginAs, waitFor, type Browser } from './http.js';

let seq = 300;

/** A new synthetic household registration in 和平村 (unique ID numbers per call). */
export function newApplication(opts: { incomeYuan: number; types: string[]; members?: number; documents?: string[] }) {
  const head = makeIdNumber('139901', '19720304', String(seq++).padStart(3, '0'));
  const members = [{ name: '褚演示', idNumber: head, relation: '本人' }];
  for (let i = 1; i < (opts.members ?? 1); i++) members.push({ name: `褚小${'一二三四五'[i]}`, idNumber: makeIdNumber('139901', '20100101', String(seq++).padStart(3, '0')), relation: '子女' });
  return {
    household: { headName: '褚演示', headIdNumber: head, phone: '19900001234', address: '和平村演示街 20 号', villageCode: '139901100201', monthlyIncomeYuan: opts.incomeYuan, members },
    assistanceTypes: opts.types,
    reason: '户主因病丧失劳动能力，家庭生活困难',
    documents: opts.documents ?? [...DOCUMENT_CODES],
  };
}

/** The open task of a case with this task key in the user's inbox (waits for it). */
export async function taskOf(b: Browser, caseId: string, taskKey: string, timeoutMs = 30_000): Promise<{ taskId: string; name: string }> {
  return waitFor(
    `${taskKey} of ${caseId}`,
    async () => {
      const r = await b.get('/api/tasks?pageSize=100');
      return (r.body.items as any[]).find((t) => t.case?.id === caseId && t.taskKey === taskKey);
    },
    timeoutMs,
  );
}

/** True when the user's inbox holds no task of this case with this key. */
export async function noTask(b: Browser, caseId: string, taskKey: string): Promise<boolean> {
  const r = await b.get('/api/tasks?pageSize=100');
  return !(r.body.items as any[]).some((t) => t.case?.id === caseId && t.taskKey === taskKey);
}

/** Completes the case's task with this key as this user, expecting success. */
export async function complete(b: Browser, caseId: string, taskKey: string, body: unknown): Promise<void> {
  const t = await taskOf(b, caseId, taskKey);
  const r = await b.post(`/api/tasks/${t.taskId}/complete`, body);
  expect(r.status, `${taskKey}: ${JSON.stringify(r.body)}`).to.equal(200);
}

/** The case file once the case is closed and its instance has ended. */
export async function closedCase(b: Browser, caseId: string, timeoutMs = 30_000): Promise<any> {
  return waitFor(
    'case closed',
    async () => {
      const r = await b.get(`/api/cases/${caseId}`);
      return r.body.status === 'closed' && ['COMPLETED', 'EXTERNALLY_TERMINATED'].includes(r.body.processState) ? r.body : undefined;
    },
    timeoutMs,
  );
}

/** The users of the demo county the steps need. */
export async function actors() {
  const [clerk, village, civil, health, edu, housing] = await Promise.all(['clerk', 'village_heping', 'handler_civil', 'handler_health', 'handler_edu', 'handler_housing'].map((u) => loginAs(u)));
  return { clerk: clerk!, village: village!, civil: civil!, health: health!, edu: edu!, housing: housing! };
}

/** Registers an application and returns its id, case number and instance. */
export async function register(clerk: Browser, app: object): Promise<{ id: string; caseNo: string; processInstanceId: string }> {
  const r = await clerk.post('/api/cases', app);
  expect(r.status, JSON.stringify(r.body)).to.equal(201);
  return r.body;
}

/** 入户调查 and 民主评议 by the village worker, both in favour. */
export async function villageSteps(village: Browser, caseId: string): Promise<void> {
  await complete(village, caseId, 'Task_HomeVisit', { findings: '家中无劳动力，住房简陋，生活困难属实', recommend: true });
  await complete(village, caseId, 'Task_DemocraticReview', { participants: 9, votesFor: 8, votesAgainst: 1, opinion: '评议通过' });
}

/**
 * A household for the bulk fault tests, one per (birth date, n): each test
 * passes its own birth date, so ID numbers never meet newApplication's.
 */
export function bulkHousehold(birthDate: string, n: number) {
  const headIdNumber = makeIdNumber('139901', birthDate, String(n).padStart(3, '0'));
  return { headName: '褚演示', headIdNumber, phone: '19900001234', address: `和平村演示街 ${n} 号`, villageCode: '139901100201', monthlyIncomeYuan: 0, members: [{ name: '褚演示', idNumber: headIdNumber, relation: '本人' }] };
}

/** Runs fn over 0..n-1 with at most `limit` calls at a time; results in index order. */
export async function mapLimit<T>(n: number, limit: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, n) }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}

/**
 * Ends the cases a test left open, so their time limits raise no alerts into
 * later tests: an application is withdrawn by the county window; an open
 * temporary-assistance step is finished (file completed, approval refused).
 */
export async function settleCases(caseIds: string[]): Promise<void> {
  const [clerk, civil, township] = await Promise.all(['clerk', 'handler_civil', 'handler_township'].map((u) => loginAs(u)));
  const done = { opinion: '测试结束，不予批准', approved: false };
  for (const id of caseIds) {
    if ((await clerk.post(`/api/cases/${id}/withdraw`, { reason: '测试结束，申请人撤回' })).status === 200) continue;
    for (let round = 0; round < 3; round++) {
      const open = (await Promise.all([civil!, township!].map(async (b) => ((await b.get('/api/tasks?pageSize=100')).body.items as any[]).filter((t) => t.case?.id === id).map((t) => ({ b, t }))))).flat();
      if (!open.length) break;
      for (const { b, t } of open) {
        await b.post(`/api/tasks/${t.taskId}/complete`, t.taskKey === 'Task_CompleteFile' ? { opinion: '测试结束，补办完毕' } : done);
      }
    }
  }
}

/**
 * Hooks for the enclosing describe block: remember when it started and, at
 * its end, settle every case registered since that is still open.
 */
export function settleCasesOfThisSuite(): void {
  let since = '';
  before(async () => {
    since = ((await thePlatform().ds.query('SELECT now()::text AS t')) as { t: string }[])[0]!.t;
  });
  after(async function () {
    this.timeout(120_000);
    const open = (await thePlatform().ds.query(`SELECT id FROM assistance_case WHERE status <> 'closed' AND created_at >= $1`, [since])) as { id: string }[];
    await settleCases(open.map((r) => r.id));
  });
}
