/** Drives 月度资金发放 through the HTTP API, as civil affairs, finance and the township would. */
import { expect } from 'chai';
import { idNumberIndex } from '../../domain/crypto/pii.js';
import { Household } from '../../domain/entities/household.entity.js';
import { HouseholdMember } from '../../domain/entities/household-member.entity.js';
import { Recipient, RecipientEvent } from '../../domain/entities/money.entity.js';
import { makeIdNumber } from '../../domain/idcard.js';
import { thePlatform } from './global-fixture.js';
import { waitFor, type Browser } from './http.js';

let seq = 0;

/**
 * Given: a household already in the register (在保), as a county's earlier
 * approval or import left it — 农村低保 by default, in 和平村 of 幸福镇.
 */
export async function givenRecipient(opts: { name?: string; size?: number; perCapitaYuan?: number; kind?: 'dibao_rural' | 'dibao_urban' | 'tekun'; startMonth?: string; village?: string; card?: string | null } = {}) {
  const ds = thePlatform().ds;
  const n = seq++;
  const id = makeIdNumber('139901', '19660101', String(500 + n).padStart(3, '0'));
  const village = opts.village ?? '139901100201';
  const h = await ds.getRepository(Household).save(
    ds.getRepository(Household).create({
      householdNo: `HP${Date.now().toString(36)}${n}`,
      headName: opts.name ?? '褚演示发',
      headIdNumber: id,
      headIdHash: idNumberIndex(id),
      phone: null,
      address: '和平村演示街 9 号',
      bankCardNo: opts.card === undefined ? `62170000${String(10000000 + n)}` : opts.card,
      unitCode: village,
      monthlyIncomeFen: 0,
    }),
  );
  await ds.getRepository(HouseholdMember).insert({ householdId: h.id, name: h.headName, idNumber: id, idHash: idNumberIndex(id), relation: '本人' });
  const size = opts.size ?? 1;
  const perCapita = Math.round((opts.perCapitaYuan ?? 0) * 100);
  const kind = opts.kind ?? 'dibao_rural';
  const r = await ds.getRepository(Recipient).save(
    ds.getRepository(Recipient).create({
      householdId: h.id,
      kind,
      careLevel: kind === 'tekun' ? 'full' : null,
      caseId: null,
      monthlyAmountFen: kind === 'tekun' ? (97_500 + 60_000) * size : Math.max(0, (kind === 'dibao_urban' ? 75_000 : 60_000) - perCapita) * size,
      householdSize: size,
      perCapitaIncomeFen: perCapita,
      computation: '测试前已在册',
      startMonth: opts.startMonth ?? '2026-01',
      status: 'active',
      townshipCode: '139901100',
      villageCode: village,
    }),
  );
  await ds.getRepository(RecipientEvent).insert({ recipientId: r.id, kind: 'created', toStatus: 'active', toAmountFen: r.monthlyAmountFen, actorName: '测试', reason: '测试前已在册' });
  return { household: h, recipient: r };
}

/** The user's open task of a payroll (waits for it). */
export async function payrollTask(b: Browser, runId: string, taskKey: string, timeoutMs = 30_000): Promise<string> {
  return waitFor(
    `${taskKey} of ${runId}`,
    async () => {
      const r = await b.get(`/api/payroll/${runId}`);
      return (r.body.tasks as any[] | undefined)?.find((t) => t.taskKey === taskKey)?.taskId as string | undefined;
    },
    timeoutMs,
  );
}

/** The payroll's status once it has reached `status`. */
export async function payrollAt(b: Browser, runId: string, status: string, timeoutMs = 30_000): Promise<any> {
  return waitFor(
    `payroll ${runId} ${status}`,
    async () => {
      const r = await b.get(`/api/payroll/${runId}`);
      return r.body.status === status ? r.body : undefined;
    },
    timeoutMs,
  );
}

/** 民政 starts a month, 民政 and 财政 approve it; returns the run once the bank has been instructed. */
export async function monthAtBank(civil: Browser, finance: Browser, month: string): Promise<{ id: string; runNo: string }> {
  const s = await civil.post('/api/payroll', { month });
  expect(s.status, JSON.stringify(s.body)).to.equal(201);
  const civilTask = await payrollTask(civil, s.body.id, 'Task_PayrollCivilReview');
  expect((await civil.post(`/api/payroll/${s.body.id}/tasks/${civilTask}/complete`, { approved: true, opinion: '名册与在保对象核对无误' })).status).to.equal(200);
  const financeTask = await payrollTask(finance, s.body.id, 'Task_PayrollFinanceReview');
  expect((await finance.post(`/api/payroll/${s.body.id}/tasks/${financeTask}/complete`, { approved: true, opinion: '资金已拨付代发银行' })).status).to.equal(200);
  await payrollAt(civil, s.body.id, 'at_bank');
  return s.body;
}

/** Parses the CSV bank file (UTF-8 with BOM) into objects by column name. */
export function parseBankCsv(text: string): Record<string, string>[] {
  expect(text.charCodeAt(0), 'UTF-8 BOM').to.equal(0xfeff);
  const [head, ...rows] = text.slice(1).trim().split('\r\n');
  const cols = head!.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((c, i) => [cols[i]!, c])));
}

/** Fetches a file as the user (raw bytes). */
export async function download(b: Browser, path: string): Promise<{ status: number; type: string; buf: Buffer }> {
  const res = await fetch(thePlatform().url + path, { headers: { Cookie: b.sessionCookie } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', buf: Buffer.from(await res.arrayBuffer()) };
}

/** Uploads a return file as the user. */
export async function upload(b: Browser, path: string, buf: Buffer, type = 'text/csv'): Promise<{ status: number; body: any }> {
  const res = await fetch(thePlatform().url + path, { method: 'POST', headers: { Cookie: b.sessionCookie, 'Content-Type': type }, body: new Uint8Array(buf) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

let gbkTable: Map<string, number[]> | undefined;

/** GBK bytes of a text, as a bank's system writes them (the table is built from the platform's own GBK decoder). */
export function gbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const dec = new TextDecoder('gbk');
    for (let a = 0x81; a <= 0xfe; a++)
      for (let b = 0x40; b <= 0xfe; b++)
        if (b !== 0x7f) {
          const ch = dec.decode(Uint8Array.of(a, b));
          if (ch.length === 1 && ch !== '\uFFFD' && !gbkTable.has(ch)) gbkTable.set(ch, [a, b]);
        }
  }
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else {
      const bytes = gbkTable.get(ch);
      if (!bytes) throw new Error(`no GBK code for ${ch}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}

/** A return file (回盘) for bank-file rows: every line paid unless named in `failed` (流水号 → reason). */
export function returnCsv(rows: Record<string, string>[], failed: Record<string, string> = {}, edit: (cells: string[], row: Record<string, string>) => string[] = (c) => c): string {
  const lines = ['流水号,户编号,金额（元）,结果,失败原因'];
  for (const r of rows) lines.push(edit([r['流水号']!, r['户编号']!, r['金额（元）']!, failed[r['流水号']!] ? '失败' : '成功', failed[r['流水号']!] ?? ''], r).join(','));
  return lines.join('\r\n') + '\r\n';
}

/**
 * Removes the payroll runs of a month (every county) and their instances, as if the month had never
 * been started: suites that pay a month clean up after themselves, so a later suite can start it.
 */
export async function removePayrollMonth(month: string): Promise<void> {
  const p = thePlatform();
  for (const r of (await p.ds.query('SELECT id, run_no FROM payroll_run WHERE month = $1', [month])) as { id: string; run_no: string }[]) {
    for (const i of await p.engine.instancesByBusinessKey(r.run_no)) await p.engine.deleteInstance(i.id);
    await p.ds.transaction(async (em) => {
      await em.query(`UPDATE payment_line SET run_id = NULL WHERE run_id = $1 AND source NOT IN ('payroll', 'reissue')`, [r.id]);
      for (const table of ['payment_anomaly', 'payment_objection', 'payroll_event', 'payroll_township']) await em.query(`DELETE FROM ${table} WHERE run_id = $1`, [r.id]);
      await em.query('DELETE FROM payment_line WHERE run_id = $1', [r.id]);
      await em.query('DELETE FROM payroll_run WHERE id = $1', [r.id]);
    });
  }
}
