/** payroll.delay — 延压预警: the bank's return is still missing N working days after the payment date. */
import { TOPIC } from '../../domain/engine/contract.js';
import type { ReconciliationService } from '../../domain/services/reconciliation.service.js';
import type { TopicDefinition } from '../topic.js';

/** Built with the reconciliation service that raises the warning. */
export const payrollDelayTopic = ({ reconciliation }: { reconciliation: Pick<ReconciliationService, 'raiseDelay'> }): TopicDefinition => ({
  topic: TOPIC.payrollDelay,
  variables: ['payrollRunId'],
  async handle({ variables, log }) {
    const n = await reconciliation.raiseDelay(String(variables.payrollRunId ?? ''));
    if (n) log.warn({ lines: n }, '发放逾期未到账，已预警');
  },
});
