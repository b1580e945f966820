/**
 * 临时救助（救急难）: registration at the window or from a village report
 * (主动发现), the approval level by amount (乡级审批 for small amounts), the
 * one-off payment, paid first in an emergency (先行救助).
 */
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import { AssistanceCase } from '../entities/assistance-case.entity.js';
import { CaseEvent } from '../entities/case-event.entity.js';
import { Household } from '../entities/household.entity.js';
import { TemporaryPayment, TemporaryRequest } from '../entities/temporary.entity.js';
import { PaymentLine } from '../entities/money.entity.js';
import { monthOf } from './payroll.service.js';
import { Unit } from '../entities/unit.entity.js';
import type { User } from '../entities/user.entity.js';
import { countyCodeOf, PROCESS, group } from '../engine/contract.js';
import type { EngineClient } from '../engine/engine-client.js';
import { BadRequestError, ForbiddenError } from '../errors.js';
import { CaseService, type RegisteredCase } from './case.service.js';
import { event } from './application-steps.service.js';
import { SettingsService } from './settings.service.js';
import type { temporaryCaseSchema } from '../../contracts/case.schema.js';

export type TemporaryCaseInput = z.infer<typeof temporaryCaseSchema>;

/** Where a temporary-assistance case comes from (临时救助的来源). */
export const TEMPORARY_SOURCE_NAMES = { window: '窗口受理登记', village_report: '主动发现报告', rural_flag: '乡村振兴部门推送' } as const;
export type TemporarySource = keyof typeof TEMPORARY_SOURCE_NAMES;

/**
 * Who may start a temporary-assistance case, and as what: the window, the
 * village worker (主动发现), and the 乡村振兴 department flagging a household at
 * risk of falling back into poverty (建档立卡/监测, information sharing towards
 * Doudi). Other department staff may not.
 */
export function temporarySourceOf(user: Pick<User, 'role' | 'departmentCode'>): TemporarySource {
  if (user.role === 'village') return 'village_report';
  if (user.role === 'clerk') return 'window';
  if ((user.role === 'handler' || user.role === 'head') && user.departmentCode === 'rural') return 'rural_flag';
  throw new ForbiddenError('TEMPORARY_FORBIDDEN', '只有受理窗口、村级专干和乡村振兴部门可以登记临时救助');
}

export class TemporaryService {
  constructor(
    private readonly ds: DataSource,
    private readonly cfg: { temporaryTownshipLimitFen: number },
  ) {}

  /** The township a unit belongs to (itself when it is one). */
  private async townshipOf(unitCode: string): Promise<string> {
    const units = this.ds.getRepository(Unit);
    let u = await units.findOneBy({ code: unitCode });
    for (let i = 0; u && i < 5; i++) {
      if (u.level === 'township') return u.code;
      if (u.level !== 'village' || !u.parentCode) break;
      u = await units.findOneBy({ code: u.parentCode });
    }
    return '';
  }

  /**
   * Registers a temporary-assistance case: a window clerk (窗口受理) or a
   * village worker reporting a household in their village (主动发现).
   */
  async register(input: TemporaryCaseInput, user: User, engine: EngineClient): Promise<RegisteredCase> {
    const source = temporarySourceOf(user);
    let householdUnit = input.household?.villageCode;
    if (input.householdId) {
      const h = await this.ds.getRepository(Household).findOneBy({ id: input.householdId });
      if (!h) throw new BadRequestError('HOUSEHOLD_ID_INVALID', '所选家庭不存在', 'householdId');
      householdUnit = h.unitCode;
    }
    if (source === 'village_report' && householdUnit !== user.unitCode) {
      throw new ForbiddenError('VILLAGE_FORBIDDEN', '村级专干只能报告本村的困难家庭');
    }
    const townshipCode = await this.townshipOf(householdUnit ?? '');
    if (!townshipCode) throw new BadRequestError('HOUSEHOLD_VILLAGE_CODE_INVALID', '所属村（社区）不存在', 'household.villageCode');
    const amountFen = Math.round(input.amountYuan * 100);
    // 先行救助 only up to the township approval limit: a larger amount waits for its approval.
    const limitFen = await new SettingsService(this.ds, this.cfg).townshipLimitFen(countyCodeOf(townshipCode));
    const payFirst = input.emergency && amountFen <= limitFen;
    const capped = input.emergency && !payFirst ? `；金额超过乡镇审批限额 ${(limitFen / 100).toFixed(0)} 元，不予先行救助，审批后发放` : '';
    return new CaseService(this.ds).register({ householdId: input.householdId, household: input.household, assistanceTypes: ['temporary'], reason: input.reason, documents: [] }, user, engine, {
      processKey: PROCESS.temporaryAssistance,
      stepName: TEMPORARY_SOURCE_NAMES[source],
      opinion: `申请临时救助 ${input.amountYuan.toFixed(2)} 元${input.emergency ? '，情况紧急，申请先行救助' : ''}${capped}`,
      afterCreate: async (em, c) => {
        await em.insert(TemporaryRequest, { caseId: c.id, amountFen, emergency: payFirst, source, approvalLevel: null, townshipCode });
        // Inputs of the approval-level decision (temporary-approval.dmn): the amount, pay-first as capped above, the limit in force.
        return { emergency: payFirst, amountFen, townshipLimitFen: limitFen, townshipGroup: group.unitRole(townshipCode, 'handler'), townshipLimitYuan: limitFen / 100 };
      },
    });
  }

  /**
   * 审批层级: records the level and pay-first the approval decision
   * (temporary-approval.dmn, evaluated by the engine just before, with the
   * limit in force at registration) decided.
   * The approving side then leads the case (and may read its file). Idempotent.
   */
  async assess(caseId: string, level: 'township' | 'county', payFirst: boolean, limitFen?: number): Promise<void> {
    const r = await this.ds.getRepository(TemporaryRequest).findOneByOrFail({ caseId });
    limitFen ??= await new SettingsService(this.ds, this.cfg).townshipLimitFen(countyCodeOf(r.townshipCode));
    const limit = `${(limitFen / 100).toFixed(0)} 元`;
    const levelText = level === 'township' ? `不超过乡镇审批限额 ${limit}，由乡镇审批` : `超过乡镇审批限额 ${limit}，报县民政局审批`;
    const payText = payFirst ? '；情况紧急，先行救助、后补手续' : '';
    await this.ds.transaction(async (em) => {
      await em.update(TemporaryRequest, { caseId }, { approvalLevel: level });
      await em.update(AssistanceCase, { id: caseId }, { leadDepartment: level === 'township' ? 'township' : 'civil' });
      await event(em, { caseId, kind: 'assessed', stepName: '确定审批层级', opinion: `申请金额 ${(r.amountFen / 100).toFixed(2)} 元，${levelText}${payText}`, dedupKey: `assessed:${caseId}` });
    });
  }

  /** The one-off payment, written once per case whatever retries happen. */
  async pay(caseId: string, paidFirst: boolean, externalTaskId: string): Promise<{ payment: TemporaryPayment; created: boolean }> {
    return this.ds.transaction(async (em) => {
      const existing = await em.findOneBy(TemporaryPayment, { caseId });
      if (existing) return { payment: existing, created: false };
      const r = await em.findOneByOrFail(TemporaryRequest, { caseId });
      const payment = await em.save(em.create(TemporaryPayment, { caseId, amountFen: r.amountFen, paidFirst, externalTaskId }));
      // The same ledger of payments as the monthly allowances: the month's payroll sends it to the bank.
      const c = await em.findOneByOrFail(AssistanceCase, { id: caseId });
      const h = await em.findOneByOrFail(Household, { id: c.householdId });
      await em
        .createQueryBuilder()
        .insert()
        .into(PaymentLine)
        .values({ month: monthOf(new Date()), source: 'temporary', householdId: h.id, caseId, kind: 'temporary', townshipCode: r.townshipCode, villageCode: h.unitCode, amountFen: r.amountFen })
        .orIgnore()
        .execute();
      await em.insert(CaseEvent, {
        caseId,
        kind: 'payment_instructed',
        stepName: paidFirst ? '先行救助发放' : '临时救助发放',
        actorId: null,
        actorName: '系统',
        departmentCode: 'finance',
        opinion: `发放临时救助金 ${(r.amountFen / 100).toFixed(2)} 元${paidFirst ? '（先行救助，后补手续）' : ''}`,
        dedupKey: `temporary-payment:${caseId}`,
      });
      return { payment, created: true };
    });
  }
}
