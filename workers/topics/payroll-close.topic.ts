/** payroll.close — 本月发放结束 */
import { TOPIC } from '../../domain/engine/contract.js';
import type { PayrollService } from '../../domain/services/payroll.service.js';
import type { TopicDefinition } from '../topic.js';

/** Built with the payroll service. */
export const payrollCloseTopic = ({ payroll }: { payroll: Pick<PayrollService, 'close'> }): TopicDefinition => ({
  topic: TOPIC.payrollClose,
  variables: ['payrollRunId'],
  async handle({ variables }) {
    await payroll.close(String(variables.payrollRunId ?? ''));
  },
});
