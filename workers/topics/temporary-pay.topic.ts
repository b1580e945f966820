/** temporary.pay — 临时救助发放: one payment per case, before approval in an emergency (先行救助). */
import { TOPIC } from '../../domain/engine/contract.js';
import type { TemporaryService } from '../../domain/services/temporary.service.js';
import type { TopicDefinition } from '../topic.js';

/** Built with the temporary-assistance service that pays. */
export const temporaryPayTopic = ({ temporary }: { temporary: Pick<TemporaryService, 'pay'> }): TopicDefinition => ({
  topic: TOPIC.temporaryPay,
  variables: ['caseId', 'approved'],
  async handle({ variables, taskId, log }) {
    // Before approval (no `approved` yet) this is the emergency payment.
    const paidFirst = variables.approved === undefined || variables.approved === null;
    const { created } = await temporary.pay(String(variables.caseId ?? ''), paidFirst, taskId);
    if (!created) log.info('临时救助已发放，不重复发放');
    return { paid: true, paidFirst };
  },
});
