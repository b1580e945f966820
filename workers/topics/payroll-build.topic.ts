/** payroll.build — 生成发放名册: the month's lines from the register at the standards in force. */
import { TOPIC } from '../../domain/engine/contract.js';
import type { PayrollService } from '../../domain/services/payroll.service.js';
import type { TopicDefinition } from '../topic.js';

/** Built with the payroll service. */
export const payrollBuildTopic = ({ payroll }: { payroll: Pick<PayrollService, 'build'> }): TopicDefinition => ({
  topic: TOPIC.payrollBuild,
  variables: ['payrollRunId'],
  async handle({ variables }) {
    const { lines, amountFen } = await payroll.build(String(variables.payrollRunId ?? ''));
    return { payrollLines: lines, payrollAmountFen: amountFen };
  },
});
