/**
 * Benchmark (not a test): 定期核查 — selecting the recipients due for review in
 * a month and starting one periodic-review instance each, through the shipped
 * service (ReviewService.startRound, the same call as the timer's topic).
 *
 * Generates BENCH_RECIPIENTS 在保 recipients in the demo county with their last
 * review spread evenly over the six months before this one (class 收入不固定,
 * half-yearly), so one sixth are due — the steady state of a county reviewing
 * its households twice a year. Then times:
 *   selection   the due-recipient query alone (SELECT count(*) with the round's predicate)
 *   round       ReviewService.startRound: the round row, one review row per due recipient
 *               (one INSERT … SELECT), then the instances, START_CONCURRENCY REST starts at a time
 * and samples the RSS of the engine, of PostgreSQL (all its processes) and of this
 * process every 500 ms. The workers are not started: the instances wait at their
 * first step (复核, an external task), as they would while the workers catch up.
 *
 * Run: `npm run bench:review` (100 000 recipients); BENCH_RECIPIENTS=1000000 for a province.
 */
import { pii, PII_LABEL } from '../domain/crypto/pii.js';
import { DUE_RECIPIENTS, ReviewService } from '../domain/services/review.service.js';
import { monthOf } from '../domain/services/payroll.service.js';
import { intEnv, loadLine, postgresPids, rssMiB, runBench } from './lib.js';

const N = intEnv('BENCH_RECIPIENTS', 100_000, 10, 2_000_000);
const BATCH = 20_000;

runBench('review-selection', { hardLimitS: 3 * 3600, start: { workers: false } }, async (ctx) => {
  const { platform: p, tmpDir } = ctx;
  const ds = p.ds;
  const peak = { engine: 0, postgres: 0, node: 0 };
  const sample = () => {
    peak.engine = Math.max(peak.engine, rssMiB(p.engineProcess?.pid) || 0);
    peak.postgres = Math.max(
      peak.postgres,
      postgresPids(tmpDir).reduce((s, pid) => s + (rssMiB(pid) || 0), 0),
    );
    peak.node = Math.max(peak.node, process.memoryUsage().rss / 2 ** 20);
  };
  const sampler = setInterval(sample, 500);
  ctx.onCleanup(() => clearInterval(sampler));

  // ---- generate: households (one ciphertext reused: nothing decrypts them here), recipients, review plans
  const month = monthOf(new Date());
  const tGen = Date.now();
  const cipher = pii();
  const enc = cipher.encrypt('139901194001010000', PII_LABEL.headIdNumber);
  const addr = cipher.encrypt('压测村', PII_LABEL.address);
  const card = cipher.encrypt('6217000000000000000', PII_LABEL.bankCard);
  for (let start = 0; start < N; start += BATCH) {
    const end = Math.min(N, start + BATCH) - 1;
    await ds.query(
      `INSERT INTO household (household_no, head_name, head_id_enc, head_id_hash, address_enc, bank_card_enc, unit_code, monthly_income_fen)
       SELECT 'HR' || lpad(i::text, 8, '0'), '压测户', $1, md5(i::text) || md5('r' || i::text), $2, $3, CASE WHEN i % 2 = 0 THEN '139901100201' ELSE '139901100202' END, 0
         FROM generate_series($4::int, $5::int) AS i`,
      [enc, addr, card, start, end],
    );
  }
  await ds.query(
    `INSERT INTO recipient (household_id, kind, monthly_amount_fen, household_size, per_capita_income_fen, computation, start_month, status, township_code, village_code)
     SELECT id, 'dibao_rural', 60000, 1, 0, '压测', '2025-01', 'active', '139901100', unit_code FROM household WHERE household_no LIKE 'HR%'`,
  );
  // last reviewed 1–6 months ago, evenly: the sixth reviewed six months ago is due now
  await ds.query(
    `INSERT INTO review_plan (recipient_id, review_class, last_reviewed_month)
     SELECT r.id, 'irregular', to_char(to_date($1, 'YYYY-MM') - make_interval(months => 1 + (row_number() OVER (ORDER BY r.id))::int % 6), 'YYYY-MM')
       FROM recipient r JOIN household h ON h.id = r.household_id WHERE h.household_no LIKE 'HR%'`,
    [month],
  );
  await ds.query('ANALYZE');
  console.log(`generated ${N} recipients in ${((Date.now() - tGen) / 1000).toFixed(1)} s; ${loadLine()}`);

  // ---- selection alone
  const t0 = Date.now();
  const [{ due }] = (await ds.query(`SELECT count(*)::int AS due ${DUE_RECIPIENTS}`, ['139901', month])) as { due: number }[];
  const selectS = (Date.now() - t0) / 1000;

  // ---- the round: select, write the review rows, start the instances
  sample();
  const before = { ...peak };
  const t1 = Date.now();
  const round = await new ReviewService(ds, p.engine).startRound('139901', month, '压测');
  const roundS = (Date.now() - t1) / 1000;
  sample();
  clearInterval(sampler);
  const running = await p.engine.countTasks({ processDefinitionKey: 'periodic-review' }).catch(() => NaN);
  const [{ n: rows }] = (await ds.query(`SELECT count(*)::int AS n FROM recipient_review WHERE round_id = $1 AND process_instance_id IS NOT NULL`, [round.roundId])) as { n: number }[];
  console.log(`\nperiodic review of ${month} over ${N} recipients (${due} due):`);
  console.log('| step | seconds | rate |\n|---|---:|---:|');
  console.log(`| selection query (count of due recipients) | ${selectS.toFixed(2)} | ${Math.round(N / Math.max(selectS, 0.001))} recipients/s |`);
  console.log(`| round: select + ${round.selected} review rows + ${round.started} instances started | ${roundS.toFixed(1)} | ${(round.started / roundS).toFixed(1)} instances/s |`);
  console.log(`review rows with an instance: ${rows}; open user tasks of periodic-review: ${running} (the instances wait at 复核, workers off)`);
  console.log(
    `peak RSS: engine ${peak.engine.toFixed(0)} MiB (before the round ${before.engine.toFixed(0)}), PostgreSQL ${peak.postgres.toFixed(0)} MiB (before ${before.postgres.toFixed(0)}), node ${peak.node.toFixed(0)} MiB; ${loadLine()}`,
  );
  return rows === round.selected && round.selected === due ? 0 : 1;
});
