/** ledger.record — 台账登记: the township ledger line and the assistance certificate number. */
import { TOPIC } from '../../domain/engine/contract.js';
import { ApplicationStepsService } from '../../domain/services/application-steps.service.js';
import type { TopicDefinition } from '../topic.js';

export const ledgerRecordTopic: TopicDefinition = {
  topic: TOPIC.ledgerRecord,
  variables: ['caseId'],
  async handle({ variables }, { ds }) {
    const e = await new ApplicationStepsService(ds).recordLedger(String(variables.caseId ?? ''));
    return { certificateNo: e.certificateNo };
  },
};
