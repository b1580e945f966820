/**
 * case.classify — 分类派单: lead department, the village worker's group,
 * whether money is paid, and the household's yes/no flags that the referral
 * decision (case-referrals.dmn, a business rule task next in the model) reads.
 */
import { TOPIC } from '../../domain/engine/contract.js';
import { CaseService } from '../../domain/services/case.service.js';
import type { TopicDefinition } from '../topic.js';
import { JavaList } from '../values.js';

export const caseClassifyTopic: TopicDefinition = {
  topic: TOPIC.caseClassify,
  variables: ['caseId'],
  async handle({ variables }, { ds, cfg }) {
    const r = await new CaseService(ds).classify(String(variables.caseId ?? ''));
    return {
      leadDepartment: r.leadDepartment,
      departments: r.departments.join(','),
      verificationSources: new JavaList(cfg.verificationSources),
      villageGroup: r.villageGroup,
      paymentDue: r.paymentDue,
      ...r.flags,
    };
  },
};
