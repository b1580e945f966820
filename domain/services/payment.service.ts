/**
 * 资金发放: the monthly top-up (补差) and the idempotent payment instruction.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { beijingDateOf } from '../time/beijing.js';
import { AssistanceCase } from '../entities/assistance-case.entity.js';
import { CaseEvent } from '../entities/case-event.entity.js';
import { Household } from '../entities/household.entity.js';
import { HouseholdMember } from '../entities/household-member.entity.js';
import { PaymentInstruction } from '../entities/payment-instruction.entity.js';
import { Unit } from '../entities/unit.entity.js';
import { VerificationReport } from '../entities/verification.entity.js';
import { countyOf, dibaoKindOf, standardInForce } from './standard.service.js';
import { RecipientService } from './recipient.service.js';

/**
 * Monthly top-up in fen: (local standard − household per-capita income) ×
 * household size, never below zero. Per-capita income is rounded down to the fen.
 */
export function monthlyTopUpFen(standardFen: number, householdIncomeFen: number, size: number): { perCapitaFen: number; amountFen: number } {
  if (!Number.isInteger(size) || size < 1) throw new Error('household size must be a positive integer');
  const perCapitaFen = Math.floor(householdIncomeFen / size);
  return { perCapitaFen, amountFen: Math.max(0, standardFen - perCapitaFen) * size };
}

/** First month of payment: the month after approval, YYYY-MM in Asia/Shanghai. */
export function nextMonth(now: Date): string {
  const [y, m] = beijingDateOf(now).split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export class PaymentService {
  constructor(private readonly ds: DataSource) {}

  /** The 低保 standard (fen per person) in force for a household's village in a month: 农村 or 城市 by the village, from the county's standards. */
  async standardFor(unitCode: string, month: string, em: EntityManager = this.ds.manager): Promise<number> {
    const unit = await em.findOneByOrFail(Unit, { code: unitCode });
    const county = await countyOf(em, unitCode);
    const kind = dibaoKindOf(unit);
    const s = await standardInForce(em, county.code, kind, month);
    if (!s) throw new Error(`no ${kind} standard in force in county ${county.code} for ${month}`);
    return s.amountFen;
  }

  /**
   * Writes the payment instruction of a case exactly once: the case id is
   * unique, so a retried or duplicated external task finds the existing row.
   * Nothing to pay (income not below the standard) writes nothing: null.
   */
  async instruct(caseId: string, externalTaskId: string, now = new Date()): Promise<{ instruction: PaymentInstruction | null; created: boolean }> {
    return this.ds.transaction(async (em) => {
      const existing = await em.findOneBy(PaymentInstruction, { caseId });
      if (existing) return { instruction: existing, created: false };
      const c = await em.findOneByOrFail(AssistanceCase, { id: caseId });
      const h = await em.findOneByOrFail(Household, { id: c.householdId });
      const size = await em.countBy(HouseholdMember, { householdId: h.id });
      const month = nextMonth(now);
      const standardFen = await this.standardFor(h.unitCode, month, em);
      // The verified income (核对报告) counts; the declared one only when no verification ran.
      const report = await em.findOne(VerificationReport, { where: { caseId }, order: { round: 'DESC' } });
      const incomeFen = report ? report.totalMonthlyIncomeFen : h.monthlyIncomeFen;
      const { perCapitaFen, amountFen } = monthlyTopUpFen(standardFen, incomeFen, Math.max(size, 1));
      if (amountFen === 0) return { instruction: null, created: false };
      const sameMonth = await em.findOneBy(PaymentInstruction, { householdId: h.id, startMonth: month });
      if (sameMonth) return { instruction: sameMonth, created: false };
      const inserted = await em
        .createQueryBuilder()
        .insert()
        .into(PaymentInstruction)
        .values({
          caseId,
          householdId: h.id,
          monthlyAmountFen: amountFen,
          householdSize: Math.max(size, 1),
          standardFen,
          perCapitaIncomeFen: perCapitaFen,
          startMonth: month,
          externalTaskId,
        })
        .orIgnore()
        .returning('*')
        .execute();
      const instruction = await em.findOneByOrFail(PaymentInstruction, { householdId: h.id, startMonth: month });
      const created = (inserted.raw as unknown[]).length > 0;
      // The approved household enters the register (在保对象) the payroll reads, from the same month.
      if (amountFen > 0)
        await new RecipientService(this.ds).registerFromCase(em, {
          caseId,
          householdId: h.id,
          unitCode: h.unitCode,
          assistanceTypes: c.assistanceTypes,
          householdSize: Math.max(size, 1),
          perCapitaIncomeFen: perCapitaFen,
          standardFen,
          startMonth: instruction.startMonth,
        });
      if (created) {
        await em.insert(CaseEvent, {
          caseId,
          kind: 'payment_instructed',
          stepName: '资金发放指令',
          actorId: null,
          actorName: '系统',
          departmentCode: 'finance',
          opinion: `核定月补差 ${(amountFen / 100).toFixed(2)} 元（标准 ${(standardFen / 100).toFixed(2)} 元 − 人均收入 ${(perCapitaFen / 100).toFixed(2)} 元）× ${Math.max(size, 1)} 人，自 ${instruction.startMonth} 起发放至资金发放卡`,
          dedupKey: `payment:${caseId}`,
        });
      }
      return { instruction, created };
    });
  }
}
