/** case.close — 办结 / 书面告知: closes the case with its outcome and the written reason. */
import { BPMN_ERROR, TOPIC } from '../../domain/engine/contract.js';
import type { CaseService } from '../../domain/services/case.service.js';
import type { TopicDefinition } from '../topic.js';
import { decisionResult } from '../values.js';

const APPEAL = '如对结果有异议，可自收到本告知之日起 60 日内申请复核。';

const REASONS: Record<string, string> = {
  [BPMN_ERROR.INCOME_ABOVE_STANDARD]: `经核算，您家庭月人均收入不低于当地最低生活保障标准，不符合救助条件。${APPEAL}`,
};

/** Built with the case service it closes the case through. */
export const caseCloseTopic = ({ cases }: { cases: Pick<CaseService, 'close'> }): TopicDefinition => ({
  topic: TOPIC.caseClose,
  variables: ['caseId', 'approved', 'withdrawn', 'rejectReasonCode', 'eligibilityDecision', 'paymentDue', 'referralCount'],
  async handle({ variables, activityId }) {
    const caseId = String(variables.caseId ?? '');
    const code = typeof variables.rejectReasonCode === 'string' ? variables.rejectReasonCode : undefined;
    // Refused by the eligibility decision right after verification: the applicant is told the decision's reason.
    const eligibility = variables.eligibilityDecision ? decisionResult<{ eligible?: boolean; eligibilityReason?: string }>(variables.eligibilityDecision) : undefined;
    const ineligible = eligibility?.eligible === false;
    // Only 专项救助 requested (no 低保/特困): the application is done once the departments concerned have it.
    const referredOnly = activityId === 'Task_CloseReferred';
    const outcome = variables.withdrawn === true ? 'withdrawn' : referredOnly || (variables.approved === true && !code && !ineligible) ? 'approved' : 'rejected';
    const reason = ineligible ? `${eligibility?.eligibilityReason ?? '不符合低保条件'}。${APPEAL}` : referredOnly ? '您的申请已受理并转介相关部门办理专项救助，各部门办理后另行告知结果。' : code ? REASONS[code] : undefined;
    const c = await cases.close(caseId, outcome, reason);
    return { outcome: c.outcome ?? undefined };
  },
});
