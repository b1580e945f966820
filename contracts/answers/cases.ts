/** Answers of the case file and its actions (/api/cases, /api/households), and the public lookup (求助有门). */
import { z } from 'zod';
import { DISABILITY_LEVELS, EMPLOYMENT_CODES, type EmploymentStatus, POVERTY_CODES, type PovertyStatus, SCHOOLING_STAGE_CODES, type SchoolingStage } from '../household-facts.js';
import { ATTACHMENT_KINDS } from '../kinds.js';
import { REVEAL_FIELDS } from '../case.schema.js';
import { count, engineInstant, instant, itemsOf, yuan } from './common.js';

/** One member's 家庭情况 (stored encrypted; shown in the case file). */
export const memberFactsSchema = z.strictObject({
  disabilityLevel: z.union(DISABILITY_LEVELS.map((l) => z.literal(l))).nullable(),
  schoolingStage: z.enum(SCHOOLING_STAGE_CODES as [SchoolingStage, ...SchoolingStage[]]),
  seriousIllness: z.boolean(),
  employment: z.enum(EMPLOYMENT_CODES as [EmploymentStatus, ...EmploymentStatus[]]),
  povertyStatus: z.enum(POVERTY_CODES as [PovertyStatus, ...PovertyStatus[]]),
});

/** One event of a case's timeline (受理, 办理, 退回 …) with its opinion. */
export const timelineEventSchema = z.strictObject({ at: instant, kind: z.string(), step: z.string(), actor: z.string(), department: z.string().nullable(), opinion: z.string().nullable() });

/** One activity of the engine's history of an instance (a case's or a matter's). */
export const historyActivitySchema = z.strictObject({
  activityId: z.string(),
  name: z.string().nullable(),
  type: z.string(),
  start: engineInstant,
  end: engineInstant.nullable(),
  assignee: z.string().nullable(),
});
/** One activity of a case's history: with the engine task of a user task, and how long it took. */
export const caseHistoryActivitySchema = historyActivitySchema.extend({ taskId: z.string().nullable(), durationMs: z.number().nullable() });

/** The tracking diagram's data, computed by the server (ProcessGraph.takenFlows). */
export const caseTrackingSchema = z.strictObject({
  /** Activity ids (gateways included) that ran to their end. */
  completed: z.array(z.string()),
  /** Activity ids still open. */
  current: z.array(z.string()),
  /** Sequence flows the case took. */
  takenFlows: z.array(z.string()),
});

/** 家庭经济状况核对报告 (one per round). */
export const verificationReportSchema = z.strictObject({
  round: count,
  householdSize: count,
  totalMonthlyIncomeYuan: yuan,
  perCapitaIncomeYuan: yuan,
  flags: z.array(z.string()),
  summary: z.string(),
  sources: z.array(z.strictObject({ source: z.string(), name: z.string(), monthlyIncomeYuan: yuan, summary: z.string(), flags: z.array(z.string()), assets: z.array(z.string()) })),
});

/** 联席会议议题 raised about a case, with its outcome; `readable` when the user may open the matter. */
export const caseConferenceSchema = z.strictObject({
  id: z.uuid(),
  matterNo: z.string(),
  title: z.string(),
  status: z.string(),
  statusName: z.string(),
  outcome: z.string().nullable(),
  report: z.string().nullable(),
  raisedAt: instant,
  closedAt: instant.nullable(),
  readable: z.boolean(),
});

/** GET /api/cases/:id: the case file (案卷), personal data masked. */
export const caseFileSchema = z.strictObject({
  id: z.uuid(),
  caseNo: z.string(),
  status: z.string(),
  statusName: z.string(),
  outcome: z.string().nullable(),
  outcomeName: z.string().nullable(),
  outcomeReason: z.string().nullable(),
  assistanceTypes: z.array(z.string()),
  assistanceTypeNames: z.array(z.string()),
  reason: z.string(),
  leadDepartment: z.string().nullable(),
  leadDepartmentName: z.string().nullable(),
  registeredAt: instant,
  registeredUnit: z.string(),
  closedAt: instant.nullable(),
  processInstanceId: z.string().nullable(),
  /** The engine's state of the instance (ACTIVE, COMPLETED …; UNKNOWN when the engine did not answer). */
  processState: z.string().nullable(),
  household: z.strictObject({
    id: z.uuid(),
    householdNo: z.string(),
    headName: z.string(),
    headIdNumber: z.string(),
    phone: z.string().nullable(),
    address: z.string(),
    bankCardNo: z.string().nullable(),
    village: z.string(),
    monthlyIncomeYuan: yuan,
    disasterImpact: z.string(),
    disasterImpactName: z.string(),
    /** factNames: 家庭情况 in words (残疾人证二级, 在读初中 …). */
    members: z.array(z.strictObject({ id: z.uuid(), name: z.string(), idNumber: z.string(), relation: z.string(), facts: memberFactsSchema.nullable(), factNames: z.array(z.string()) })),
  }),
  timeline: z.array(timelineEventSchema),
  payment: z.strictObject({ monthlyAmountYuan: yuan, householdSize: count, standardYuan: yuan, perCapitaIncomeYuan: yuan, startMonth: z.string(), status: z.string() }).nullable(),
  history: z.array(caseHistoryActivitySchema),
  tracking: caseTrackingSchema,
  documents: z.strictObject({
    required: z.array(z.strictObject({ code: z.string(), name: z.string(), submitted: z.boolean() })),
    missing: z.array(z.strictObject({ code: z.string(), name: z.string() })),
  }),
  verification: z.array(verificationReportSchema),
  homeVisits: z.array(z.strictObject({ visitedAt: instant, findings: z.string(), recommend: z.boolean() })),
  democraticReviews: z.array(z.strictObject({ heldAt: instant, participants: count, votesFor: count, votesAgainst: count, passed: z.boolean() })),
  notices: z.array(z.strictObject({ noticeNo: z.string(), publishedAt: instant, endsAt: instant, status: z.enum(['open', 'ended', 'objected']), content: z.string() })),
  /** The objector's contact masked (a mobile number like every phone). */
  objections: z.array(z.strictObject({ receivedAt: instant, content: z.string(), contact: z.string().nullable(), upheld: z.boolean().nullable(), resolution: z.string().nullable() })),
  referrals: z.array(
    z.strictObject({
      department: z.string(),
      departmentName: z.string().nullable(),
      status: z.enum(['pending', 'done', 'withdrawn']),
      reason: z.string().nullable(),
      opinion: z.string().nullable(),
      handledAt: instant.nullable(),
    }),
  ),
  /** 临时救助 (null for other applications). */
  temporary: z
    .strictObject({
      amountYuan: yuan,
      emergency: z.boolean(),
      source: z.enum(['window', 'village_report', 'rural_flag']),
      sourceName: z.string(),
      approvalLevel: z.enum(['township', 'county']).nullable(),
      approvalLevelName: z.string().nullable(),
      payment: z.strictObject({ amountYuan: yuan, paidFirst: z.boolean(), paidAt: instant }).nullable(),
    })
    .nullable(),
  /** 联席会议议题 raised about this case, with their outcome (通报 or the reason not to convene). */
  conferences: z.array(caseConferenceSchema),
  ledger: z.strictObject({ certificateNo: z.string(), townshipCode: z.string(), monthlyAmountYuan: yuan, startMonth: z.string().nullable() }).nullable(),
});

/** POST /api/cases and /api/cases/temporary: the case registered, with the 查询码 of its 受理通知书 (returned this once). */
export const registerResultSchema = z.strictObject({ id: z.uuid(), caseNo: z.string(), status: z.string(), processInstanceId: z.string().nullable(), lookupCode: z.string() });

/** POST /api/cases/:id/lookup-code: the new 查询码 (the old one stops working). */
export const lookupCodeSchema = z.strictObject({ caseNo: z.string(), lookupCode: z.string() });

/** POST /api/cases/:id/reveal: the full value of one field (null when the household has none). */
export const revealResultSchema = z.strictObject({ field: z.enum(REVEAL_FIELDS), fieldName: z.string(), memberId: z.uuid().nullable(), value: z.string().nullable() });

/** 附件: a scan of a material or a home-visit photo. */
export const attachmentSchema = z.strictObject({
  id: z.uuid(),
  kind: z.enum(ATTACHMENT_KINDS),
  kindName: z.string(),
  documentCode: z.string().nullable(),
  documentName: z.string().nullable(),
  fileName: z.string(),
  mimeType: z.string(),
  sizeBytes: count,
  uploadedByName: z.string(),
  createdAt: instant,
});
/** GET /api/cases/:id/attachments. */
export const attachmentListSchema = itemsOf(attachmentSchema);

/** A registered household to pick (ID number masked). */
export const householdOptionSchema = z.strictObject({ id: z.uuid(), householdNo: z.string(), headName: z.string(), headIdNumber: z.string(), unitCode: z.string() });
/** GET /api/households and POST /api/households/search. */
export const householdOptionsSchema = z.array(householdOptionSchema);

/** PUT /api/households/:id/facts: what changed (never the values). */
export const householdFactsChangedSchema = z.strictObject({ ok: z.literal(true), householdNo: z.string(), changedMembers: count, disasterImpactChanged: z.boolean() });

/** 求助有门 (POST /api/public/lookup): the current stages and the outcome; no personal data beyond the masked name. */
export const lookupResultSchema = z.strictObject({
  caseNo: z.string(),
  applicant: z.string(),
  assistanceTypeNames: z.array(z.string()),
  registeredAt: instant,
  statusName: z.string(),
  /** Steps being handled now, with the date they are due by. */
  stages: z.array(z.strictObject({ name: z.string(), due: engineInstant.nullable(), overdue: z.boolean() })),
  outcomeName: z.string().nullable(),
  closedAt: instant.nullable(),
});
