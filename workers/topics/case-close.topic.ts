/** case.close — 办结 / 书面告知: closes the case with its outcome and the written reason. */
import { BPMN_ERROR, TOPIC } from '../../domain/engine/contract.js';
import { CaseService } from '../../domain/services/case.service.js';
import type { TopicDefinition } from '../topic.js';

const REASONS: Record<string, string> = {
  [BPMN_ERROR.INCOME_ABOVE_STANDARD]: '经核算，您家庭月人均收入不低于当地最低生活保障标准，不符合救助条件。如对结果有异议，可自收到本告知之日起 60 日内申请复核。',
};

export const caseCloseTopic: TopicDefinition = {
  topic: TOPIC.caseClose,
  variables: ['caseId', 'approved', 'withdrawn', 'rejectReasonCode'],
  async handle({ variables }, { ds }) {
    const caseId = String(variables.caseId ?? '');
    const code = typeof variables.rejectReasonCode === 'string' ? variables.rejectReasonCode : undefined;
    const outcome = variables.withdrawn === true ? 'withdrawn' : variables.approved === true && !code ? 'approved' : 'rejected';
    const c = await new CaseService(ds).close(caseId, outcome, code ? REASONS[code] : undefined);
    return { outcome: c.outcome ?? undefined };
  },
};
