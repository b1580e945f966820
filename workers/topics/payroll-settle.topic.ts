/** payroll.settle — 对账: anomalies raised as alerts; the townships with failed lines get a task each. */
import { TOPIC } from '../../domain/engine/contract.js';
import type { ReconciliationService } from '../../domain/services/reconciliation.service.js';
import type { TopicDefinition } from '../topic.js';
import { JavaList } from '../values.js';

/** Built with the reconciliation service. */
export const payrollSettleTopic = ({ reconciliation }: { reconciliation: Pick<ReconciliationService, 'settle'> }): TopicDefinition => ({
  topic: TOPIC.payrollSettle,
  variables: ['payrollRunId'],
  async handle({ variables }) {
    const { failedTownships, anomalies } = await reconciliation.settle(String(variables.payrollRunId ?? ''));
    return { failedTownships: new JavaList(failedTownships), hasFailures: failedTownships.length > 0, payrollAnomalies: anomalies };
  },
});
