/** verification.report — 核对报告: merges the sources of this round into the per-capita income. */
import { TOPIC } from '../../domain/engine/contract.js';
import { ApplicationStepsService } from '../../domain/services/application-steps.service.js';
import type { TopicDefinition } from '../topic.js';
import { nextRound } from './verification-query.topic.js';

export const verificationReportTopic: TopicDefinition = {
  topic: TOPIC.verificationReport,
  variables: ['caseId', 'verificationRound'],
  async handle({ variables }, { ds, cfg }) {
    const report = await new ApplicationStepsService(ds).buildVerificationReport(String(variables.caseId ?? ''), cfg.verificationSources, nextRound(variables.verificationRound));
    return { perCapitaIncomeFen: report.perCapitaIncomeFen, verificationRound: report.round, verificationFlagCount: report.flags.length };
  },
};
