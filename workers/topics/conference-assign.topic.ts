/**
 * conference.assign — 分派议定事项: the matter moves to implementation and the
 * engine gets one entry per agreed item — its id, its department and its due
 * date — as parallel lists the multi-instance task reads by loop counter —
 * and each item's 催办 / 逾期 / 升级 instants for its escalation ladder.
 */
import type { DeadlineService } from '../../domain/deadlines/deadline.service.js';
import { TOPIC } from '../../domain/engine/contract.js';
import type { ConferenceService } from '../../domain/services/conference.service.js';
import type { TopicDefinition } from '../topic.js';
import { JavaList } from '../values.js';
import { endOfBeijingDay } from '../../domain/time/beijing.js';
import { toIsoWithOffset } from '../../domain/time/deadline.js';

/** Built with the conference service and the deadlines that give each item its ladder. */
export const conferenceAssignTopic = ({ conferences, deadlines }: { conferences: Pick<ConferenceService, 'assign'>; deadlines: Pick<DeadlineService, 'instantsForDeadline'> }): TopicDefinition => ({
  topic: TOPIC.conferenceAssign,
  variables: ['matterId', 'countyCode'],
  async handle({ variables, processDefinitionKey }) {
    const county = typeof variables.countyCode === 'string' ? variables.countyCode : null;
    const a = await conferences.assign(String(variables.matterId ?? ''));
    const now = new Date();
    const ladder = await Promise.all(a.itemDeadlines.map((d) => deadlines.instantsForDeadline(processDefinitionKey, 'Task_ImplementItem', endOfBeijingDay(d), now, county)));
    const iso = (d: Date) => toIsoWithOffset(d);
    return {
      itemIds: new JavaList(a.itemIds),
      itemDepartments: new JavaList(a.itemDepartments),
      itemRemindDates: new JavaList(ladder.map((l) => iso(l.remindAt))),
      itemDueDates: new JavaList(ladder.map((l) => iso(l.dueAt))),
      itemEscalateDates: new JavaList(ladder.map((l) => iso(l.escalateAt))),
      itemCount: a.itemIds.length,
    };
  },
});
