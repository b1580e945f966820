/** payroll.settle — 对账: anomalies raised as alerts; the townships with failed lines get a task each. */
import { TOPIC } from '../../domain/engine/contract.js';
import { PayrollService } from '../../domain/services/payroll.service.js';
import { ReconciliationService } from '../../domain/services/reconciliation.service.js';
import type { TopicDefinition } from '../topic.js';
import { JavaList } from '../values.js';

export const payrollSettleTopic: TopicDefinition = {
  topic: TOPIC.payrollSettle,
  variables: ['payrollRunId'],
  async handle({ variables }, { ds }) {
    const { failedTownships, anomalies } = await new ReconciliationService(ds, new PayrollService(ds)).settle(String(variables.payrollRunId ?? ''));
    return { failedTownships: new JavaList(failedTownships), hasFailures: failedTownships.length > 0, payrollAnomalies: anomalies };
  },
};
