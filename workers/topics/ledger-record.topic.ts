/** ledger.record — 台账登记: the township ledger line and the assistance certificate number. */
import { TOPIC } from '../../domain/engine/contract.js';
import type { ApplicationStepsService } from '../../domain/services/application-steps.service.js';
import type { TopicDefinition } from '../topic.js';

/** Built with the application steps' service. */
export const ledgerRecordTopic = ({ applicationSteps }: { applicationSteps: Pick<ApplicationStepsService, 'recordLedger'> }): TopicDefinition => ({
  topic: TOPIC.ledgerRecord,
  variables: ['caseId'],
  async handle({ variables }) {
    const e = await applicationSteps.recordLedger(String(variables.caseId ?? ''));
    return { certificateNo: e.certificateNo };
  },
});
