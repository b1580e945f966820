/** conference.decline — 告知不予召集: closes the matter with the convenor's reason. */
import { TOPIC } from '../../domain/engine/contract.js';
import type { ConferenceService } from '../../domain/services/conference.service.js';
import type { TopicDefinition } from '../topic.js';

/** Built with the conference service. */
export const conferenceDeclineTopic = ({ conferences }: { conferences: Pick<ConferenceService, 'decline'> }): TopicDefinition => ({
  topic: TOPIC.conferenceDecline,
  variables: ['matterId'],
  async handle({ variables }) {
    const m = await conferences.decline(String(variables.matterId ?? ''));
    return { outcome: m.outcome ?? undefined };
  },
});
