/** campaign.schedule — 冬春救助每日检查: from the configured start day on, starts the season's campaign once per county. */
import { TOPIC } from '../../domain/engine/contract.js';
import type { CampaignService } from '../../domain/services/campaign.service.js';
import type { TopicDefinition } from '../topic.js';

/** Built with the campaign service that starts the due campaigns (it needs the engine). */
export const campaignScheduleTopic = ({ campaigns }: { campaigns: Pick<CampaignService, 'startDue'> }): TopicDefinition => ({
  topic: TOPIC.campaignSchedule,
  variables: [],
  async handle({ log }) {
    const started = await campaigns.startDue();
    if (started.length) log.info({ started }, '已定时启动冬春救助');
    return { campaignsStarted: started.join(',') };
  },
});
