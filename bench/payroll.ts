/**
 * Benchmark (not a test): one month of the money loop at county and province
 * size, through the shipped monthly-payroll process.
 *
 * Generates BENCH_RECIPIENTS 在保 recipients (households with encrypted ID
 * and card numbers, like registered ones) in BENCH_TOWNSHIPS townships of the
 * demo county, their register amounts at the standard in force (an ordinary
 * month: the build changes no amount), then times:
 *   build        POST-equivalent start of the month → roster built (status 民政审核)
 *   reviews      民政 and 财政 approve through the engine (not timed as work)
 *   bank files   every township's CSV streamed (decrypting ID and card numbers batch by batch)
 *   returns      every township's return (1 % failed) imported right after its export: parse, check every line, mark
 *   reconcile    last return → 对账 done by the worker (anomalies, failed townships), plus the report query
 * and samples the RSS of this process (server + generator) and of the worker
 * child every 250 ms; peak and end are printed. Memory stays flat because the
 * roster is built in SQL, bank files are streamed in batches of 2 000 lines and
 * returns are read one township at a time.
 *
 * Run: `npm run bench:payroll` (county: 20 000 recipients, 12 townships);
 * province: BENCH_RECIPIENTS=1000000 BENCH_TOWNSHIPS=800 npm run bench:payroll.
 */
import crypto from 'node:crypto';
import { idNumberIndex, pii, PII_LABEL } from '../domain/crypto/pii.js';
import { makeIdNumber } from '../domain/idcard.js';
import { User } from '../domain/entities/user.entity.js';
import { BankFileService } from '../domain/services/bank-file.service.js';
import { PayrollService } from '../domain/services/payroll.service.js';
import { ReconciliationService } from '../domain/services/reconciliation.service.js';
import { intEnv, loadLine, rssMiB, runBench, sleep } from './lib.js';

const N = intEnv('BENCH_RECIPIENTS', 20_000, 10, 2_000_000);
// Townships 139901200 … 139901999 of the demo county: a township's code has three digits after the county's,
// so one county holds at most 800 generated ones (1 200 made codes of ten digits, whose lines no township matched).
const TOWNSHIPS = intEnv('BENCH_TOWNSHIPS', 12, 1, 800);
const BATCH = 2_000;

runBench('payroll', { hardLimitS: 3 * 3600, env: { WORKER_LOCK_DURATION_MS: '600000' } }, async (ctx) => {
  const { platform: p } = ctx;
  const ds = p.ds;
  let peakServer = 0;
  let peakWorker = 0;
  const sampler = setInterval(() => {
    peakServer = Math.max(peakServer, process.memoryUsage().rss / 2 ** 20);
    const w = rssMiB(p.workers?.pid);
    if (w) peakWorker = Math.max(peakWorker, w);
  }, 250);
  ctx.onCleanup(() => clearInterval(sampler));

  // ---- generate: townships with one village each, households and recipients in batches
  const tGen = Date.now();
  const towns = Array.from({ length: TOWNSHIPS }, (_, i) => ({ code: `139901${String(200 + i).padStart(3, '0')}`, village: `139901${String(200 + i).padStart(3, '0')}201` }));
  await ds.query(`INSERT INTO unit (code, name, level, parent_code) SELECT t, '压测' || n || '镇', 'township', '139901' FROM unnest($1::text[], $2::int[]) AS x(t, n) ON CONFLICT DO NOTHING`, [
    towns.map((t) => t.code),
    towns.map((_, i) => i + 1),
  ]);
  await ds.query(`INSERT INTO unit (code, name, level, parent_code) SELECT v, '压测' || n || '村', 'village', t FROM unnest($1::text[], $2::text[], $3::int[]) AS x(v, t, n) ON CONFLICT DO NOTHING`, [
    towns.map((t) => t.village),
    towns.map((t) => t.code),
    towns.map((_, i) => i + 1),
  ]);
  const cipher = pii();
  for (let start = 0; start < N; start += BATCH) {
    const n = Math.min(BATCH, N - start);
    const ids: string[] = [],
      nos: string[] = [],
      enc: string[] = [],
      hashes: string[] = [],
      cards: string[] = [],
      addr: string[] = [],
      units: string[] = [],
      towns2: string[] = [];
    for (let k = 0; k < n; k++) {
      const i = start + k;
      const t = towns[i % TOWNSHIPS]!;
      // A valid synthetic ID number per household: one birth date per thousand households, the sequence within it.
      const birth = new Date(Date.UTC(1940, 0, 1) + Math.floor(i / 1000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
      const idNo = makeIdNumber('139901', birth, String(i % 1000).padStart(3, '0'));
      ids.push(crypto.randomUUID());
      nos.push(`HB${String(i).padStart(8, '0')}`);
      enc.push(cipher.encrypt(idNo, PII_LABEL.headIdNumber));
      hashes.push(idNumberIndex(idNo));
      cards.push(cipher.encrypt(`6217${String(1e14 + i).slice(1)}`, PII_LABEL.bankCard));
      addr.push(cipher.encrypt(`压测村 ${i} 号`, PII_LABEL.address));
      units.push(t.village);
      towns2.push(t.code);
    }
    await ds.query(
      `INSERT INTO household (id, household_no, head_name, head_id_enc, head_id_hash, address_enc, bank_card_enc, unit_code, monthly_income_fen)
       SELECT id, no, '压测户' || no, e, h, a, c, u, 0 FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS x(id, no, e, h, a, c, u)`,
      [ids, nos, enc, hashes, addr, cards, units],
    );
    await ds.query(
      `INSERT INTO recipient (household_id, kind, monthly_amount_fen, household_size, per_capita_income_fen, computation, start_month, status, township_code, village_code)
       SELECT id, 'dibao_rural', (60000 - income) * size, size, income, '压测', '2026-01', 'active', t, u
       FROM (SELECT id, t, u, 1 + (row_number() OVER () % 3)::int AS size, ((row_number() OVER () % 5) * 5000)::int AS income FROM unnest($1::uuid[], $2::text[], $3::text[]) AS x(id, t, u)) g`,
      [ids, towns2, units],
    );
  }
  const genS = (Date.now() - tGen) / 1000;
  console.log(`generated ${N} recipients in ${TOWNSHIPS} townships in ${genS.toFixed(1)} s; ${loadLine()}`);

  const users = ds.getRepository(User);
  const civil = await users.findOneByOrFail({ username: 'handler_civil' });
  const finance = await users.findOneByOrFail({ username: 'handler_finance' });
  const payroll = new PayrollService(ds, p.engine);
  const files = new BankFileService(ds, payroll);
  const recon = new ReconciliationService(ds, payroll);
  const waitStatus = async (id: string, status: string) => {
    for (;;) {
      const r = await payroll.runFor(civil, id);
      if (r.status === status) return;
      await sleep(100);
    }
  };
  const openTask = async (id: string, key: string) => {
    for (;;) {
      const d = await payroll.detail(key === 'Task_PayrollFinanceReview' ? finance : civil, id);
      const t = d.tasks.find((x) => x.taskKey === key);
      if (t) return t.taskId;
      await sleep(100);
    }
  };

  // ---- build
  const t0 = Date.now();
  const run = await payroll.start('139901', '2026-11', '压测');
  await waitStatus(run.id, 'civil_review');
  const buildS = (Date.now() - t0) / 1000;
  const [{ lines }] = (await ds.query(`SELECT count(*)::int AS lines FROM payment_line WHERE run_id = $1`, [run.id])) as { lines: number }[];

  // ---- reviews (people, not timed as work)
  await payroll.completeTask(civil, run.id, await openTask(run.id, 'Task_PayrollCivilReview'), { approved: true, opinion: '压测通过' });
  await payroll.completeTask(finance, run.id, await openTask(run.id, 'Task_PayrollFinanceReview'), { approved: true, opinion: '压测拨付' });
  await waitStatus(run.id, 'at_bank');

  // ---- bank files and returns, one township at a time (so only one township's return is ever in memory):
  // its CSV streamed, the bank's return written from it (1 % failed), then imported; the two steps timed apart
  let exportMs = 0;
  let importMs = 0;
  let bytes = 0;
  let failed = 0;
  for (const t of towns) {
    const t1 = Date.now();
    const out: string[] = ['流水号,金额（元）,结果,失败原因'];
    let first = true;
    for await (const chunk of files.csv(run.id, t.code)) {
      bytes += Buffer.byteLength(chunk);
      for (const line of chunk.split('\r\n')) {
        if (!line || first) {
          first = false;
          continue;
        }
        const c = line.split(',');
        const fail = parseInt(c[0]!.slice(-2), 16) < 3;
        out.push(`${c[0]},${c[5]},${fail ? '失败' : '成功'},${fail ? '账户已冻结' : ''}`);
      }
    }
    const t2 = Date.now();
    exportMs += t2 - t1;
    failed += (await files.importReturn(finance, run.id, t.code, Buffer.from(out.join('\r\n'), 'utf8'))).failed;
    importMs += Date.now() - t2;
  }
  const exportS = exportMs / 1000;
  const importS = importMs / 1000;

  // ---- reconcile: the worker's 对账 until the failed townships' tasks exist, then the report
  const t3 = Date.now();
  for (;;) {
    const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM payroll_run WHERE id = $1 AND status IN ('returned', 'closed')`, [run.id])) as { n: number }[];
    const open = await p.engine.countTasks({ processInstanceId: run.processInstanceId, taskDefinitionKey: 'Task_HandleFailures' });
    if (n && (open > 0 || failed === 0)) break;
    await sleep(100);
  }
  const report = await recon.report(civil, run.id);
  const reconcileS = (Date.now() - t3) / 1000;
  const total = buildS + exportS + importS + reconcileS;
  clearInterval(sampler);
  console.log(`\npayroll of ${N} recipients (${lines} lines, ${TOWNSHIPS} townships):`);
  console.log('| step | seconds |\n|---|---:|');
  console.log(`| build roster (start → 民政审核) | ${buildS.toFixed(1)} |`);
  console.log(`| export bank files (CSV, ${(bytes / 2 ** 20).toFixed(1)} MiB) | ${exportS.toFixed(1)} |`);
  console.log(`| import returns (${failed} failed) | ${importS.toFixed(1)} |`);
  console.log(`| reconcile (对账 + report) | ${reconcileS.toFixed(1)} |`);
  console.log(`| **month end to end** | **${total.toFixed(1)}** |`);
  console.log(`reconciliation balanced: ${report.total.balanced}, instructed ${report.total.instructed.count}, paid ${report.total.paid.count}, failed ${report.total.failed.count}`);
  console.log(`peak RSS: server+generator ${peakServer.toFixed(0)} MiB (end ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)}), worker ${peakWorker.toFixed(0)} MiB; ${loadLine()}`);
  return report.total.balanced ? 0 : 1;
});
