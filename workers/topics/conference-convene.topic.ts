/**
 * conference.convene — 发出会议通知: the convenor decided to convene; the
 * matter moves to consultation and the engine gets the departments to ask,
 * one opinion task per department (parallel multi-instance over `departments`).
 */
import { TOPIC } from '../../domain/engine/contract.js';
import type { ConferenceService } from '../../domain/services/conference.service.js';
import type { TopicDefinition } from '../topic.js';
import { JavaList } from '../values.js';

/** Built with the conference service. */
export const conferenceConveneTopic = ({ conferences }: { conferences: Pick<ConferenceService, 'convene'> }): TopicDefinition => ({
  topic: TOPIC.conferenceConvene,
  variables: ['matterId'],
  async handle({ variables }) {
    const departments = await conferences.convene(String(variables.matterId ?? ''));
    return { departments: new JavaList(departments), departmentCount: departments.length };
  },
});
