/**
 * case.classify — 分类派单: lead department, the village worker's group,
 * whether money is paid, and the household's yes/no flags that the referral
 * decision (case-referrals.dmn, a business rule task next in the model) reads.
 */
import type { Config } from '../../domain/config.js';
import { TOPIC } from '../../domain/engine/contract.js';
import type { CaseService } from '../../domain/services/case.service.js';
import type { TopicDefinition } from '../topic.js';
import { JavaList } from '../values.js';

/** Built with the case service that classifies, and the configured verification sources. */
export const caseClassifyTopic = ({ cases, cfg }: { cases: Pick<CaseService, 'classify'>; cfg: Pick<Config, 'verificationSources'> }): TopicDefinition => ({
  topic: TOPIC.caseClassify,
  variables: ['caseId'],
  async handle({ variables }) {
    const r = await cases.classify(String(variables.caseId ?? ''));
    return {
      leadDepartment: r.leadDepartment,
      departments: r.departments.join(','),
      verificationSources: new JavaList(cfg.verificationSources),
      villageGroup: r.villageGroup,
      paymentDue: r.paymentDue,
      ...r.flags,
    };
  },
});
