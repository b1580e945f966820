/** payroll.delay — 延压预警: the bank's return is still missing N working days after the payment date. */
import { TOPIC } from '../../domain/engine/contract.js';
import { PayrollService } from '../../domain/services/payroll.service.js';
import { ReconciliationService } from '../../domain/services/reconciliation.service.js';
import type { TopicDefinition } from '../topic.js';

export const payrollDelayTopic: TopicDefinition = {
  topic: TOPIC.payrollDelay,
  variables: ['payrollRunId'],
  async handle({ variables, log }, { ds }) {
    const n = await new ReconciliationService(ds, new PayrollService(ds)).raiseDelay(String(variables.payrollRunId ?? ''));
    if (n) log.warn({ lines: n }, '发放逾期未到账，已预警');
  },
};
