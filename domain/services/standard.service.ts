/**
 * 救助标准: the amounts per county, kind and effective month. A standard is
 * never changed: a new amount is a new row from its effective month on, and
 * every month is paid at the standard in force for that month.
 */
import { countyCodeOf } from '../engine/contract.js';
import type { DataSource, EntityManager } from 'typeorm';
import type { z } from 'zod';
import { AssistanceStandard, PayrollRun } from '../entities/money.entity.js';
import { Unit } from '../entities/unit.entity.js';
import type { User } from '../entities/user.entity.js';
import { BadRequestError, ConflictError, ForbiddenError } from '../errors.js';
import type { standardSchema } from '../../contracts/money.schema.js';
import { STANDARD_KINDS, STANDARD_KIND_NAMES, type StandardKind } from '../../contracts/kinds.js';

export type StandardInput = z.infer<typeof standardSchema>;

/** The month after `month` (YYYY-MM). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/**
 * The standard of this kind in force in a county for a month: the row with the
 * latest effective month not after it, or null when the county set none.
 * (Exported for the eligibility decision, which takes the standard as an input.)
 */
export async function standardInForce(em: EntityManager, countyCode: string, kind: StandardKind, month: string): Promise<AssistanceStandard | null> {
  return em.getRepository(AssistanceStandard).createQueryBuilder('s').where('s.county_code = :countyCode AND s.kind = :kind AND s.effective_month <= :month', { countyCode, kind, month }).orderBy('s.effective_month', 'DESC').getOne();
}

/** The county a unit belongs to (the unit itself when it is a county), walking up the tree. */
export async function countyOf(em: EntityManager, unitCode: string): Promise<Unit> {
  let code: string | null = unitCode;
  for (let depth = 0; code && depth < 10; depth++) {
    const u: Unit | null = await em.findOneBy(Unit, { code });
    if (!u) break;
    if (u.level === 'county') return u;
    code = u.parentCode;
  }
  throw new Error(`unit ${unitCode} is not inside a county`);
}

/** 农村低保 for a household living in a village (村), 城市低保 otherwise (社区、居委会、镇区). */
export function dibaoKindOf(unit: Pick<Unit, 'level' | 'name'>): 'dibao_rural' | 'dibao_urban' {
  return unit.level === 'village' && unit.name.endsWith('村') ? 'dibao_rural' : 'dibao_urban';
}

export class StandardService {
  constructor(private readonly ds: DataSource) {}

  /** Every standard of a county (or all), newest effective month first — the full history. */
  async list(countyCode?: string) {
    const rows = await this.ds.getRepository(AssistanceStandard).find({ where: countyCode ? { countyCode } : {}, order: { kind: 'ASC', effectiveMonth: 'DESC' } });
    return rows.map(toDto);
  }

  /** The standards in force in a county for a month, one per kind (kinds without one are left out). */
  async inForce(countyCode: string, month: string) {
    const out = [];
    for (const kind of STANDARD_KINDS) {
      const s = await standardInForce(this.ds.manager, countyCode, kind, month);
      if (s) out.push(toDto(s));
    }
    return out;
  }

  /**
   * Sets a new standard from its effective month. Refused: a county that does
   * not exist or is not the user's, a month that already has a standard of this kind (history is
   * never overwritten), and a month already paid (its payroll exists).
   */
  async create(input: StandardInput, user: User) {
    return this.ds.transaction(async (em) => {
      const county = await em.findOneBy(Unit, { code: input.countyCode });
      if (county?.level !== 'county') throw new BadRequestError('COUNTY_UNKNOWN', '县不存在', 'countyCode');
      // A county's administrator sets the standards of their own county only.
      if (county.code !== countyCodeOf(user.unitCode)) throw new ForbiddenError('STANDARD_COUNTY_FORBIDDEN', '只能设定本县的救助标准');
      const paid = await em.getRepository(PayrollRun).createQueryBuilder('r').where('r.county_code = :c AND r.month >= :m', { c: input.countyCode, m: input.effectiveMonth }).orderBy('r.month', 'DESC').getOne();
      if (paid) throw new ConflictError('STANDARD_MONTH_PAID', `${paid.month} 的发放已经开始，新标准只能从之后的月份起执行`);
      if (input.kind.startsWith('tekun_care_')) await checkCareOrder(em, input);
      const inserted = await em
        .createQueryBuilder()
        .insert()
        .into(AssistanceStandard)
        .values({
          countyCode: input.countyCode,
          kind: input.kind,
          amountFen: Math.round(input.amountYuan * 100),
          effectiveMonth: input.effectiveMonth,
          approvalRef: input.approvalRef,
          approvedBy: input.approvedBy,
          setBy: user.id,
          setByName: user.displayName,
        })
        .orIgnore()
        .returning('*')
        .execute();
      const row = (inserted.raw as Record<string, unknown>[])[0];
      if (!row) throw new ConflictError('STANDARD_EXISTS', `${STANDARD_KIND_NAMES[input.kind]}在 ${input.effectiveMonth} 已有标准；历史标准不可修改，请从其他月份起设定新标准`);
      return toDto(await em.findOneByOrFail(AssistanceStandard, { id: String(row.id) }));
    });
  }
}

/** 护理等级 from most to least care: a level's standard may not be below the next one's. */
const CARE_ORDER = ['tekun_care_full', 'tekun_care_partial', 'tekun_care_self'] as const;

/**
 * A new care-level standard keeps the levels in order in its effective month: 全护理 ≥ 半护理 ≥
 * 生活自理 (the standards in force that month for the other levels); otherwise a 400 naming both.
 */
async function checkCareOrder(em: EntityManager, input: StandardInput): Promise<void> {
  const i = CARE_ORDER.indexOf(input.kind as (typeof CARE_ORDER)[number]);
  const fen = Math.round(input.amountYuan * 100);
  for (const [j, other] of CARE_ORDER.entries()) {
    if (j === i) continue;
    const s = await standardInForce(em, input.countyCode, other, input.effectiveMonth);
    if (!s) continue;
    if ((j < i && s.amountFen < fen) || (j > i && s.amountFen > fen)) {
      const [high, low] = j < i ? [other, input.kind] : [input.kind, other];
      throw new BadRequestError(
        'STANDARD_CARE_ORDER',
        `${STANDARD_KIND_NAMES[high as StandardKind]}标准不能低于${STANDARD_KIND_NAMES[low as StandardKind]}：${input.effectiveMonth} 起${STANDARD_KIND_NAMES[other]}为 ${(s.amountFen / 100).toFixed(2)} 元，新设 ${input.amountYuan.toFixed(2)} 元`,
        'amountYuan',
      );
    }
  }
}

export function toDto(s: AssistanceStandard) {
  return {
    id: s.id,
    countyCode: s.countyCode,
    kind: s.kind,
    kindName: STANDARD_KIND_NAMES[s.kind] ?? s.kind,
    amountYuan: s.amountFen / 100,
    effectiveMonth: s.effectiveMonth,
    approvalRef: s.approvalRef,
    approvedBy: s.approvedBy,
    setByName: s.setByName,
    createdAt: s.createdAt,
  };
}
