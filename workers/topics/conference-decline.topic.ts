/** conference.decline — 告知不予召集: closes the matter with the convenor's reason. */
import { TOPIC } from '../../domain/engine/contract.js';
import { ConferenceService } from '../../domain/services/conference.service.js';
import type { TopicDefinition } from '../topic.js';

export const conferenceDeclineTopic: TopicDefinition = {
  topic: TOPIC.conferenceDecline,
  variables: ['matterId'],
  async handle({ variables }, { ds }) {
    const m = await new ConferenceService(ds).decline(String(variables.matterId ?? ''));
    return { outcome: m.outcome ?? undefined };
  },
};
