/** price.decide — 记录本月决定: the decision table's outcome kept with its inputs; opens the month's subsidy once. */
import { TOPIC } from '../../domain/engine/contract.js';
import { PriceService } from '../../domain/services/price.service.js';
import type { TopicDefinition } from '../topic.js';
import { decisionResult } from '../values.js';

export const priceDecideTopic: TopicDefinition = {
  topic: TOPIC.priceDecide,
  variables: ['priceFigureId', 'triggerDecision', 'cpiThresholdBp', 'foodThresholdBp'],
  async handle({ variables }, { ds }) {
    const d = decisionResult<{ triggered?: boolean; reason?: string }>(variables.triggerDecision);
    if (typeof d.triggered !== 'boolean') throw new Error('price-linkage-trigger gave no decision');
    return new PriceService(ds).decide(String(variables.priceFigureId ?? ''), d.triggered, String(d.reason ?? ''), {
      cpiThresholdBp: Number(variables.cpiThresholdBp),
      foodThresholdBp: Number(variables.foodThresholdBp),
    });
  },
};
