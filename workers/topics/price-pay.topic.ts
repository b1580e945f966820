/** price.pay — 列入月度发放: the approved subsidy's payment lines, once per household and month. */
import { TOPIC } from '../../domain/engine/contract.js';
import { PriceService } from '../../domain/services/price.service.js';
import type { TopicDefinition } from '../topic.js';

export const pricePayTopic: TopicDefinition = {
  topic: TOPIC.pricePay,
  variables: ['priceSubsidyId'],
  async handle({ variables }, { ds }) {
    const { lines, amountFen } = await new PriceService(ds).pay(String(variables.priceSubsidyId ?? ''));
    return { priceSubsidyLines: lines, priceSubsidyAmountFen: amountFen };
  },
};
