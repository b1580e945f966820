/**
 * verification.report — 核对报告: merges the sources of this round into the
 * per-capita income, and hands the eligibility decision (dibao-eligibility.dmn,
 * the business rule task next in the model) its inputs: the income, the
 * standard in force for the household and the assets the sources found.
 */
import { TOPIC } from '../../domain/engine/contract.js';
import type { Config } from '../../domain/config.js';
import type { ApplicationStepsService } from '../../domain/services/application-steps.service.js';
import type { TopicDefinition } from '../topic.js';
import { nextRound } from './verification-query.topic.js';

/** Built with the application steps' service and the configured verification sources. */
export const verificationReportTopic = ({ applicationSteps: steps, cfg }: { applicationSteps: Pick<ApplicationStepsService, 'buildVerificationReport' | 'eligibilityInputs'>; cfg: Pick<Config, 'verificationSources'> }): TopicDefinition => ({
  topic: TOPIC.verificationReport,
  variables: ['caseId', 'verificationRound'],
  async handle({ variables }) {
    const caseId = String(variables.caseId ?? '');
    const report = await steps.buildVerificationReport(caseId, cfg.verificationSources, nextRound(variables.verificationRound));
    const inputs = await steps.eligibilityInputs(caseId, report.round);
    return { perCapitaIncomeFen: report.perCapitaIncomeFen, verificationRound: report.round, verificationFlagCount: report.flags.length, ...inputs };
  },
});
