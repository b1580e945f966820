/** conference.report — 通报: writes the report of what was agreed and done, and closes the matter. */
import { TOPIC } from '../../domain/engine/contract.js';
import type { ConferenceService } from '../../domain/services/conference.service.js';
import type { TopicDefinition } from '../topic.js';

/** Built with the conference service. */
export const conferenceReportTopic = ({ conferences }: { conferences: Pick<ConferenceService, 'report'> }): TopicDefinition => ({
  topic: TOPIC.conferenceReport,
  variables: ['matterId'],
  async handle({ variables }) {
    const m = await conferences.report(String(variables.matterId ?? ''));
    return { outcome: m.outcome ?? undefined };
  },
});
