/** campaign.prepare — 确定摸底范围: one survey per village, one review per township, the county's groups. */
import { TOPIC } from '../../domain/engine/contract.js';
import { CampaignService } from '../../domain/services/campaign.service.js';
import type { TopicDefinition } from '../topic.js';
import { JavaList } from '../values.js';

export const campaignPrepareTopic: TopicDefinition = {
  topic: TOPIC.campaignPrepare,
  variables: ['countyCode'],
  async handle({ variables }, { ds }) {
    const p = await new CampaignService(ds).prepare(String(variables.countyCode ?? ''));
    if (!p.villageGroups.length) throw new Error(`county ${String(variables.countyCode)} has no villages to survey`);
    return { villageGroups: new JavaList(p.villageGroups), townshipGroups: new JavaList(p.townshipGroups), civilGroup: p.civilGroup, emergencyGroup: p.emergencyGroup };
  },
};
