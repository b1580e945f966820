/**
 * referral.open — 转介相关部门: opens the referrals the referral decision
 * (business rule task before it, result list `referralMatches`) matched and
 * hands the model the departments for its parallel referral tasks.
 */
import { TOPIC } from '../../domain/engine/contract.js';
import type { CaseService } from '../../domain/services/case.service.js';
import type { TopicDefinition } from '../topic.js';
import { JavaList, decisionResult } from '../values.js';

/** The decision's result list as the worker receives it (JSON text of an ArrayList of maps). */
function decisionRows(v: unknown): { department: string; reason: string }[] {
  const rows = decisionResult<{ department?: unknown; reason?: unknown }[]>(v);
  if (!Array.isArray(rows)) throw new Error('referralMatches is not a list');
  return rows.map((r) => ({ department: String(r.department), reason: String(r.reason) }));
}

/** Built with the case service that opens the referrals. */
export const referralOpenTopic = ({ cases }: { cases: Pick<CaseService, 'openReferrals'> }): TopicDefinition => ({
  topic: TOPIC.referralOpen,
  variables: ['caseId', 'referralMatches'],
  async handle({ variables }) {
    const departments = await cases.openReferrals(String(variables.caseId ?? ''), decisionRows(variables.referralMatches));
    return { referralDepartments: new JavaList(departments), referralCount: departments.length };
  },
});
