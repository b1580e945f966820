/** standard.apply — 新标准执行: the approved amounts become standards from their effective month (once). */
import { TOPIC } from '../../domain/engine/contract.js';
import { StandardAdjustmentService } from '../../domain/services/standard-adjustment.service.js';
import type { TopicDefinition } from '../topic.js';

export const standardApplyTopic: TopicDefinition = {
  topic: TOPIC.standardApply,
  variables: ['standardProposalId'],
  async handle({ variables }, { ds }) {
    return new StandardAdjustmentService(ds).apply(String(variables.standardProposalId ?? ''));
  },
};
