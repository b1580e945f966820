/**
 * case.check-documents — 材料完整性审查: complete, or a one-time list of what
 * is missing of the documents the documents decision (application-documents.dmn,
 * the business rule task before it, list `requiredDocuments`) requires.
 */
import { TOPIC } from '../../domain/engine/contract.js';
import type { ApplicationStepsService } from '../../domain/services/application-steps.service.js';
import type { TopicDefinition } from '../topic.js';
import { decisionResult } from '../values.js';

/** Built with the application steps' service. */
export const caseCheckDocumentsTopic = ({ applicationSteps }: { applicationSteps: Pick<ApplicationStepsService, 'checkDocuments'> }): TopicDefinition => ({
  topic: TOPIC.caseCheckDocuments,
  variables: ['caseId', 'requiredDocuments'],
  async handle({ variables, taskId }) {
    const required = decisionResult<unknown[]>(variables.requiredDocuments);
    if (!Array.isArray(required) || required.length === 0) throw new Error('requiredDocuments is not a list of documents');
    const r = await applicationSteps.checkDocuments(String(variables.caseId ?? ''), taskId, required.map(String));
    return { documentsComplete: r.complete, missingDocumentCount: r.missing.length };
  },
});
