/** verification.query — 家庭经济状况核对: one instance per data source, run in parallel by the model. */
import { TOPIC } from '../../domain/engine/contract.js';
import type { ApplicationStepsService } from '../../domain/services/application-steps.service.js';
import type { TopicDefinition } from '../topic.js';

/** The round being verified: one more than the last report's (the process variable verificationRound). */
export function nextRound(lastReported: unknown): number {
  const n = Number(lastReported ?? 0);
  return (Number.isInteger(n) && n >= 0 ? n : 0) + 1;
}

/** Built with the application steps' service. */
export const verificationQueryTopic = ({ applicationSteps }: { applicationSteps: Pick<ApplicationStepsService, 'queryVerificationSource'> }): TopicDefinition => ({
  topic: TOPIC.verificationQuery,
  // verificationRound: the round of the last report (unset before the first), set by verification.report
  variables: ['caseId', 'verificationSource', 'verificationRound'],
  async handle({ variables }) {
    const source = String(variables.verificationSource ?? '');
    // The result stays in the app database; the report step reads it (no personal data in the engine).
    await applicationSteps.queryVerificationSource(String(variables.caseId ?? ''), source, nextRound(variables.verificationRound));
  },
});
