/** conference.report — 通报: writes the report of what was agreed and done, and closes the matter. */
import { TOPIC } from '../../domain/engine/contract.js';
import { ConferenceService } from '../../domain/services/conference.service.js';
import type { TopicDefinition } from '../topic.js';

export const conferenceReportTopic: TopicDefinition = {
  topic: TOPIC.conferenceReport,
  variables: ['matterId'],
  async handle({ variables }, { ds }) {
    const m = await new ConferenceService(ds).report(String(variables.matterId ?? ''));
    return { outcome: m.outcome ?? undefined };
  },
};
