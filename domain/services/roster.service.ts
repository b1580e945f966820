/**
 * 乡镇台账 and 村级名册 (policy §六): every assisted household of a township,
 * or of one village — the register's recipients (低保, 特困) and the
 * temporary-assistance cases paid (临时救助) — with masked head names, the
 * amount, since when, the status and the certificate, as a page, an XLSX
 * export and a print sheet that all read the same rows.
 */
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';

import { Unit } from '../entities/unit.entity.js';
import type { User } from '../entities/user.entity.js';
import { BadRequestError, ForbiddenError } from '../errors.js';
import { maskName } from '../idcard.js';
import { unitCovers } from './jurisdiction.service.js';
import { LEDGER_COLUMNS, LEDGER_STATUS_NAMES, type LedgerRow } from './views.js';
import type { ledgerQuerySchema } from '../../contracts/lists.schema.js';
import { RECIPIENT_KIND_NAMES } from '../../contracts/kinds.js';

export { LEDGER_COLUMNS, type LedgerRow } from './views.js';

/** Status of a paid temporary-assistance case in the ledger (a one-off payment, never monthly). */
const TEMPORARY_PAID = 'paid';
const STATUS_NAMES: Record<string, string> = LEDGER_STATUS_NAMES;

export type LedgerQuery = z.infer<typeof ledgerQuerySchema>;
/** Handlers and heads of these departments read the ledger of the units they cover. */
const LEDGER_DEPARTMENTS = ['civil', 'finance', 'gov', 'township', 'town_finance'];

/** The largest export; a township has far fewer assisted households. */
const EXPORT_LIMIT = 100_000;

export class RosterService {
  constructor(private readonly ds: DataSource) {}

  private async unit(code: string, level: 'township' | 'village'): Promise<Unit> {
    const u = /^\d{6,15}$/.test(code) ? await this.ds.getRepository(Unit).findOneBy({ code }) : null;
    if (!u) throw new BadRequestError('UNIT_INVALID', '行政区划不存在', 'unit');
    if (u.level !== level) throw new BadRequestError('UNIT_INVALID', level === 'village' ? '请选择村（社区）' : '请选择乡镇', 'unit');
    return u;
  }

  /**
   * Jurisdiction: a village worker reads their own village's roster; township
   * staff their township and its villages; county civil affairs, finance,
   * leadership and the coordinator every unit of their county.
   */
  private async mayRead(user: User, u: Unit): Promise<boolean> {
    const byRole = user.role === 'village' || ['coordinator', 'leader', 'admin'].includes(user.role) || (['handler', 'head'].includes(user.role) && LEDGER_DEPARTMENTS.includes(user.departmentCode));
    return byRole && (await unitCovers(this.ds, user.unitCode, u.code));
  }

  private async scope(user: User, level: 'township' | 'village', code: string, q: LedgerQuery): Promise<{ unit: Unit; township: Unit; village: string | null }> {
    const unit = await this.unit(code, level);
    if (!(await this.mayRead(user, unit))) {
      throw level === 'village' ? new ForbiddenError('ROSTER_FORBIDDEN', '无权查看该村名册') : new ForbiddenError('LEDGER_FORBIDDEN', '无权查看该乡镇台账');
    }
    if (level === 'village') return { unit, township: await this.ds.getRepository(Unit).findOneByOrFail({ code: unit.parentCode! }), village: unit.code };
    if (q.village) {
      const v = await this.ds.getRepository(Unit).findOneBy({ code: q.village });
      if (!v || v.parentCode !== unit.code) throw new BadRequestError('VILLAGE_INVALID', '所选村（社区）不属于该乡镇', 'village');
    }
    return { unit, township: unit, village: q.village ?? null };
  }

  /**
   * The rows of a township (or one village), filtered, in the order the page,
   * the export and the print sheet show them: village, household, kind.
   */
  private async rows(townshipCode: string, village: string | null, q: LedgerQuery, limit: number, offset: number): Promise<{ total: number; activeAmountYuan: number; items: LedgerRow[] }> {
    const params: unknown[] = [townshipCode, village, q.kind ?? null, q.status ?? null];
    // One line per recipient of the register, and one per paid temporary-assistance case.
    const union = `
      SELECT h.household_no, h.head_name, r.village_code, r.kind, r.household_size, r.monthly_amount_fen AS amount_fen,
             r.start_month AS since, r.status,
             (SELECT le.certificate_no FROM ledger_entry le WHERE le.household_id = r.household_id ORDER BY le.created_at DESC LIMIT 1) AS certificate_no,
             (SELECT p.last_reviewed_month FROM review_plan p WHERE p.recipient_id = r.id)::text AS last_review
        FROM recipient r JOIN household h ON h.id = r.household_id
       WHERE r.township_code = $1
      UNION ALL
      SELECT h.household_no, h.head_name, h.unit_code AS village_code, 'temporary' AS kind,
             (SELECT count(*)::int FROM household_member m WHERE m.household_id = h.id) AS household_size, tp.amount_fen,
             to_char(tp.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS since, '${TEMPORARY_PAID}' AS status,
             (SELECT le.certificate_no FROM ledger_entry le WHERE le.case_id = c.id) AS certificate_no,
             NULL::text AS last_review
        FROM temporary_payment tp
        JOIN temporary_request tr ON tr.case_id = tp.case_id
        JOIN assistance_case c ON c.id = tp.case_id
        JOIN household h ON h.id = c.household_id
       WHERE tr.township_code = $1`;
    const where = `WHERE ($2::text IS NULL OR x.village_code = $2) AND ($3::text IS NULL OR x.kind = $3) AND ($4::text IS NULL OR x.status = $4)`;
    const [summary] = (await this.ds.query(`SELECT count(*)::int AS total, coalesce(sum(x.amount_fen) FILTER (WHERE x.status = 'active'), 0)::bigint AS active_fen FROM (${union}) x ${where}`, params)) as {
      total: number;
      active_fen: string;
    }[];
    const raw = (await this.ds.query(
      `SELECT x.*, v.name AS village_name FROM (${union}) x LEFT JOIN unit v ON v.code = x.village_code ${where}
        ORDER BY x.village_code, x.household_no, x.kind LIMIT ${limit} OFFSET ${offset}`,
      params,
    )) as {
      household_no: string;
      head_name: string;
      village_code: string;
      village_name: string | null;
      kind: string;
      household_size: number;
      amount_fen: number;
      since: string;
      status: string;
      certificate_no: string | null;
      last_review: string | null;
    }[];
    return {
      total: summary!.total,
      activeAmountYuan: Number(summary!.active_fen) / 100,
      items: raw.map((r) => ({
        householdNo: r.household_no,
        headName: maskName(r.head_name),
        villageCode: r.village_code,
        villageName: r.village_name ?? r.village_code,
        kind: r.kind,
        kindName: RECIPIENT_KIND_NAMES[r.kind as keyof typeof RECIPIENT_KIND_NAMES] ?? r.kind,
        householdSize: r.household_size,
        amountYuan: r.amount_fen / 100,
        since: r.since,
        status: r.status,
        statusName: STATUS_NAMES[r.status] ?? r.status,
        certificateNo: r.certificate_no,
        // the month of the last decided 定期核查 (none yet: empty; 临时救助 is not reviewed)
        lastReview: r.last_review,
      })),
    };
  }

  /** 乡镇台账 (one page of it). */
  async townshipLedger(user: User, townshipCode: string, q: LedgerQuery) {
    const s = await this.scope(user, 'township', townshipCode, q);
    const rows = await this.rows(s.township.code, s.village, q, q.pageSize, (q.page - 1) * q.pageSize);
    return { township: { code: s.township.code, name: s.township.name }, village: null, ...rows };
  }

  /** 村级名册 (one page of it). */
  async villageRoster(user: User, villageCode: string, q: LedgerQuery) {
    const s = await this.scope(user, 'village', villageCode, q);
    const rows = await this.rows(s.township.code, s.village, q, q.pageSize, (q.page - 1) * q.pageSize);
    return { township: { code: s.township.code, name: s.township.name }, village: { code: s.unit.code, name: s.unit.name }, ...rows };
  }

  /** The whole filtered ledger or roster as an .xlsx workbook: sheet 台账/名册 with the page's columns, sheet 说明. */
  async xlsx(user: User, level: 'township' | 'village', code: string, q: LedgerQuery): Promise<{ content: Buffer; filename: string; asciiFilename: string }> {
    const s = await this.scope(user, level, code, q);
    const { items, total, activeAmountYuan } = await this.rows(s.township.code, s.village, q, EXPORT_LIMIT, 0);
    const title = level === 'township' ? `${s.township.name}社会救助台账` : `${s.township.name}${s.unit.name}社会救助对象名册`;
    const wb = new ExcelJS.Workbook();
    wb.creator = '兜底 · 社会救助协同平台';
    const ws = wb.addWorksheet(level === 'township' ? '台账' : '名册', {
      views: [{ state: 'frozen', ySplit: 1 }],
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
      headerFooter: { oddHeader: `&C${title}&R${today()}` },
    });
    ws.addRow(LEDGER_COLUMNS.map((c) => c.label));
    for (const r of items) ws.addRow(LEDGER_COLUMNS.map((c) => r[c.key] ?? ''));
    ws.getRow(1).font = { bold: true };
    LEDGER_COLUMNS.forEach((c, i) => {
      ws.getColumn(i + 1).width = c.width;
    });
    ws.getColumn(LEDGER_COLUMNS.findIndex((c) => c.key === 'amountYuan') + 1).numFmt = '0.00';
    const info = wb.addWorksheet('说明');
    info.addRows([
      ['名称', title],
      ['导出日期', today()],
      ['筛选条件', describe(q) || '全部'],
      ['户数', total],
      ['在保对象月保障金额合计（元）', activeAmountYuan],
      ['说明', '户主姓名已脱敏；临时救助为一次性发放金额；最近核查为最近一次定期核查作出决定的月份，尚未核查的为空。'],
    ]);
    info.getColumn(1).width = 26;
    info.getColumn(2).width = 60;
    const base = level === 'township' ? `台账-${s.township.name}-${today()}` : `名册-${s.unit.name}-${today()}`;
    return { content: Buffer.from(await wb.xlsx.writeBuffer()), filename: `${base}.xlsx`, asciiFilename: `${level === 'township' ? 'ledger' : 'roster'}-${code}.xlsx` };
  }
}

/** Today in Beijing, YYYY-MM-DD (the date on the export and the print sheet). */
function today(): string {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}

function describe(q: LedgerQuery): string {
  return [q.village && `村（社区）${q.village}`, q.kind && RECIPIENT_KIND_NAMES[q.kind], q.status && STATUS_NAMES[q.status]].filter(Boolean).join('，');
}
