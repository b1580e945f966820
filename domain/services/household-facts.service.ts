/**
 * 家庭情况变更: the window corrects a household's facts after registration
 * (a member's disability certificate, schooling, illness, employment,
 * 建档立卡/监测 status; the household's disaster impact). The same rules as at
 * registration: only the roles that register households, only within their
 * jurisdiction, and facts contradicting a member's age are refused with
 * nothing changed. The audit line names the fields changed (never their
 * values, which are personal data); the household's open cases get a
 * timeline line.
 */
import { Not, type DataSource } from 'typeorm';
import type { HouseholdFactsInput } from '../../contracts/case.schema.js';
import { AssistanceCase } from '../entities/assistance-case.entity.js';
import { CaseEvent } from '../entities/case-event.entity.js';
import { Household } from '../entities/household.entity.js';
import { HouseholdMember } from '../entities/household-member.entity.js';
import type { User } from '../entities/user.entity.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../errors.js';
import { factsContradiction, NO_MEMBER_FACTS, type MemberFacts } from '../household-facts.js';
import { unitCovers } from './jurisdiction.service.js';

/** What changed, for the audit line: the household number and, per member id, the names of the fields changed. */
export interface FactsChange {
  householdNo: string;
  disasterImpactChanged: boolean;
  members: { memberId: string; fields: (keyof MemberFacts)[] }[];
  reason: string;
}

const FACT_KEYS: (keyof MemberFacts)[] = ['disabilityLevel', 'schoolingStage', 'seriousIllness', 'employment', 'povertyStatus'];

export class HouseholdFactsService {
  constructor(private readonly ds: DataSource) {}

  /** Replaces the household's facts with the ones given (every member once), in one transaction. */
  async edit(user: User, householdId: string, input: HouseholdFactsInput): Promise<FactsChange> {
    if (!/^[0-9a-f-]{36}$/i.test(householdId)) throw new NotFoundError('HOUSEHOLD_NOT_FOUND', '家庭不存在');
    return this.ds.transaction(async (em) => {
      const h = await em.findOne(Household, { where: { id: householdId }, lock: { mode: 'pessimistic_write' } });
      if (!h) throw new NotFoundError('HOUSEHOLD_NOT_FOUND', '家庭不存在');
      if (!(await unitCovers(em, user.unitCode, h.unitCode))) throw new ForbiddenError('HOUSEHOLD_OUT_OF_AREA', '该家庭不在本单位辖区内，不能变更其家庭情况');
      const members = await em.findBy(HouseholdMember, { householdId: h.id });
      const given = input.members.map((m) => m.memberId);
      if (new Set(given).size !== given.length || given.length !== members.length || members.some((m) => !given.includes(m.id))) {
        throw new BadRequestError('MEMBERS_INVALID', '须逐一填写该家庭每名成员的情况（成员与登记的不一致）', 'members');
      }
      const changes: FactsChange['members'] = [];
      for (const [i, m] of input.members.entries()) {
        const member = members.find((x) => x.id === m.memberId)!;
        const next: MemberFacts = { disabilityLevel: m.disabilityLevel, schoolingStage: m.schoolingStage, seriousIllness: m.seriousIllness, employment: m.employment, povertyStatus: m.povertyStatus };
        const c = factsContradiction(member.idNumber, next);
        if (c) throw new BadRequestError(`MEMBERS_${c.field === 'schoolingStage' ? 'SCHOOLING_STAGE' : 'EMPLOYMENT'}_INVALID`, `${member.name}：${c.message}`, `members.${i}.${c.field}`);
        const before = member.facts ?? NO_MEMBER_FACTS;
        const fields = FACT_KEYS.filter((k) => before[k] !== next[k]);
        if (fields.length) {
          changes.push({ memberId: member.id, fields });
          await em.update(HouseholdMember, { id: member.id }, { facts: next });
        }
      }
      const disasterImpactChanged = h.disasterImpact !== input.disasterImpact;
      if (disasterImpactChanged) await em.update(Household, { id: h.id }, { disasterImpact: input.disasterImpact });
      if (!changes.length && !disasterImpactChanged) throw new BadRequestError('FACTS_UNCHANGED', '家庭情况没有变化，无需保存', 'members');
      const open = await em.findBy(AssistanceCase, { householdId: h.id, status: Not('closed') });
      const what = [changes.length ? `${changes.length} 名成员的情况` : '', disasterImpactChanged ? '受灾情况' : ''].filter(Boolean).join('和');
      for (const c of open) {
        await em.insert(CaseEvent, {
          caseId: c.id,
          kind: 'household_facts_changed',
          stepName: '家庭情况变更',
          actorId: user.id,
          actorName: user.displayName,
          departmentCode: user.departmentCode,
          opinion: `变更${what}：${input.reason}`,
          dedupKey: null,
        });
      }
      return { householdNo: h.householdNo, disasterImpactChanged, members: changes, reason: input.reason };
    });
  }
}
