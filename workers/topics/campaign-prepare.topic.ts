/** campaign.prepare — 确定摸底范围: one survey per village, one review per township, the county's groups. */
import { TOPIC } from '../../domain/engine/contract.js';
import type { CampaignService } from '../../domain/services/campaign.service.js';
import type { TopicDefinition } from '../topic.js';
import { JavaList } from '../values.js';

/** Built with the campaign service that finds the county's villages and groups. */
export const campaignPrepareTopic = ({ campaigns }: { campaigns: Pick<CampaignService, 'prepare'> }): TopicDefinition => ({
  topic: TOPIC.campaignPrepare,
  variables: ['countyCode'],
  async handle({ variables }) {
    const p = await campaigns.prepare(String(variables.countyCode ?? ''));
    if (!p.villageGroups.length) throw new Error(`county ${String(variables.countyCode)} has no villages to survey`);
    return { villageGroups: new JavaList(p.villageGroups), townshipGroups: new JavaList(p.townshipGroups), civilGroup: p.civilGroup, emergencyGroup: p.emergencyGroup };
  },
});
