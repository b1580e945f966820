/** verification.query — 家庭经济状况核对: one instance per data source, run in parallel by the model. */
import { TOPIC } from '../../domain/engine/contract.js';
import { ApplicationStepsService } from '../../domain/services/application-steps.service.js';
import type { TopicDefinition } from '../topic.js';

export const verificationQueryTopic: TopicDefinition = {
  topic: TOPIC.verificationQuery,
  variables: ['caseId', 'verificationSource'],
  async handle({ variables }, { ds }) {
    const source = String(variables.verificationSource ?? '');
    // The result stays in the app database; the report step reads it (no personal data in the engine).
    await new ApplicationStepsService(ds).queryVerificationSource(String(variables.caseId ?? ''), source);
  },
};
