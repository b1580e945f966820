/**
 * Answers of the money loop: 救助标准 (/api/admin/standards, /api/standards), 在保对象 (/api/recipients),
 * 月度发放 (/api/payroll: runs, reviews, returns, 对账, 公示) and 发放结果公示 (/api/public/payment-results).
 */
import { z } from 'zod';
import { CARE_LEVELS, RECIPIENT_KINDS, STANDARD_KINDS } from '../kinds.js';
import { count, instant, itemsOf, month, pageOf, pageTaskSchema, yuan } from './common.js';

/** One 救助标准 of a county, from its effective month. */
export const standardAnswerSchema = z.strictObject({
  id: z.uuid(),
  countyCode: z.string(),
  kind: z.enum(STANDARD_KINDS),
  kindName: z.string(),
  amountYuan: yuan,
  effectiveMonth: month,
  approvalRef: z.string(),
  approvedBy: z.string(),
  setByName: z.string(),
  createdAt: instant,
});
/** GET /api/admin/standards: the county's history, and the kinds with their names. */
export const adminStandardsSchema = z.strictObject({ items: z.array(standardAnswerSchema), kinds: z.record(z.enum(STANDARD_KINDS), z.string()) });
/** GET /api/standards: the standards in force for a month (when asked) and the history. */
export const standardsSchema = z.strictObject({ county: z.string(), month: month.nullable(), inForce: z.array(standardAnswerSchema).nullable(), history: z.array(standardAnswerSchema) });

const recipientStatus = z.enum(['active', 'suspended', 'terminated']);

/** One row of the 在保对象 register (the head's name masked). */
export const recipientRowSchema = z.strictObject({
  id: z.uuid(),
  householdNo: z.string(),
  headName: z.string(),
  kind: z.enum(RECIPIENT_KINDS),
  kindName: z.string(),
  careLevel: z.enum(CARE_LEVELS).nullable(),
  careLevelName: z.string().nullable(),
  amountYuan: yuan,
  householdSize: count,
  startMonth: month,
  status: recipientStatus,
  statusName: z.string(),
  township: z.string(),
  village: z.string(),
  computation: z.string(),
});
/** GET /api/recipients. */
export const recipientPageSchema = pageOf(recipientRowSchema);
/** GET /api/recipients/:id and what a change answers: the recipient and its changes. */
export const recipientDetailSchema = z.strictObject({
  id: z.uuid(),
  kind: z.enum(RECIPIENT_KINDS),
  kindName: z.string(),
  careLevel: z.enum(CARE_LEVELS).nullable(),
  careLevelName: z.string().nullable(),
  status: recipientStatus,
  statusName: z.string(),
  amountYuan: yuan,
  computation: z.string(),
  startMonth: month,
  events: z.array(
    z.strictObject({
      kind: z.string(),
      fromStatus: z.string().nullable(),
      toStatus: z.string().nullable(),
      fromAmountYuan: yuan.nullable(),
      toAmountYuan: yuan.nullable(),
      actorName: z.string(),
      reason: z.string(),
      at: instant,
    }),
  ),
});
/** POST /api/recipients/import: how many were imported, per township and kind. */
export const recipientImportSchema = z.strictObject({
  imported: count,
  amountYuan: yuan,
  groups: z.array(z.strictObject({ township: z.string(), kind: z.string(), households: count, amountYuan: yuan })),
});

const payrollStatus = z.enum(['building', 'civil_review', 'finance_review', 'at_bank', 'returned', 'closed']);

/** GET /api/payroll: the county's runs, newest month first, with totals (a township sees its own part). */
export const payrollListSchema = itemsOf(
  z.strictObject({
    id: z.uuid(),
    runNo: z.string(),
    month,
    status: payrollStatus,
    statusName: z.string(),
    startedByName: z.string(),
    paymentDate: instant.nullable(),
    createdAt: instant,
    closedAt: instant.nullable(),
    lines: count,
    amountYuan: yuan,
  }),
);
/** POST /api/payroll: the run started. */
export const payrollStartedSchema = z.strictObject({ id: z.uuid(), runNo: z.string(), month, status: payrollStatus });
/** GET /api/payroll/:id: townships with their totals and return state, the review opinions, the user's open tasks, the failures. */
export const payrollDetailSchema = z.strictObject({
  id: z.uuid(),
  runNo: z.string(),
  month,
  status: payrollStatus,
  statusName: z.string(),
  paymentDate: instant.nullable(),
  closedAt: instant.nullable(),
  startedByName: z.string(),
  townships: z.array(
    z.strictObject({
      code: z.string(),
      name: z.string(),
      returnImportedAt: instant.nullable(),
      returnImportedBy: z.string().nullable(),
      publishedAt: instant.nullable(),
      publishedBy: z.string().nullable(),
      lines: count,
      amountYuan: yuan,
    }),
  ),
  events: z.array(z.strictObject({ step: z.string(), approved: z.boolean(), actorName: z.string(), opinion: z.string(), at: instant })),
  tasks: z.array(pageTaskSchema),
  failed: z.array(
    z.strictObject({
      id: z.uuid(),
      householdNo: z.string(),
      headName: z.string(),
      amountYuan: yuan,
      failReason: z.string().nullable(),
      townshipCode: z.string(),
      resolution: z.enum(['reissue', 'other', 'returned']).nullable(),
      resolutionName: z.string().nullable(),
      resolutionNote: z.string().nullable(),
    }),
  ),
});
/** POST /api/payroll/:id/tasks/:taskId/complete: the run's status after a review, or the failures resolved. */
export const payrollTaskDoneSchema = z.union([z.strictObject({ status: payrollStatus }), z.strictObject({ resolved: count, resolutions: z.array(z.string()) })]);
/** POST /api/payroll/:id/returns/:township: the bank's return read. */
export const payrollReturnSchema = z.strictObject({ township: z.string(), lines: count, paid: count, failed: count, townshipsWaiting: count });

const sum = z.strictObject({ count, amountFen: z.number().int().min(0) });
/** One township's (or the total's) reconciliation. */
export const reconRowSchema = z.strictObject({
  townshipCode: z.string(),
  township: z.string(),
  instructed: sum,
  paid: sum,
  failed: sum,
  pending: sum,
  reissued: sum,
  paidOtherwise: sum,
  returnedToFinance: sum,
  unresolved: sum,
  anomalies: count,
  /** instructed = paid + failed + pending, and failed = reissued + paid otherwise + returned + unresolved */
  balanced: z.boolean(),
});
/** GET /api/payroll/:id/reconciliation. */
export const reconciliationSchema = z.strictObject({
  runId: z.uuid(),
  runNo: z.string(),
  month,
  status: payrollStatus,
  townships: z.array(reconRowSchema),
  total: reconRowSchema,
  anomalyTotal: count,
  anomalies: z.array(z.strictObject({ id: z.number().int(), kind: z.string(), kindName: z.string(), townshipCode: z.string(), householdNo: z.string(), amountYuan: yuan, message: z.string(), at: instant })),
});
/** POST /api/payroll/:id/townships/:township/publish. */
export const paymentPublishedSchema = z.strictObject({ runNo: z.string(), township: z.string(), published: z.literal(true) });

/** GET /api/public/payment-results: every published month and township, newest first. */
export const paymentArchiveSchema = itemsOf(z.strictObject({ runNo: z.string(), month, townshipCode: z.string(), township: z.string(), publishedAt: instant, paid: count }));
/** GET /api/public/payment-results/:runNo/:township: who was paid what (masked names), paged. */
export const paymentNoticeSchema = z.strictObject({
  runNo: z.string(),
  month,
  total: count,
  totalAmountYuan: yuan,
  items: z.array(z.strictObject({ name: z.string(), village: z.string(), kindName: z.string(), amountYuan: yuan, month })),
});

/** An objection to a 公示 received (POST …/objections). */
export const objectionReceivedSchema = z.strictObject({ received: z.literal(true) });
