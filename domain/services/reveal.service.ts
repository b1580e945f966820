/**
 * 查看完整个人信息: personal data is masked in every answer; the full value of
 * one field of one household is revealed only to those who need it for the
 * case, with a reason, and every attempt (allowed or refused) is audited by
 * the route (server/routes/case.routes.ts).
 *
 * Who may reveal, always only for households of their jurisdiction (their
 * unit covers the household's village: a case opened for a household outside
 * it gives no right):
 * - the window clerk who registered the case;
 * - civil-affairs handlers and heads (民政, the department that approves
 *   social assistance) who may read the case, and the township's social-
 *   assistance handlers;
 * - the village worker of the household's village: phone and address only
 *   (入户调查), not ID or card numbers;
 * - admins, only with a reason (like everyone), and always audited.
 * Coordinators, leaders (read-only oversight) and other departments: never.
 */
import { countyCodeOf } from '../engine/contract.js';
import type { z } from 'zod';
import type { DataSource } from 'typeorm';
import { AssistanceCase } from '../entities/assistance-case.entity.js';
import { Household } from '../entities/household.entity.js';
import { HouseholdMember } from '../entities/household-member.entity.js';
import type { User } from '../entities/user.entity.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../errors.js';
import { canViewCase } from './case.service.js';
import { unitCovers } from './jurisdiction.service.js';
import { REVEAL_FIELD_NAMES, type revealSchema } from '../../contracts/case.schema.js';
import type { RevealField } from '../../contracts/case.schema.js';

export type RevealInput = z.infer<typeof revealSchema>;

/**
 * Whether the user may reveal this field of this case's household (see the
 * file comment). `inJurisdiction`: the user's unit covers the household's
 * village; without it nobody but an admin of its county reveals anything, whatever case the
 * user opened for the household.
 */
export function mayReveal(user: User, c: AssistanceCase, household: { unitCode: string; inJurisdiction: boolean }, field: RevealField): boolean {
  // an administrator: of the household's county only
  if (user.role === 'admin') return countyCodeOf(household.unitCode) === countyCodeOf(user.unitCode);
  if (!household.inJurisdiction) return false;
  switch (user.role) {
    case 'clerk':
      return c.registeredBy === user.id;
    case 'handler':
    case 'head':
      if (user.departmentCode === 'civil') return canViewCase(user, c, household.unitCode);
      return user.departmentCode === 'township';
    case 'village':
      return field === 'phone' || field === 'address';
    default:
      return false;
  }
}

export class RevealService {
  constructor(private readonly ds: DataSource) {}

  /** The case's number for the audit line (or the raw id when unknown). */
  async caseNoOf(caseId: string): Promise<string> {
    if (!/^[0-9a-f-]{36}$/i.test(caseId)) return caseId.slice(0, 64);
    return (await this.ds.getRepository(AssistanceCase).findOneBy({ id: caseId }))?.caseNo ?? caseId;
  }

  async reveal(user: User, caseId: string, input: RevealInput): Promise<{ field: RevealField; fieldName: string; memberId: string | null; value: string | null }> {
    if (!/^[0-9a-f-]{36}$/i.test(caseId)) throw new NotFoundError('CASE_NOT_FOUND', '申请不存在');
    const c = await this.ds.getRepository(AssistanceCase).findOneBy({ id: caseId });
    if (!c) throw new NotFoundError('CASE_NOT_FOUND', '申请不存在');
    const h = await this.ds.getRepository(Household).findOneByOrFail({ id: c.householdId });
    const inJurisdiction = await unitCovers(this.ds, user.unitCode, h.unitCode);
    if (!mayReveal(user, c, { unitCode: h.unitCode, inJurisdiction }, input.field)) {
      throw new ForbiddenError('REVEAL_FORBIDDEN', `您无权查看该家庭的完整${REVEAL_FIELD_NAMES[input.field]}，本次尝试已记录`);
    }
    if (input.memberId && input.field !== 'idNumber') throw new BadRequestError('MEMBER_ID_INVALID', '只有身份证号按家庭成员查看', 'memberId');
    let value: string | null;
    if (input.field === 'idNumber') {
      if (input.memberId) {
        const m = await this.ds.getRepository(HouseholdMember).findOneBy({ id: input.memberId, householdId: h.id });
        if (!m) throw new BadRequestError('MEMBER_ID_INVALID', '该家庭没有这名成员', 'memberId');
        value = m.idNumber;
      } else value = h.headIdNumber;
    } else if (input.field === 'phone') value = h.phone;
    else if (input.field === 'address') value = h.address;
    else value = h.bankCardNo;
    return { field: input.field, fieldName: REVEAL_FIELD_NAMES[input.field], memberId: input.memberId ?? null, value };
  }
}
