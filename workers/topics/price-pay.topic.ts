/** price.pay — 列入月度发放: the approved subsidy's payment lines, once per household and month. */
import { TOPIC } from '../../domain/engine/contract.js';
import type { PriceService } from '../../domain/services/price.service.js';
import type { TopicDefinition } from '../topic.js';

/** Built with the price service. */
export const pricePayTopic = ({ price }: { price: Pick<PriceService, 'pay'> }): TopicDefinition => ({
  topic: TOPIC.pricePay,
  variables: ['priceSubsidyId'],
  async handle({ variables }) {
    const { lines, amountFen } = await price.pay(String(variables.priceSubsidyId ?? ''));
    return { priceSubsidyLines: lines, priceSubsidyAmountFen: amountFen };
  },
});
