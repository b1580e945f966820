/**
 * payment.instruct — 资金发放指令: writes the case's payment instruction once.
 * A household whose per-capita income reaches the standard gets nothing to pay:
 * that is a business outcome (BPMN error), not a fault.
 */
import { BPMN_ERROR, TOPIC } from '../../domain/engine/contract.js';
import type { PaymentService } from '../../domain/services/payment.service.js';
import { BpmnError, type TopicDefinition } from '../topic.js';

/** Built with the payment service that writes the instruction. */
export const paymentInstructTopic = ({ payments }: { payments: Pick<PaymentService, 'instruct'> }): TopicDefinition => ({
  topic: TOPIC.paymentInstruct,
  variables: ['caseId'],
  async handle({ variables, taskId, log }) {
    const caseId = String(variables.caseId ?? '');
    const { instruction, created } = await payments.instruct(caseId, taskId);
    if (!instruction) {
      // Nothing to pay (the standard fell below the income since the eligibility decision): no instruction, no record line.
      throw new BpmnError(BPMN_ERROR.INCOME_ABOVE_STANDARD, '家庭月人均收入不低于当地低保标准', { rejectReasonCode: BPMN_ERROR.INCOME_ABOVE_STANDARD });
    }
    if (!created) log.info({ caseId }, '资金发放指令已存在，不重复生成');
    return { paymentInstructionId: instruction.id, monthlyAmountFen: instruction.monthlyAmountFen };
  },
});
