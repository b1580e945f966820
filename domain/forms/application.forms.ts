/** Forms of the user tasks of 社会救助一门受理 (their schemas are in contracts/case.schema.ts, which the web's forms read too). */
import { IsNull } from 'typeorm';
import { AssistanceCase } from '../entities/assistance-case.entity.js';
import { DemocraticReview, HomeVisit, NoticeObjection, Referral } from '../entities/case-step.entity.js';
import { completeTaskSchema, democraticReviewSchema, homeVisitSchema, opinionFormSchema, reviewObjectionSchema, supplementDocumentsSchema } from '../../contracts/case.schema.js';
import { DOCUMENT_NAMES, type DocumentCode } from '../documents.js';
import { BadRequestError } from '../errors.js';
import { defineForm, type TaskForm } from './task-form.js';

function requireCase<T>(c: T | null): T {
  if (!c) throw new BadRequestError('TASK_WITHOUT_CASE', '该任务没有关联的申请');
  return c;
}

/** 一次性告知并补正材料: the documents handed in now, or the applicant's withdrawal. */
const supplementDocuments = defineForm({
  schema: supplementDocumentsSchema,
  async apply({ em, input, caseRow }) {
    const c = requireCase(caseRow);
    if (input.withdrawn) return { opinion: `申请人撤回申请：${input.opinion}`, variables: { withdrawn: true } };
    if (input.documents.length === 0) throw new BadRequestError('DOCUMENTS_INVALID', '请勾选本次补正的材料，或选择申请人撤回', 'documents');
    const all = [...new Set([...c.documents, ...input.documents])];
    await em.update(AssistanceCase, { id: c.id }, { documents: all });
    const names = input.documents.map((d) => DOCUMENT_NAMES[d as DocumentCode]).join('、');
    return { opinion: `已补正：${names}。${input.opinion}`, variables: { withdrawn: false } };
  },
});

/** 入户调查: what the village worker found and whether they recommend assistance. */
const homeVisit = defineForm({
  schema: homeVisitSchema,
  async apply({ em, input, caseRow, user }) {
    const c = requireCase(caseRow);
    await em.insert(HomeVisit, { caseId: c.id, visitorId: user.id, findings: input.findings, recommend: input.recommend });
    return { opinion: `${input.recommend ? '建议给予救助' : '不建议给予救助'}：${input.findings}`, variables: { homeVisitRecommend: input.recommend } };
  },
});

/** 民主评议: participants and votes; passed with a majority of those present. */
const democraticReview = defineForm({
  schema: democraticReviewSchema,
  async apply({ em, input, caseRow, user }) {
    const c = requireCase(caseRow);
    const passed = input.votesFor * 2 > input.participants;
    await em.insert(DemocraticReview, { caseId: c.id, participants: input.participants, votesFor: input.votesFor, votesAgainst: input.votesAgainst, passed, recordedBy: user.id });
    return {
      opinion: `参加 ${input.participants} 人，赞成 ${input.votesFor} 票，反对 ${input.votesAgainst} 票，评议${passed ? '通过' : '未通过'}。${input.opinion}`,
      variables: { reviewPassed: passed },
    };
  },
});

/** 异议核实: whether the objection is founded. */
const reviewObjection = defineForm({
  schema: reviewObjectionSchema,
  async apply({ em, input, caseRow }) {
    const c = requireCase(caseRow);
    const open = await em.findOne(NoticeObjection, { where: { caseId: c.id, upheld: IsNull() }, order: { receivedAt: 'DESC' } });
    if (open) await em.update(NoticeObjection, { id: open.id }, { upheld: input.upheld, resolution: input.opinion });
    return { opinion: `${input.upheld ? '异议成立，退回重新核对' : '异议不成立，继续公示'}：${input.opinion}`, variables: { objectionUpheld: input.upheld } };
  },
});

/** 民政审核确认 (and the first-cut 牵头部门审核): approve or refuse, with the opinion. */
const approval = defineForm({
  schema: completeTaskSchema,
  async apply({ input }) {
    return { opinion: `${input.approved ? '同意' : '不同意'}：${input.opinion}`, variables: { approved: input.approved } };
  },
});

/** 转介办理: the referred department records what it did. */
const referral = defineForm({
  schema: opinionFormSchema,
  async apply({ em, input, caseRow, user }) {
    const c = requireCase(caseRow);
    await em.update(Referral, { caseId: c.id, departmentCode: user.departmentCode }, { status: 'done', opinion: input.opinion, handledBy: user.id, handledAt: new Date() });
    return { opinion: input.opinion, variables: {} };
  },
});

/** 后补材料和手续 (先行救助): the township records what it completed. */
const opinionOnly = defineForm({
  schema: opinionFormSchema,
  async apply({ input }) {
    return { opinion: input.opinion, variables: {} };
  },
});

/** Forms by task definition key. */
export const APPLICATION_FORMS: Record<string, TaskForm> = {
  Task_SupplementDocuments: supplementDocuments,
  Task_HomeVisit: homeVisit,
  Task_DemocraticReview: democraticReview,
  Task_ReviewObjection: reviewObjection,
  Task_CountyApproval: approval,
  Task_Referral: referral,
  Task_CompleteFile: opinionOnly,
};

/** The form of a task; tasks without their own form take the approval form. */
export function formFor(taskKey: string): TaskForm {
  return APPLICATION_FORMS[taskKey] ?? approval;
}
