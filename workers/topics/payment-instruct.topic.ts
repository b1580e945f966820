/**
 * payment.instruct — 资金发放指令: writes the case's payment instruction once.
 * A household whose per-capita income reaches the standard gets nothing to pay:
 * that is a business outcome (BPMN error), not a fault.
 */
import { BPMN_ERROR, TOPIC } from '../../domain/engine/contract.js';
import { PaymentInstruction } from '../../domain/entities/payment-instruction.entity.js';
import { PaymentService } from '../../domain/services/payment.service.js';
import { BpmnError, type TopicDefinition } from '../topic.js';

export const paymentInstructTopic: TopicDefinition = {
  topic: TOPIC.paymentInstruct,
  variables: ['caseId'],
  async handle({ variables, taskId, log }, { ds }) {
    const caseId = String(variables.caseId ?? '');
    const { instruction, created } = await new PaymentService(ds).instruct(caseId, taskId);
    if (!created) log.info({ caseId }, '资金发放指令已存在，不重复生成');
    if (instruction.monthlyAmountFen === 0) {
      // Nothing to pay: remove the zero instruction so the ledger holds only real payments.
      await ds.getRepository(PaymentInstruction).delete({ caseId, monthlyAmountFen: 0 });
      throw new BpmnError(BPMN_ERROR.INCOME_ABOVE_STANDARD, '家庭月人均收入不低于当地低保标准', { rejectReasonCode: BPMN_ERROR.INCOME_ABOVE_STANDARD });
    }
    return { paymentInstructionId: instruction.id, monthlyAmountFen: instruction.monthlyAmountFen };
  },
};
