/** Answers of 救助标准年度调整 (/api/standard-adjustments). */
import { z } from 'zod';
import { STANDARD_KINDS } from '../kinds.js';
import { count, engineInstant, month, yuan } from './common.js';

/** GET /api/standard-adjustments: each standard's history, the yearly proposals, the user's open tasks and the adjustment day. */
export const adjustmentOverviewSchema = z.strictObject({
  countyCode: z.string(),
  /** MM-DD */
  adjustmentDay: z.string(),
  inForce: z.array(z.strictObject({ kind: z.enum(STANDARD_KINDS), kindName: z.string(), amountYuan: yuan.nullable() })),
  history: z.array(z.strictObject({ kind: z.enum(STANDARD_KINDS), kindName: z.string(), points: z.array(z.strictObject({ month, amountYuan: yuan, approvalRef: z.string() })) })),
  proposals: z.array(
    z.strictObject({
      id: z.uuid(),
      proposalNo: z.string(),
      year: z.number().int(),
      status: z.string(),
      statusName: z.string(),
      effectiveMonth: month.nullable(),
      reasoning: z.string().nullable(),
      items: z.array(z.strictObject({ kind: z.string(), kindName: z.string(), currentYuan: yuan.nullable(), amountYuan: yuan, reason: z.string().nullable() })),
      proposedBy: z.string().nullable(),
      financeBy: z.string().nullable(),
      financeOpinion: z.string().nullable(),
      leaderBy: z.string().nullable(),
      leaderOpinion: z.string().nullable(),
      startedBy: z.string(),
    }),
  ),
  tasks: z.array(z.strictObject({ taskId: z.string(), taskKey: z.string(), name: z.string(), due: engineInstant.nullable(), proposalId: z.uuid() })),
});

/** POST /api/standard-adjustments: the year's review opened. */
export const adjustmentStartedSchema = z.strictObject({ id: z.uuid(), proposalNo: z.string(), year: z.number().int() });
/** PUT /api/standard-adjustments/schedule. */
export const adjustmentDayAnswerSchema = z.strictObject({ monthDay: z.string() });
/** POST /api/standard-adjustments/:id/tasks/:taskId/complete: the proposal's status afterwards (and how many kinds a proposal sets). */
export const adjustmentTaskDoneSchema = z.union([z.strictObject({ status: z.literal('finance_review'), items: count }), z.strictObject({ status: z.string() })]);
