/** standard.apply — 新标准执行: the approved amounts become standards from their effective month (once). */
import { TOPIC } from '../../domain/engine/contract.js';
import type { StandardAdjustmentService } from '../../domain/services/standard-adjustment.service.js';
import type { TopicDefinition } from '../topic.js';

/** Built with the standard adjustment service. */
export const standardApplyTopic = ({ standardAdjustments }: { standardAdjustments: Pick<StandardAdjustmentService, 'apply'> }): TopicDefinition => ({
  topic: TOPIC.standardApply,
  variables: ['standardProposalId'],
  async handle({ variables }) {
    return standardAdjustments.apply(String(variables.standardProposalId ?? ''));
  },
});
