/** campaign.record — 登记救助: approved money relief into the payroll's ledger of payments, in-kind relief recorded. */
import { TOPIC } from '../../domain/engine/contract.js';
import { CampaignService } from '../../domain/services/campaign.service.js';
import type { TopicDefinition } from '../topic.js';

export const campaignRecordTopic: TopicDefinition = {
  topic: TOPIC.campaignRecord,
  variables: ['campaignId', 'civilApproved', 'emergencyApproved'],
  async handle({ variables }, { ds }) {
    const approved = variables.civilApproved === true && variables.emergencyApproved === true;
    const r = await new CampaignService(ds).record(String(variables.campaignId ?? ''), approved);
    return { reliefApproved: approved, reliefPaidItems: r.paid, reliefInKindItems: r.inKind };
  },
};
