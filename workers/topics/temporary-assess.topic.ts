/** temporary.assess — 临时救助审批层级: township (small amounts) or county. */
import { TOPIC } from '../../domain/engine/contract.js';
import { TemporaryService } from '../../domain/services/temporary.service.js';
import type { TopicDefinition } from '../topic.js';

export const temporaryAssessTopic: TopicDefinition = {
  topic: TOPIC.temporaryAssess,
  variables: ['caseId', 'townshipLimitYuan'],
  async handle({ variables }, { ds, cfg }) {
    // The limit in force when the case was registered (a start variable), so the pay-first cap and the level agree.
    const limitYuan = typeof variables.townshipLimitYuan === 'number' ? variables.townshipLimitYuan : undefined;
    return { approvalLevel: await new TemporaryService(ds, cfg).assess(String(variables.caseId ?? ''), limitYuan === undefined ? undefined : limitYuan * 100) };
  },
};
