/**
 * temporary.assess — 临时救助审批层级: records the township or county level and
 * pay-first that the approval decision (temporary-approval.dmn, the business
 * rule task before it) decided.
 */
import { TOPIC } from '../../domain/engine/contract.js';
import type { TemporaryService } from '../../domain/services/temporary.service.js';
import type { TopicDefinition } from '../topic.js';
import { decisionResult } from '../values.js';

/** Built with the temporary-assistance service that records the level. */
export const temporaryAssessTopic = ({ temporary }: { temporary: Pick<TemporaryService, 'assess'> }): TopicDefinition => ({
  topic: TOPIC.temporaryAssess,
  variables: ['caseId', 'approvalDecision', 'townshipLimitFen'],
  async handle({ variables }) {
    const { approvalLevel: level, payFirst } = decisionResult(variables.approvalDecision);
    if (level !== 'township' && level !== 'county') throw new Error(`approvalLevel ${String(level)} is not township or county`);
    const limitFen = typeof variables.townshipLimitFen === 'number' ? variables.townshipLimitFen : undefined;
    await temporary.assess(String(variables.caseId ?? ''), level, payFirst === true, limitFen);
    // Read by the model's gateways (审批层级？ 是否先行救助？).
    return { approvalLevel: level, payFirst: payFirst === true };
  },
});
