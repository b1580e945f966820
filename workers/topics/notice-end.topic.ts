/** notice.end — 公示期满: closes the notice. */
import { TOPIC } from '../../domain/engine/contract.js';
import { ApplicationStepsService } from '../../domain/services/application-steps.service.js';
import type { TopicDefinition } from '../topic.js';

export const noticeEndTopic: TopicDefinition = {
  topic: TOPIC.noticeEnd,
  variables: ['caseId'],
  async handle({ variables }, { ds }) {
    await new ApplicationStepsService(ds).endNotice(String(variables.caseId ?? ''));
  },
};
