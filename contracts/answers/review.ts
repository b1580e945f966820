/** Answers of 定期核查 (/api/reviews): the reviews, the overview, the report form, the rounds and the written notice. */
import { z } from 'zod';
import { REVIEW_CLASSES, REVIEW_DECISIONS } from '../kinds.js';
import { count, engineInstant, instant, itemsOf, month, pageOf, yuan } from './common.js';

const reviewStatus = z.enum(['running', 'decided']);
const trigger = z.enum(['periodic', 'report']);

/** GET /api/reviews: one row (the head's name masked). */
export const reviewRowSchema = z.strictObject({
  id: z.uuid(),
  reviewNo: z.string(),
  trigger,
  triggerName: z.string(),
  status: reviewStatus,
  statusName: z.string(),
  decisionName: z.string().nullable(),
  effectiveMonth: month.nullable(),
  householdNo: z.string(),
  headName: z.string(),
  kindName: z.string(),
  recipientStatusName: z.string(),
  township: z.string(),
  village: z.string(),
  createdAt: instant,
  decidedAt: instant.nullable(),
});
export const reviewPageSchema = pageOf(reviewRowSchema);

/** GET /api/reviews/overview (and what PUT /api/reviews/frequencies/:reviewClass answers): the frequencies and the county's rounds. */
export const reviewOverviewSchema = z.strictObject({
  /** Due by this month and not under review (county-wide; the next round starts them). */
  dueNow: count,
  frequencies: z.array(z.strictObject({ reviewClass: z.enum(REVIEW_CLASSES), name: z.string(), months: z.number().int().min(1), updatedBy: z.string(), updatedAt: instant })),
  rounds: z.array(z.strictObject({ id: z.uuid(), month, startedByName: z.string(), selected: count, started: count, createdAt: instant })),
  reportReasons: z.record(z.string(), z.string()),
});

/** GET /api/reviews/reportable: recipients the user may report (masked names). */
export const reviewReportableSchema = itemsOf(z.strictObject({ id: z.uuid(), householdNo: z.string(), headName: z.string(), kindName: z.string(), village: z.string() }));

/** POST /api/reviews/rounds: the month's round, how many recipients were due and how many reviews started. */
export const reviewRoundStartedSchema = z.strictObject({ roundId: z.uuid(), selected: count, started: count });
/** POST /api/reviews/reports: the review started by the report. */
export const reviewReportedSchema = z.strictObject({ id: z.uuid(), reviewNo: z.string() });
/** POST /api/reviews/:id/tasks/:taskId/complete: the review's status afterwards. */
export const reviewTaskDoneSchema = z.strictObject({ status: reviewStatus });

const householdOfReview = z.strictObject({ householdNo: z.string(), headName: z.string(), township: z.string(), village: z.string() });

/** GET /api/reviews/:id: the review with 复核, 入户复查, 民政决定 and its open tasks. */
export const reviewDetailSchema = z.strictObject({
  id: z.uuid(),
  reviewNo: z.string(),
  trigger,
  status: reviewStatus,
  statusName: z.string(),
  reportReasonName: z.string().nullable(),
  reportNote: z.string().nullable(),
  startedByName: z.string(),
  household: householdOfReview,
  recipient: z.strictObject({
    id: z.uuid(),
    kindName: z.string(),
    statusName: z.string(),
    amountYuan: yuan,
    householdSize: count,
    perCapitaIncomeYuan: yuan,
    startMonth: month,
    lastPaidMonth: month.nullable(),
  }),
  verification: z.strictObject({ summary: z.string(), perCapitaIncomeYuan: yuan }).nullable(),
  visit: z.strictObject({ findings: z.string(), suggestsChange: z.boolean().nullable(), by: z.string().nullable() }).nullable(),
  decision: z
    .strictObject({
      decision: z.enum(REVIEW_DECISIONS),
      name: z.string(),
      reason: z.string().nullable(),
      effectiveMonth: month.nullable(),
      by: z.string().nullable(),
      at: instant.nullable(),
      applied: z.boolean(),
      perCapitaIncomeYuan: yuan.nullable(),
      householdSize: count.nullable(),
    })
    .nullable(),
  tasks: z.array(z.strictObject({ taskId: z.string(), taskKey: z.string(), name: z.string(), due: engineInstant.nullable(), mine: z.boolean() })),
  decisions: z.record(z.enum(REVIEW_DECISIONS), z.string()),
  classes: z.record(z.enum(REVIEW_CLASSES), z.string()),
});

/** GET /api/reviews/:id/notice: 核查结论告知书 (printable), once decided. */
export const reviewNoticeSchema = z.strictObject({
  title: z.string(),
  countyName: z.string(),
  reviewNo: z.string(),
  household: householdOfReview,
  kindName: z.string(),
  decisionName: z.string(),
  reason: z.string().nullable(),
  effectiveMonth: month.nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: instant.nullable(),
  body: z.string(),
  appeal: z.string(),
});
