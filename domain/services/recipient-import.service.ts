/**
 * 在保对象批量导入: a county adopting Doudi brings the households already in
 * assistance from its current system as one CSV (GBK or UTF-8) or XLSX file in
 * the layout of IMPORT_COLUMNS. Every line is checked (ID check digit, one
 * person in one household, kind, amount against the standard in force for its
 * first month, village of the county) before anything is written; then all
 * households, members and recipients go in one transaction, encrypted and
 * indexed like registered households, and a report says what came in.
 */
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { idNumberIndex } from '../crypto/pii.js';
import { Recipient, RecipientEvent } from '../entities/money.entity.js';
import { Unit } from '../entities/unit.entity.js';
import type { User } from '../entities/user.entity.js';
import { BadRequestError, ForbiddenError } from '../errors.js';
import { isValidIdNumber } from '../idcard.js';
import { decodeCsvFile, fenOf, parseCsv, yuanText } from './bank-file.service.js';
import { standardInForce } from './standard.service.js';
import { MONTH_RE } from '../../contracts/money.schema.js';
import { type CareLevel, RECIPIENT_KIND_NAMES, type RecipientKind, type StandardKind } from '../../contracts/kinds.js';
import { registerHousehold } from './household-registry.js';

/** The import layout, in order (户主 = the person receiving the payment). */
export const IMPORT_COLUMNS = ['户主姓名', '户主身份证号', '家庭人口', '救助类别', '护理等级', '家庭月人均收入（元）', '月保障金额（元）', '起始月份', '乡镇', '村', '银行卡号', '联系电话', '家庭住址'] as const;
const KINDS: Record<string, RecipientKind> = { 城市低保: 'dibao_urban', 农村低保: 'dibao_rural', 特困供养: 'tekun' };
const CARE: Record<string, CareLevel> = { 全护理: 'full', 半护理: 'partial', 生活自理: 'self' };
/** Largest file accepted in one import (lines). */
export const IMPORT_MAX_LINES = 200_000;

interface Line {
  line: number;
  name: string;
  id: string;
  size: number;
  kind: RecipientKind;
  care: CareLevel | null;
  perCapitaFen: number;
  amountFen: number;
  startMonth: string;
  township: Unit;
  village: Unit;
  card: string | null;
  phone: string | null;
  address: string;
  computation: string;
}

/** Rows of an XLSX (first sheet) or CSV upload, with their line numbers. */
async function rowsOf(buf: Buffer): Promise<{ line: number; cells: string[] }[]> {
  if (buf[0] === 0x50 && buf[1] === 0x4b) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(buf as unknown as ArrayBuffer);
    } catch {
      throw new BadRequestError('IMPORT_FILE_INVALID', '无法读取该 Excel 文件，请另存为 .xlsx 或 CSV 后重试');
    }
    const ws = wb.worksheets[0];
    const out: { line: number; cells: string[] }[] = [];
    ws?.eachRow({ includeEmpty: false }, (row, n) => {
      const cells: string[] = [];
      for (let c = 1; c <= Math.max(row.cellCount, IMPORT_COLUMNS.length); c++) cells.push(row.getCell(c).text ?? '');
      out.push({ line: n, cells });
    });
    return out;
  }
  return parseCsv(decodeCsvFile(buf, 'IMPORT', '导入文件'));
}

export class RecipientImportService {
  constructor(private readonly ds: DataSource) {}

  /** Checks every line, then imports all of them or none; returns the report. */
  async import(user: User, buf: Buffer) {
    if (user.departmentCode !== 'civil' || !['handler', 'head'].includes(user.role) || user.unitCode.length !== 6) throw new ForbiddenError('IMPORT_FORBIDDEN', '只有县民政部门可以批量导入在保对象');
    const rows = await rowsOf(buf);
    if (rows.length < 2) throw new BadRequestError('IMPORT_EMPTY', '导入文件没有数据行');
    if (rows.length - 1 > IMPORT_MAX_LINES) throw new BadRequestError('IMPORT_TOO_LARGE', `一次最多导入 ${IMPORT_MAX_LINES} 行，请分批导入`);
    const header = rows[0]!.cells.map((c) => c.trim());
    while (header.length && header[header.length - 1] === '') header.pop();
    const unknown = header.filter((h) => !(IMPORT_COLUMNS as readonly string[]).includes(h));
    if (unknown.length) throw new BadRequestError('IMPORT_COLUMN_UNKNOWN', `第 1 行：无法识别的列“${unknown.join('”“')}”；列应为 ${IMPORT_COLUMNS.join('、')}`);
    const missing = IMPORT_COLUMNS.filter((c) => !['护理等级', '家庭月人均收入（元）', '银行卡号', '联系电话'].includes(c) && !header.includes(c));
    if (missing.length) throw new BadRequestError('IMPORT_COLUMN_MISSING', `第 1 行：缺少列“${missing.join('”“')}”`);
    const county = user.unitCode;
    const units = await this.ds.getRepository(Unit).find();
    const townships = new Map(units.filter((u) => u.level === 'township' && u.parentCode === county).map((u) => [u.name, u]));
    const standards = new Map<string, number | null>();
    const std = async (kind: StandardKind, month: string) => {
      const k = `${kind}:${month}`;
      if (!standards.has(k)) standards.set(k, (await standardInForce(this.ds.manager, county, kind, month))?.amountFen ?? null);
      return standards.get(k)!;
    };
    const seen = new Map<string, number>();
    const lines: Line[] = [];
    for (const { line, cells } of rows.slice(1)) {
      const at = (name: (typeof IMPORT_COLUMNS)[number]) => (header.indexOf(name) >= 0 ? (cells[header.indexOf(name)] ?? '').trim() : '');
      const bad = (code: string, what: string): never => {
        throw new BadRequestError(code, `第 ${line} 行：${what}`);
      };
      const name = at('户主姓名');
      if (!name || name.length > 64) bad('IMPORT_NAME_INVALID', '户主姓名必须填写，且不超过 64 个字');
      const id = at('户主身份证号').toUpperCase();
      if (!isValidIdNumber(id)) bad('IMPORT_ID_INVALID', `身份证号“${id.slice(0, 20)}”不正确（位数、出生日期或校验码有误）`);
      if (seen.has(id)) bad('IMPORT_PERSON_DUPLICATE', `身份证号与第 ${seen.get(id)} 行重复：一人只能在一户`);
      seen.set(id, line);
      const size = Number(at('家庭人口'));
      if (!Number.isInteger(size) || size < 1 || size > 30) bad('IMPORT_SIZE_INVALID', '家庭人口应为 1–30 的整数');
      const kind = KINDS[at('救助类别')] ?? bad('IMPORT_KIND_INVALID', `救助类别“${at('救助类别').slice(0, 10)}”应为 城市低保、农村低保 或 特困供养`);
      const care = kind === 'tekun' ? (CARE[at('护理等级')] ?? bad('IMPORT_CARE_INVALID', '特困供养须填写护理等级：全护理、半护理 或 生活自理')) : null;
      const startMonth = at('起始月份');
      if (!MONTH_RE.test(startMonth)) bad('IMPORT_MONTH_INVALID', '起始月份格式应为 YYYY-MM');
      const amountFen = fenOf(at('月保障金额（元）')) ?? bad('IMPORT_AMOUNT_INVALID', '月保障金额格式不正确');
      const perCapitaFen = kind === 'tekun' ? 0 : (fenOf(at('家庭月人均收入（元）') || '0') ?? bad('IMPORT_INCOME_INVALID', '家庭月人均收入格式不正确'));
      let expected: number;
      let computation: string;
      if (kind === 'tekun') {
        const basic = await std('tekun_basic', startMonth);
        const careStd = await std(`tekun_care_${care}` as StandardKind, startMonth);
        if (basic == null || careStd == null) bad('IMPORT_STANDARD_MISSING', `${startMonth} 没有特困供养标准`);
        expected = (basic! + careStd!) * size;
        computation = `导入：特困供养基本生活标准 ${yuanText(basic!)} 元 + 照料护理 ${yuanText(careStd!)} 元，× ${size} 人`;
      } else {
        const s = await std(kind, startMonth);
        if (s == null) bad('IMPORT_STANDARD_MISSING', `${startMonth} 没有${RECIPIENT_KIND_NAMES[kind]}标准`);
        expected = Math.max(0, s! - perCapitaFen) * size;
        computation = `导入：（${RECIPIENT_KIND_NAMES[kind]}标准 ${yuanText(s!)} 元 − 人均收入 ${yuanText(perCapitaFen)} 元）× ${size} 人`;
      }
      if (expected <= 0) bad('IMPORT_AMOUNT_MISMATCH', '按标准计算的保障金额为 0，不应在保');
      if (amountFen !== expected) bad('IMPORT_AMOUNT_MISMATCH', `月保障金额 ${yuanText(amountFen)} 元与标准不符，按 ${startMonth} 执行标准应为 ${yuanText(expected)} 元`);
      const township = townships.get(at('乡镇')) ?? bad('IMPORT_TOWNSHIP_UNKNOWN', `乡镇“${at('乡镇').slice(0, 20)}”不在本县`);
      const village = units.find((u) => u.parentCode === township.code && u.name === at('村')) ?? bad('IMPORT_VILLAGE_UNKNOWN', `村“${at('村').slice(0, 20)}”不在${township.name}`);
      const card = at('银行卡号') || null;
      if (card && !/^\d{12,19}$/.test(card)) bad('IMPORT_CARD_INVALID', '银行卡号应为 12–19 位数字');
      const phone = at('联系电话') || null;
      if (phone && !/^[\d-]{7,20}$/.test(phone)) bad('IMPORT_PHONE_INVALID', '联系电话格式不正确');
      const address = at('家庭住址');
      if (!address || address.length > 200) bad('IMPORT_ADDRESS_INVALID', '家庭住址必须填写，且不超过 200 个字');
      lines.push({ line, name, id, size, kind, care, perCapitaFen, amountFen, startMonth, township, village, card, phone, address, computation });
    }
    // One person in one household: nobody in the file may already be in a household of Doudi.
    const hashes = lines.map((l) => idNumberIndex(l.id));
    for (let i = 0; i < hashes.length; i += 10_000) {
      const chunk = hashes.slice(i, i + 10_000);
      const found = (await this.ds.query(`SELECT id_hash AS h FROM household_member WHERE id_hash = ANY($1) UNION SELECT head_id_hash FROM household WHERE head_id_hash = ANY($1) LIMIT 1`, [chunk])) as { h: string }[];
      if (found[0]) {
        const l = lines[hashes.indexOf(found[0].h)]!;
        throw new BadRequestError('IMPORT_PERSON_EXISTS', `第 ${l.line} 行：该身份证号已在系统的其他家庭中，一人只能在一户`);
      }
    }
    await this.ds.transaction(async (em) => {
      for (const l of lines) {
        const h = await registerHousehold(em, {
          villageCode: l.village.code,
          headName: l.name,
          headIdNumber: l.id,
          phone: l.phone,
          address: l.address,
          bankCardNo: l.card,
          monthlyIncomeFen: l.perCapitaFen * l.size,
        });
        const r = await em.save(
          em.create(Recipient, {
            householdId: h.id,
            kind: l.kind,
            careLevel: l.care,
            caseId: null,
            monthlyAmountFen: l.amountFen,
            householdSize: l.size,
            perCapitaIncomeFen: l.perCapitaFen,
            computation: l.computation,
            startMonth: l.startMonth,
            status: 'active',
            townshipCode: l.township.code,
            villageCode: l.village.code,
          }),
        );
        await em.insert(RecipientEvent, { recipientId: r.id, kind: 'created', toStatus: 'active', toAmountFen: l.amountFen, actorId: user.id, actorName: user.displayName, reason: `批量导入（第 ${l.line} 行）` });
      }
    });
    const byGroup = new Map<string, { township: string; kind: string; households: number; amountFen: number }>();
    for (const l of lines) {
      const k = `${l.township.code}:${l.kind}`;
      const g = byGroup.get(k) ?? { township: l.township.name, kind: RECIPIENT_KIND_NAMES[l.kind], households: 0, amountFen: 0 };
      g.households++;
      g.amountFen += l.amountFen;
      byGroup.set(k, g);
    }
    return {
      imported: lines.length,
      amountYuan: lines.reduce((s, l) => s + l.amountFen, 0) / 100,
      groups: [...byGroup.values()].map((g) => ({ township: g.township, kind: g.kind, households: g.households, amountYuan: g.amountFen / 100 })),
    };
  }
}
