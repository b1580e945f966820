/** case.check-documents — 材料完整性审查: complete or a one-time list of what is missing. */
import { TOPIC } from '../../domain/engine/contract.js';
import { ApplicationStepsService } from '../../domain/services/application-steps.service.js';
import type { TopicDefinition } from '../topic.js';

export const caseCheckDocumentsTopic: TopicDefinition = {
  topic: TOPIC.caseCheckDocuments,
  variables: ['caseId'],
  async handle({ variables, taskId }, { ds }) {
    const r = await new ApplicationStepsService(ds).checkDocuments(String(variables.caseId ?? ''), taskId);
    return { documentsComplete: r.complete, missingDocumentCount: r.missing.length };
  },
};
