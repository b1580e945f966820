/** notice.publish — 发布公示: publishes (or reopens) the notice and tells the model when it ends. */
import type { Config } from '../../domain/config.js';
import { TOPIC } from '../../domain/engine/contract.js';
import type { ApplicationStepsService } from '../../domain/services/application-steps.service.js';
import type { TopicDefinition } from '../topic.js';

/** Built with the application steps' service and the configured notice period. */
export const noticePublishTopic = ({ applicationSteps, cfg }: { applicationSteps: Pick<ApplicationStepsService, 'publishNotice'>; cfg: Pick<Config, 'publicNoticeSeconds'> }): TopicDefinition => ({
  topic: TOPIC.noticePublish,
  variables: ['caseId'],
  async handle({ variables }) {
    const n = await applicationSteps.publishNotice(String(variables.caseId ?? ''), cfg.publicNoticeSeconds);
    // Read by the timer of the notice period (timeDate, ISO 8601).
    return { noticeEndsAt: n.endsAt.toISOString(), noticeNo: n.noticeNo };
  },
});
