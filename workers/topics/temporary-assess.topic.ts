/** temporary.assess — 临时救助审批层级: township (small amounts) or county. */
import { TOPIC } from '../../domain/engine/contract.js';
import { TemporaryService } from '../../domain/services/temporary.service.js';
import type { TopicDefinition } from '../topic.js';

export const temporaryAssessTopic: TopicDefinition = {
  topic: TOPIC.temporaryAssess,
  variables: ['caseId'],
  async handle({ variables }, { ds, cfg }) {
    return { approvalLevel: await new TemporaryService(ds, cfg).assess(String(variables.caseId ?? '')) };
  },
};
