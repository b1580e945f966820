/** notice.publish — 发布公示: publishes (or reopens) the notice and tells the model when it ends. */
import { TOPIC } from '../../domain/engine/contract.js';
import { ApplicationStepsService } from '../../domain/services/application-steps.service.js';
import type { TopicDefinition } from '../topic.js';

export const noticePublishTopic: TopicDefinition = {
  topic: TOPIC.noticePublish,
  variables: ['caseId'],
  async handle({ variables }, { ds, cfg }) {
    const n = await new ApplicationStepsService(ds).publishNotice(String(variables.caseId ?? ''), cfg.publicNoticeSeconds);
    // Read by the timer of the notice period (timeDate, ISO 8601).
    return { noticeEndsAt: n.endsAt.toISOString(), noticeNo: n.noticeNo };
  },
};
