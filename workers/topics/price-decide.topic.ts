/** price.decide — 记录本月决定: the decision table's outcome kept with its inputs; opens the month's subsidy once, or withdraws it after a correction below the trigger. */
import { TOPIC } from '../../domain/engine/contract.js';
import { engineStatus } from '../../domain/engine/engine-calls.js';
import type { EngineClient } from '../../domain/engine/engine-client.js';
import { type PriceService, SUBSIDY_WITHDRAWN_MESSAGE } from '../../domain/services/price.service.js';
import type { TopicDefinition } from '../topic.js';
import { decisionResult } from '../values.js';

/** Built with the price service that records the decision, and the engine that ends a withdrawn subsidy's instance. */
export const priceDecideTopic = ({ price, engine }: { price: Pick<PriceService, 'decide'>; engine: Pick<EngineClient, 'correlate' | 'instancesByBusinessKey'> }): TopicDefinition => ({
  topic: TOPIC.priceDecide,
  variables: ['priceFigureId', 'triggerDecision', 'cpiThresholdBp', 'foodThresholdBp'],
  async handle({ variables }) {
    const d = decisionResult<{ triggered?: boolean; reason?: string }>(variables.triggerDecision);
    if (typeof d.triggered !== 'boolean') throw new Error('price-linkage-trigger gave no decision');
    const { withdrawnFigureNo, ...result } = await price.decide(String(variables.priceFigureId ?? ''), d.triggered, String(d.reason ?? ''), {
      cpiThresholdBp: Number(variables.cpiThresholdBp),
      foodThresholdBp: Number(variables.foodThresholdBp),
    });
    // The withdrawn subsidy's instance (the month's earlier version) ends through its event subprocess. Done
    // again on a retry; an instance no longer waiting for the message (already ended) is fine; one that still
    // runs on a model version without the message fails here and becomes an incident (migrate it, then retry).
    if (withdrawnFigureNo) {
      try {
        await engine.correlate(SUBSIDY_WITHDRAWN_MESSAGE, withdrawnFigureNo);
      } catch (err) {
        const status = engineStatus(err);
        if (status === undefined || status >= 500 || (await engine.instancesByBusinessKey(withdrawnFigureNo)).length) throw err;
      }
    }
    return result;
  },
});
