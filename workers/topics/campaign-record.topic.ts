/** campaign.record — 登记救助: approved money relief into the payroll's ledger of payments, in-kind relief recorded. */
import { TOPIC } from '../../domain/engine/contract.js';
import type { CampaignService } from '../../domain/services/campaign.service.js';
import type { TopicDefinition } from '../topic.js';

/** Built with the campaign service that records the relief. */
export const campaignRecordTopic = ({ campaigns }: { campaigns: Pick<CampaignService, 'record'> }): TopicDefinition => ({
  topic: TOPIC.campaignRecord,
  variables: ['campaignId', 'civilApproved', 'emergencyApproved'],
  async handle({ variables }) {
    const approved = variables.civilApproved === true && variables.emergencyApproved === true;
    const r = await campaigns.record(String(variables.campaignId ?? ''), approved);
    return { reliefApproved: approved, reliefPaidItems: r.paid, reliefInKindItems: r.inKind };
  },
});
