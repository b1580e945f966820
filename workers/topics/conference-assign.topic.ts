/**
 * conference.assign — 分派议定事项: the matter moves to implementation and the
 * engine gets one entry per agreed item — its id, its department and its due
 * date — as parallel lists the multi-instance task reads by loop counter.
 */
import { TOPIC } from '../../domain/engine/contract.js';
import { ConferenceService } from '../../domain/services/conference.service.js';
import type { TopicDefinition } from '../topic.js';
import { JavaList } from '../values.js';

export const conferenceAssignTopic: TopicDefinition = {
  topic: TOPIC.conferenceAssign,
  variables: ['matterId'],
  async handle({ variables }, { ds }) {
    const a = await new ConferenceService(ds).assign(String(variables.matterId ?? ''));
    return {
      itemIds: new JavaList(a.itemIds),
      itemDepartments: new JavaList(a.itemDepartments),
      itemDueDates: new JavaList(a.itemDueDates),
      itemCount: a.itemIds.length,
    };
  },
};
