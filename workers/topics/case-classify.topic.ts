/** case.classify — 分类派单: decides the lead department and the candidate group of the review task. */
import { TOPIC } from '../../domain/engine/contract.js';
import { CaseService } from '../../domain/services/case.service.js';
import type { TopicDefinition } from '../topic.js';

export const caseClassifyTopic: TopicDefinition = {
  topic: TOPIC.caseClassify,
  variables: ['caseId'],
  async handle({ variables }, { ds }) {
    const caseId = String(variables.caseId ?? '');
    const r = await new CaseService(ds).classify(caseId);
    return { leadDepartment: r.leadDepartment, assignedGroup: r.group, departments: r.departments.join(',') };
  },
};
