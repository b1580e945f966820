/** campaign.schedule — 冬春救助每日检查: from the configured start day on, starts the season's campaign once per county. */
import { TOPIC } from '../../domain/engine/contract.js';
import { CampaignService } from '../../domain/services/campaign.service.js';
import type { TopicDefinition } from '../topic.js';

export const campaignScheduleTopic: TopicDefinition = {
  topic: TOPIC.campaignSchedule,
  variables: [],
  async handle({ log }, { ds, engine }) {
    const started = await new CampaignService(ds, engine).startDue();
    if (started.length) log.info({ started }, '已定时启动冬春救助');
    return { campaignsStarted: started.join(',') };
  },
};
