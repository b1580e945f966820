/** notice.end — 公示期满: closes the notice. */
import { TOPIC } from '../../domain/engine/contract.js';
import type { ApplicationStepsService } from '../../domain/services/application-steps.service.js';
import type { TopicDefinition } from '../topic.js';

/** Built with the application steps' service. */
export const noticeEndTopic = ({ applicationSteps }: { applicationSteps: Pick<ApplicationStepsService, 'endNotice'> }): TopicDefinition => ({
  topic: TOPIC.noticeEnd,
  variables: ['caseId'],
  async handle({ variables }) {
    await applicationSteps.endNotice(String(variables.caseId ?? ''));
  },
});
