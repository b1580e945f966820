/** payroll.close — 本月发放结束 */
import { TOPIC } from '../../domain/engine/contract.js';
import { PayrollService } from '../../domain/services/payroll.service.js';
import type { TopicDefinition } from '../topic.js';

export const payrollCloseTopic: TopicDefinition = {
  topic: TOPIC.payrollClose,
  variables: ['payrollRunId'],
  async handle({ variables }, { ds }) {
    await new PayrollService(ds).close(String(variables.payrollRunId ?? ''));
  },
};
