/**
 * Data generators of the query benchmarks (bench/inbox-query.ts, bench/process-monitor.ts).
 *
 * Open work: real instances of the shipped social-assistance-application model,
 * started through the engine REST API (`POST /process-definition/key/…/start`,
 * many requests in parallel) with `startInstructions` that start each instance
 * directly before one of its user tasks — the task, its candidate-group
 * identity link, its three boundary-timer jobs, its variables and the full
 * history are all created by the engine itself. The service tasks before the
 * user task (documents check, classification, verification) are skipped, so no
 * worker runs while generating. A matching `assistance_case` row (status
 * in_progress) is inserted for each instance so the inbox joins a real case.
 *
 * Historic cases: closed `assistance_case` rows with their households, written
 * straight into the application database with INSERT … SELECT generate_series
 * (no engine history is generated for them; see docs/performance.md).
 */
import type { DataSource } from 'typeorm';
import { group } from '../domain/engine/contract.js';
import { idNumberIndex, pii, PII_LABEL } from '../domain/crypto/pii.js';
import { inParallel, type BenchContext } from './lib.js';

export const APPLICATION = 'social-assistance-application';
/** The county and villages of the demo seed. */
const COUNTY = '139901';
const VILLAGES = ['139901100201', '139901100202'];

export interface OpenTaskMix {
  /** activity id → share (the shares are normalised) */
  [activityId: string]: number;
}

/** The default spread of open user tasks over the steps of the application process. */
export const DEFAULT_MIX: OpenTaskMix = { Task_HomeVisit: 0.25, Task_DemocraticReview: 0.15, Task_CountyApproval: 0.5, Task_ReviewObjection: 0.1 };

const beijing = (t: number) => new Date(t).toISOString().replace('Z', '+0000');

/**
 * Starts `n` application instances, each before one user task of the mix, with
 * `overdueShare` of them already past their due date (their timers are due at
 * once: wait for the job executor before measuring). Returns the instance ids.
 */
export async function startOpenInstances(
  ctx: BenchContext,
  n: number,
  opts: { mix?: OpenTaskMix; overdueShare?: number; parallel?: number; progress?: (done: number) => void; caseNoOffset?: number; untilMs?: number } = {},
): Promise<{ ids: string[]; failed: number; seconds: number }> {
  const mix = Object.entries(opts.mix ?? DEFAULT_MIX);
  const totalShare = mix.reduce((a, [, s]) => a + s, 0);
  const overdueEvery = opts.overdueShare ? Math.round(1 / opts.overdueShare) : 0;
  const ids: string[] = new Array(n);
  const t0 = Date.now();
  const now = Date.now();
  const far = now + 365 * 24 * 3600 * 1000;
  const offset = opts.caseNoOffset ?? 0;
  let done = 0;
  const failed = await inParallel(n, opts.parallel ?? 8, async (i) => {
    if (opts.untilMs && Date.now() > opts.untilMs) return; // time budget used up: measure with what exists
    // deterministic spread over the activities
    let x = ((i * 0.6180339887) % 1) * totalShare;
    let activityId = mix[0]![0];
    for (const [a, s] of mix) {
      if (x < s) {
        activityId = a;
        break;
      }
      x -= s;
    }
    const overdue = overdueEvery > 0 && i % overdueEvery === 0;
    const due = overdue ? now - 3600_000 : far;
    const vars: Record<string, { value: unknown; type: string }> = {
      villageGroup: { value: group.unitRole(VILLAGES[i % VILLAGES.length]!, 'village'), type: 'String' },
      windowGroup: { value: group.unitRole(COUNTY, 'clerk'), type: 'String' },
      caseId: { value: `bench-${offset + i}`, type: 'String' },
    };
    for (const suffix of ['remindAt', 'dueAt', 'escalateAt']) vars[`${activityId}_${suffix}`] = { value: beijing(overdue ? due + (suffix === 'remindAt' ? -1000 : suffix === 'escalateAt' ? 1000 : 0) : far), type: 'String' };
    const r = await ctx.engine('POST', `/process-definition/key/${APPLICATION}/start`, {
      businessKey: caseNo(offset + i, 'open'),
      variables: vars,
      startInstructions: [{ type: 'startBeforeActivity', activityId }],
      skipCustomListeners: true,
      skipIoMappings: true,
    });
    ids[i] = r.id;
    if (++done % 1000 === 0) opts.progress?.(done);
  });
  return { ids: ids.filter(Boolean), failed, seconds: (Date.now() - t0) / 1000 };
}

function caseNo(i: number, kind: 'open' | 'historic'): string {
  return `SA-${kind === 'open' ? 2026 : 2020}-${String(i + 1).padStart(7, '0')}`;
}

/** The demo seed's clerk (registered_by of the generated cases). */
async function clerkId(ds: DataSource): Promise<string> {
  const r = (await ds.query(`SELECT id FROM app_user WHERE username = 'clerk'`)) as { id: string }[];
  if (!r[0]) throw new Error('no clerk account');
  return r[0].id;
}

/**
 * Households as the application stores them: ID number, phone and address encrypted under the
 * process's PII keys (column labels as additional data), the ID number's blind index beside it.
 * Values are made in Node (one AES-GCM per field) and inserted 10 000 rows at a time.
 */
async function insertHouseholds(ds: DataSource, rows: { no: string; name: string; idNumber: string; phone: string | null; address: string; incomeFen: number; daysAgo: number }[], unitCode: string): Promise<void> {
  const c = pii();
  for (let from = 0; from < rows.length; from += 10_000) {
    const chunk = rows.slice(from, from + 10_000);
    await ds.query(
      `INSERT INTO household (household_no, head_name, head_id_enc, head_id_hash, phone_enc, address_enc, unit_code, monthly_income_fen, created_at)
       SELECT no, name, id_enc, id_hash, phone_enc, address_enc, $7, income, now() - days * interval '1 day'
       FROM unnest($1::varchar[], $2::varchar[], $3::text[], $4::char(64)[], $5::text[], $6::text[], $8::int[], $9::int[])
            AS t(no, name, id_enc, id_hash, phone_enc, address_enc, income, days)`,
      [
        chunk.map((r) => r.no),
        chunk.map((r) => r.name),
        chunk.map((r) => c.encrypt(r.idNumber, PII_LABEL.headIdNumber)),
        chunk.map((r) => idNumberIndex(r.idNumber)),
        chunk.map((r) => (r.phone === null ? null : c.encrypt(r.phone, PII_LABEL.phone))),
        chunk.map((r) => c.encrypt(r.address, PII_LABEL.address)),
        unitCode,
        chunk.map((r) => r.incomeFen),
        chunk.map((r) => r.daysAgo),
      ],
    );
  }
}

/** One in_progress case (and household) per started instance, linked by process_instance_id. */
export async function insertOpenCases(ds: DataSource, processInstanceIds: string[], offset = 0): Promise<void> {
  const clerk = await clerkId(ds);
  await insertHouseholds(
    ds,
    processInstanceIds.map((_, i) => {
      const k = offset + i + 1;
      return { no: `HB-${k}`, name: `褚基准${k}`, idNumber: String(k).padStart(18, '7'), phone: null, address: '和平村基准街', incomeFen: 30000, daysAgo: 0 };
    }),
    VILLAGES[0],
  );
  for (let from = 0; from < processInstanceIds.length; from += 10_000) {
    const chunk = processInstanceIds.slice(from, from + 10_000);
    await ds.query(
      `WITH pi AS (SELECT id, ord FROM unnest($1::varchar[]) WITH ORDINALITY AS t(id, ord))
       INSERT INTO assistance_case (case_no, household_id, assistance_types, documents, reason, status, process_instance_id, unit_code, registered_by)
       SELECT 'SA-2026-' || lpad(($2 + pi.ord)::text, 7, '0'), h.id, '{dibao}', '{}', '基准测试：在办申请', 'in_progress', pi.id, $3, $4
       FROM pi JOIN household h ON h.household_no = 'HB-' || ($2 + pi.ord)`,
      [chunk, offset + from, COUNTY, clerk],
    );
  }
}

/**
 * `n` closed historic cases (approved / rejected / withdrawn, spread over five
 * years) with one household per five cases, via generate_series. Returns the seconds taken.
 */
export async function insertHistoricCases(ds: DataSource, n: number): Promise<number> {
  const t0 = Date.now();
  const clerk = await clerkId(ds);
  const households = Math.max(1, Math.ceil(n / 5));
  const rows = [];
  for (let g = 1; g <= households; g++) {
    rows.push({ no: `HH-${g}`, name: `褚历史${g}`, idNumber: String(g).padStart(18, '6'), phone: `199${String(g).padStart(8, '0')}`, address: `和平村历史街 ${g} 号`, incomeFen: g % 100000, daysAgo: g % 1800 });
  }
  await insertHouseholds(ds, rows, VILLAGES[0]);
  await ds.query(
    `INSERT INTO assistance_case (case_no, household_id, assistance_types, documents, reason, status, outcome, outcome_reason, process_instance_id, unit_code, registered_by, created_at, closed_at)
     SELECT 'SA-2020-' || lpad(g::text, 7, '0'), h.id,
            (ARRAY['{dibao}','{dibao,medical}','{tekun}','{dibao,education}','{temporary}'])[1 + g % 5]::text[],
            '{application_form,id_card,household_register,income_statement,authorization}',
            '历史申请（基准测试数据）', 'closed', (ARRAY['approved','rejected','withdrawn'])[1 + g % 3],
            CASE WHEN g % 3 = 1 THEN '不符合条件' ELSE NULL END,
            'hist-' || g, $3, $4, now() - (g % 1800) * interval '1 day' - interval '30 days', now() - (g % 1800) * interval '1 day'
     FROM generate_series(1, $1) g JOIN household h ON h.household_no = 'HH-' || (1 + g % $2)`,
    [n, households, COUNTY, clerk],
  );
  await ds.query('ANALYZE household; ANALYZE assistance_case');
  return (Date.now() - t0) / 1000;
}
