/** payroll.build — 生成发放名册: the month's lines from the register at the standards in force. */
import { TOPIC } from '../../domain/engine/contract.js';
import { PayrollService } from '../../domain/services/payroll.service.js';
import type { TopicDefinition } from '../topic.js';

export const payrollBuildTopic: TopicDefinition = {
  topic: TOPIC.payrollBuild,
  variables: ['payrollRunId'],
  async handle({ variables }, { ds }) {
    const { lines, amountFen } = await new PayrollService(ds).build(String(variables.payrollRunId ?? ''));
    return { payrollLines: lines, payrollAmountFen: amountFen };
  },
};
