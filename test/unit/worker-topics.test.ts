import { expect } from 'chai';
import { BPMN_ERROR } from '../../domain/engine/contract.js';
import type { AssistanceCase, CaseOutcome } from '../../domain/entities/assistance-case.entity.js';
import type { PaymentInstruction } from '../../domain/entities/payment-instruction.entity.js';
import type { TemporaryPayment } from '../../domain/entities/temporary.entity.js';
import { BpmnError, type TopicContext } from '../../workers/topic.js';
import { topicContext } from '../support/topics.js';
import { caseCloseTopic } from '../../workers/topics/case-close.topic.js';
import { paymentInstructTopic } from '../../workers/topics/payment-instruct.topic.js';
import { temporaryPayTopic } from '../../workers/topics/temporary-pay.topic.js';

/** The external task a topic receives: its variables, and the step it belongs to. */
const task = (variables: Record<string, unknown>, over: Partial<TopicContext> = {}): TopicContext =>
  topicContext(variables, { taskId: 'ext-task-1', processInstanceId: 'pi-1', businessKey: 'SA-2026-000001', activityId: 'Task_Close', processDefinitionKey: 'social-assistance-application' }, over);

/** A fake case service that records how the topic closed the case. */
function fakeCases() {
  const closed: { caseId: string; outcome: CaseOutcome; reason?: string }[] = [];
  return {
    closed,
    cases: {
      async close(caseId: string, outcome: CaseOutcome, reason?: string) {
        closed.push({ caseId, outcome, reason });
        return { id: caseId, outcome } as AssistanceCase;
      },
    },
  };
}

describe('办结归档（case.close）/ 由工厂注入依赖，单独测试', () => {
  it('given an approved application, when it closes, then the case is approved without a written reason', async () => {
    const f = fakeCases();
    const out = await caseCloseTopic(f).handle(task({ caseId: 'c1', approved: true }));
    expect(f.closed).to.deep.equal([{ caseId: 'c1', outcome: 'approved', reason: undefined }]);
    expect(out).to.deep.equal({ outcome: 'approved' });
  });

  it('given the eligibility decision refused the household, then it is rejected with the decision’s reason and the review period', async () => {
    const f = fakeCases();
    await caseCloseTopic(f).handle(task({ caseId: 'c2', approved: true, eligibilityDecision: JSON.stringify({ eligible: false, eligibilityReason: '家庭成员名下有机动车' }) }));
    expect(f.closed[0]!.outcome).to.equal('rejected');
    expect(f.closed[0]!.reason).to.match(/^家庭成员名下有机动车。如对结果有异议，可自收到本告知之日起 60 日内申请复核。$/);
  });

  it('given nothing to pay (income above the standard), then it is rejected with that reason', async () => {
    const f = fakeCases();
    await caseCloseTopic(f).handle(task({ caseId: 'c3', approved: true, rejectReasonCode: BPMN_ERROR.INCOME_ABOVE_STANDARD }));
    expect(f.closed[0]!.outcome).to.equal('rejected');
    expect(f.closed[0]!.reason).to.match(/不低于当地最低生活保障标准/);
  });

  it('given the applicant withdrew, then it is withdrawn whatever else the process says', async () => {
    const f = fakeCases();
    await caseCloseTopic(f).handle(task({ caseId: 'c4', approved: true, withdrawn: true }));
    expect(f.closed[0]!.outcome).to.equal('withdrawn');
  });

  it('given only 专项救助 was requested (the referral close step), then it is approved and the applicant told the departments follow up', async () => {
    const f = fakeCases();
    await caseCloseTopic(f).handle(task({ caseId: 'c5' }, { activityId: 'Task_CloseReferred' }));
    expect(f.closed[0]!.outcome).to.equal('approved');
    expect(f.closed[0]!.reason).to.match(/转介相关部门办理专项救助/);
  });
});

describe('资金发放指令（payment.instruct）/ 由工厂注入依赖，单独测试', () => {
  it('given an instruction is written, then its id and monthly amount go to the process, keyed by the external task', async () => {
    const asked: [string, string][] = [];
    const payments = {
      async instruct(caseId: string, externalTaskId: string) {
        asked.push([caseId, externalTaskId]);
        return { instruction: { id: 'pi-9', monthlyAmountFen: 45_000 } as PaymentInstruction, created: true };
      },
    };
    const out = await paymentInstructTopic({ payments }).handle(task({ caseId: 'c1' }));
    expect(asked).to.deep.equal([['c1', 'ext-task-1']]);
    expect(out).to.deep.equal({ paymentInstructionId: 'pi-9', monthlyAmountFen: 45_000 });
  });

  it('given nothing to pay, then it is the business outcome INCOME_ABOVE_STANDARD (a BPMN error the model catches), not a fault', async () => {
    const payments = { instruct: async () => ({ instruction: null, created: false }) };
    let thrown: unknown;
    await paymentInstructTopic({ payments })
      .handle(task({ caseId: 'c1' }))
      .catch((err: unknown) => (thrown = err));
    expect(thrown).to.be.instanceOf(BpmnError);
    expect((thrown as BpmnError).code).to.equal(BPMN_ERROR.INCOME_ABOVE_STANDARD);
    expect((thrown as BpmnError).variables).to.deep.equal({ rejectReasonCode: BPMN_ERROR.INCOME_ABOVE_STANDARD });
  });
});

describe('临时救助发放（temporary.pay）/ 由工厂注入依赖，单独测试', () => {
  const fakeTemporary = () => {
    const paid: [string, boolean, string][] = [];
    return {
      paid,
      temporary: {
        async pay(caseId: string, paidFirst: boolean, externalTaskId: string) {
          paid.push([caseId, paidFirst, externalTaskId]);
          return { payment: {} as TemporaryPayment, created: true };
        },
      },
    };
  };

  it('given no approval yet (先行救助), then the payment is made as paid first', async () => {
    const f = fakeTemporary();
    const out = await temporaryPayTopic(f).handle(task({ caseId: 't1' }));
    expect(f.paid).to.deep.equal([['t1', true, 'ext-task-1']]);
    expect(out).to.deep.equal({ paid: true, paidFirst: true });
  });

  it('given the approval, then the payment is an ordinary one', async () => {
    const f = fakeTemporary();
    const out = await temporaryPayTopic(f).handle(task({ caseId: 't2', approved: true }));
    expect(f.paid).to.deep.equal([['t2', false, 'ext-task-1']]);
    expect(out).to.deep.equal({ paid: true, paidFirst: false });
  });
});
