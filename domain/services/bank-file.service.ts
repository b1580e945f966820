/**
 * 代发文件 and 回盘: the file the bank pays from, one per payroll and
 * township (CSV or XLSX, columns in BANK_FILE_COLUMNS), and the bank's return
 * file read back — GBK or UTF-8 (with or without BOM), every line checked
 * against the payroll, all or nothing, one import per township.
 */
import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { In, type DataSource } from 'typeorm';
import { Household } from '../entities/household.entity.js';
import { PaymentLine, PayrollRun, PayrollTownship } from '../entities/money.entity.js';
import { Unit } from '../entities/unit.entity.js';
import type { User } from '../entities/user.entity.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { csvCell } from '../statistics/csv.js';
import type { PayrollService } from './payroll.service.js';
import { RECIPIENT_KIND_NAMES } from '../../contracts/kinds.js';

/** Columns of the bank file (代发文件), in order. */
export const BANK_FILE_COLUMNS = ['流水号', '户编号', '户主姓名', '身份证号', '银行卡号', '金额（元）', '救助类别', '乡镇', '村', '发放月份', '备注'] as const;
/** Columns of a return file (回盘) besides any bank-file column echoed back. */
export const RETURN_COLUMNS = ['结果', '失败原因'] as const;
const REQUIRED_RETURN_COLUMNS = ['流水号', '金额（元）', '结果'];
const RESULT_PAID = '成功';
const RESULT_FAILED = '失败';

/** Only county finance (财政) handles bank files. */
export function requireCountyFinance(user: User): void {
  if (user.departmentCode !== 'finance' || !['handler', 'head'].includes(user.role) || user.unitCode.length !== 6) throw new ForbiddenError('BANK_FILE_FORBIDDEN', '只有县财政部门可以导出代发文件和导入银行回盘');
}

/** Yuan with two decimals from fen (no floating point). */
export function yuanText(fen: number): string {
  return `${Math.trunc(fen / 100)}.${String(Math.abs(fen % 100)).padStart(2, '0')}`;
}

/** Fen from a yuan text such as 1234.5 or 1234.50; null when it is not an amount. */
export function fenOf(text: string): number | null {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/**
 * Text of an uploaded CSV (a bank's return file, a county's recipient list):
 * UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, otherwise GBK, as
 * banks and county systems write. Anything else is refused (400 `<prefix>_…`).
 */
export function decodeCsvFile(buf: Buffer, prefix = 'RETURN', name = '回盘文件'): string {
  if (buf.length === 0) throw new BadRequestError(`${prefix}_EMPTY`, `${name}为空`);
  let text: string;
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) text = buf.subarray(3).toString('utf8');
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    } catch {
      try {
        text = new TextDecoder('gbk', { fatal: true }).decode(buf);
      } catch {
        throw new BadRequestError(`${prefix}_ENCODING_INVALID`, `${name}编码无法识别：请使用 GBK 或 UTF-8 编码的 CSV 文件`);
      }
    }
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a NUL (or U+FFFD) in the decoded text is exactly what marks a file read in the wrong encoding
  if (/[\u0000\uFFFD]/.test(text)) throw new BadRequestError(`${prefix}_ENCODING_INVALID`, `${name}编码无法识别：请使用 GBK 或 UTF-8 编码的 CSV 文件`);
  return text;
}

/** CSV rows (RFC 4180: quotes, doubled quotes, CRLF or LF); empty lines dropped, each with its line number. */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((c) => c.trim() !== '')) rows.push({ line: startLine, cells });
      cells = [];
      cell = '';
      line++;
      startLine = line;
    } else cell += ch;
  }
  cells.push(cell);
  if (cells.some((c) => c.trim() !== '')) rows.push({ line: startLine, cells });
  return rows;
}

interface BankRow {
  lineId: string;
  householdNo: string;
  headName: string;
  idNumber: string;
  cardNo: string;
  amountFen: number;
  kindName: string;
  township: string;
  village: string;
  month: string;
  note: string;
}

export class BankFileService {
  constructor(
    private readonly ds: DataSource,
    private readonly payroll: PayrollService,
  ) {}

  /** The run and township of a bank-file request, once the bank has been instructed. */
  async township(user: User, runId: string, townshipCode: string): Promise<{ run: PayrollRun; township: Unit }> {
    requireCountyFinance(user);
    const run = await this.payroll.runFor(user, runId);
    const t = /^\d{9}$/.test(townshipCode) ? await this.ds.getRepository(PayrollTownship).findOneBy({ runId, townshipCode }) : null;
    if (!t) throw new NotFoundError('PAYROLL_TOWNSHIP_NOT_FOUND', '该乡镇在本月发放中没有明细');
    if (['building', 'civil_review', 'finance_review'].includes(run.status)) throw new ConflictError('PAYROLL_NOT_AT_BANK', '财政审核拨付后才能导出代发文件');
    return { run, township: await this.ds.getRepository(Unit).findOneByOrFail({ code: townshipCode }) };
  }

  /** The township's bank-file rows in batches (keyset by line id), decrypting card and ID numbers batch by batch. */
  async *rows(runId: string, townshipCode: string, batch = 2_000): AsyncGenerator<BankRow[]> {
    const units = new Map((await this.ds.getRepository(Unit).find()).map((u) => [u.code, u.name]));
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const lines = await this.ds
        .getRepository(PaymentLine)
        .createQueryBuilder('l')
        .where('l.run_id = :runId AND l.township_code = :townshipCode AND l.id > :after', { runId, townshipCode, after })
        .orderBy('l.id', 'ASC')
        .limit(batch)
        .getMany();
      if (!lines.length) return;
      after = lines[lines.length - 1]!.id;
      const hs = await this.ds.getRepository(Household).find({ select: { id: true, householdNo: true, headName: true, headIdNumber: true, bankCardNo: true }, where: { id: In([...new Set(lines.map((l) => l.householdId))]) } });
      const byId = new Map(hs.map((h) => [h.id, h]));
      yield lines.map((l) => {
        const h = byId.get(l.householdId)!;
        return {
          lineId: l.id,
          householdNo: h.householdNo,
          headName: h.headName,
          idNumber: h.headIdNumber,
          cardNo: h.bankCardNo ?? '',
          amountFen: l.amountFen,
          kindName: RECIPIENT_KIND_NAMES[l.kind as keyof typeof RECIPIENT_KIND_NAMES] ?? l.kind,
          township: units.get(l.townshipCode) ?? l.townshipCode,
          village: units.get(l.villageCode) ?? l.villageCode,
          month: l.month,
          note: l.source === 'reissue' ? `补发 ${l.month}` : l.source === 'temporary' ? '临时救助' : l.source === 'campaign' ? '冬春救助' : l.source === 'price_subsidy' ? `价格临时补贴 ${l.month}` : '',
        };
      });
    }
  }

  /** One bank-file row as cells (the ID and card numbers as text, never as numbers). */
  static cells(r: BankRow): string[] {
    return [r.lineId, r.householdNo, r.headName, r.idNumber, r.cardNo, yuanText(r.amountFen), r.kindName, r.township, r.village, r.month, r.note];
  }

  /** CSV lines (UTF-8 with BOM, CRLF) of the bank file, streamed. */
  async *csv(runId: string, townshipCode: string): AsyncGenerator<string> {
    yield `\uFEFF${BANK_FILE_COLUMNS.join(',')}\r\n`;
    for await (const rows of this.rows(runId, townshipCode))
      yield rows
        .map(
          (r) =>
            `${BankFileService.cells(r)
              .map((c) => csvCell(c))
              .join(',')}\r\n`,
        )
        .join('');
  }

  /** The bank file as an .xlsx workbook streamed to `out` (exceljs' streaming writer: rows are committed as they come). */
  async xlsx(runId: string, townshipCode: string, out: NodeJS.WritableStream): Promise<void> {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as unknown as import('node:stream').Stream, useStyles: false, useSharedStrings: false });
    const ws = wb.addWorksheet('代发文件');
    ws.addRow([...BANK_FILE_COLUMNS]).commit();
    for await (const rows of this.rows(runId, townshipCode)) for (const r of rows) ws.addRow([...BankFileService.cells(r).slice(0, 5), r.amountFen / 100, ...BankFileService.cells(r).slice(6)]).commit();
    ws.commit();
    await wb.commit();
  }

  /**
   * 导入回盘: checks every line (known 流水号 of this township, its household,
   * its amount, 成功/失败 with a reason, no duplicate, none missing) before
   * changing anything; then marks the lines in one transaction that holds the
   * township's row, so of two imports at once one wins and the other is told.
   * The last township's return tells the process the money is back.
   */
  async importReturn(user: User, runId: string, townshipCode: string, buf: Buffer) {
    const { run } = await this.township(user, runId, townshipCode).catch((err: unknown) => {
      if (err instanceof ConflictError) throw new ConflictError('PAYROLL_NOT_AT_BANK', '财政审核拨付后才能导入银行回盘');
      throw err;
    });
    if (run.status === 'closed') throw new ConflictError('PAYROLL_CLOSED', `${run.month} 的发放已经结束，不能再导入回盘`);
    const rows = parseCsv(decodeCsvFile(buf));
    if (rows.length === 0) throw new BadRequestError('RETURN_EMPTY', '回盘文件为空');
    const header = rows[0]!.cells.map((c) => c.trim());
    const known = new Set<string>([...BANK_FILE_COLUMNS, ...RETURN_COLUMNS]);
    const unknown = header.filter((h) => !known.has(h));
    if (unknown.length) throw new BadRequestError('RETURN_COLUMN_UNKNOWN', `第 1 行：无法识别的列“${unknown.join('”“')}”；回盘文件的列应为 ${[...REQUIRED_RETURN_COLUMNS, '失败原因'].join('、')}（可附带代发文件的其他列）`);
    const missingCols = REQUIRED_RETURN_COLUMNS.filter((c) => !header.includes(c));
    if (missingCols.length) throw new BadRequestError('RETURN_COLUMN_MISSING', `第 1 行：缺少列“${missingCols.join('”“')}”`);
    if (new Set(header).size !== header.length) throw new BadRequestError('RETURN_COLUMN_DUPLICATE', '第 1 行：列名重复');
    const col = (name: string) => header.indexOf(name);
    const lines = await this.ds.getRepository(PaymentLine).find({ select: { id: true, householdId: true, amountFen: true }, where: { runId, townshipCode } });
    const byId = new Map(lines.map((l) => [l.id, l]));
    const households = new Map(
      ((await this.ds.query(`SELECT h.id, h.household_no AS no FROM household h WHERE h.id IN (SELECT household_id FROM payment_line WHERE run_id = $1 AND township_code = $2)`, [runId, townshipCode])) as { id: string; no: string }[]).map(
        (h) => [h.id, h.no],
      ),
    );
    const seen = new Map<string, number>();
    const paid: string[] = [];
    const failed: { id: string; reason: string }[] = [];
    for (const { line, cells } of rows.slice(1)) {
      const at = (name: string) => (col(name) >= 0 ? (cells[col(name)] ?? '').trim() : '');
      if (cells.length > header.length) throw new BadRequestError('RETURN_LINE_INVALID', `第 ${line} 行：列数多于表头`);
      const id = at('流水号');
      const l = byId.get(id);
      if (!l) throw new BadRequestError('RETURN_LINE_UNKNOWN', `第 ${line} 行：流水号“${id.slice(0, 40)}”不在本乡镇本月的代发文件中`);
      if (seen.has(id)) throw new BadRequestError('RETURN_LINE_DUPLICATE', `第 ${line} 行：流水号与第 ${seen.get(id)} 行重复`);
      seen.set(id, line);
      if (col('户编号') >= 0 && at('户编号') !== households.get(l.householdId)) throw new BadRequestError('RETURN_HOUSEHOLD_UNKNOWN', `第 ${line} 行：户编号“${at('户编号').slice(0, 40)}”与代发文件不符`);
      const fen = fenOf(at('金额（元）'));
      if (fen === null) throw new BadRequestError('RETURN_AMOUNT_INVALID', `第 ${line} 行：金额“${at('金额（元）').slice(0, 20)}”格式不正确`);
      if (fen !== l.amountFen) throw new BadRequestError('RETURN_AMOUNT_MISMATCH', `第 ${line} 行：金额 ${yuanText(fen)} 元与代发金额 ${yuanText(l.amountFen)} 元不符`);
      const result = at('结果');
      if (result === RESULT_PAID) paid.push(id);
      else if (result === RESULT_FAILED) {
        const reason = at('失败原因');
        if (!reason) throw new BadRequestError('RETURN_REASON_MISSING', `第 ${line} 行：发放失败须写明失败原因`);
        failed.push({ id, reason: reason.slice(0, 200) });
      } else throw new BadRequestError('RETURN_RESULT_INVALID', `第 ${line} 行：结果“${result.slice(0, 10)}”应为“成功”或“失败”`);
    }
    if (seen.size !== lines.length) throw new BadRequestError('RETURN_INCOMPLETE', `回盘缺少 ${lines.length - seen.size} 笔明细（代发 ${lines.length} 笔，回盘 ${seen.size} 笔）`);
    const sha = crypto.createHash('sha256').update(buf).digest('hex');
    return this.ds.transaction(async (em) => {
      const t = await em.getRepository(PayrollTownship).findOne({ where: { runId, townshipCode }, lock: { mode: 'pessimistic_write' } });
      const current = await em.getRepository(PayrollRun).findOne({ where: { id: runId }, lock: { mode: 'pessimistic_write' } });
      if (current!.status === 'closed') throw new ConflictError('PAYROLL_CLOSED', `${run.month} 的发放已经结束，不能再导入回盘`);
      if (t!.returnImportedAt) throw new ConflictError('RETURN_ALREADY_IMPORTED', `该乡镇本月的回盘已由${t!.returnImportedBy}于 ${t!.returnImportedAt.toISOString()} 导入，不能重复导入`);
      const now = new Date();
      if (paid.length) await em.query(`UPDATE payment_line SET status = 'paid', returned_at = $2 WHERE id = ANY($1::uuid[])`, [paid, now]);
      if (failed.length)
        await em.query(`UPDATE payment_line l SET status = 'failed', fail_reason = f.reason, returned_at = $3 FROM unnest($1::uuid[], $2::text[]) AS f(id, reason) WHERE l.id = f.id`, [
          failed.map((f) => f.id),
          failed.map((f) => f.reason),
          now,
        ]);
      await em.update(PayrollTownship, { runId, townshipCode }, { returnImportedAt: now, returnImportedBy: user.displayName, returnSha256: sha });
      const [{ n }] = (await em.query(`SELECT count(*)::int AS n FROM payroll_township WHERE run_id = $1 AND return_imported_at IS NULL`, [runId])) as { n: number }[];
      if (n === 0 && current!.status === 'at_bank') {
        await em.update(PayrollRun, { id: runId }, { status: 'returned' });
        await this.payroll.correlateReturned(current!);
      }
      return { township: townshipCode, lines: seen.size, paid: paid.length, failed: failed.length, townshipsWaiting: n };
    });
  }
}
