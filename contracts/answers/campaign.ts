/** Answers of 冬春救助 (/api/campaigns, /api/admin/campaign-start-day, /api/monitor/campaigns). */
import { z } from 'zod';
import { RELIEF_NEEDS } from '../kinds.js';
import { count, instant, itemsOf, pageTaskSchema, yuan } from './common.js';

const campaignStatus = z.enum(['open', 'approved', 'rejected']);

/** GET /api/campaigns: the county's campaigns, newest season first. */
export const campaignListSchema = itemsOf(z.strictObject({ id: z.uuid(), campaignNo: z.string(), season: z.string(), status: campaignStatus, statusName: z.string(), startedByName: z.string(), createdAt: instant }));

/** POST /api/campaigns: the campaign started. */
export const campaignStartedSchema = z.strictObject({ id: z.uuid(), campaignNo: z.string(), season: z.string(), status: campaignStatus });

/** GET /api/campaigns/:id: progress per township, the items of the user's part (masked names), the opinions and the user's tasks. */
export const campaignDetailSchema = z.strictObject({
  id: z.uuid(),
  campaignNo: z.string(),
  season: z.string(),
  status: campaignStatus,
  statusName: z.string(),
  startedByName: z.string(),
  createdAt: instant,
  progress: z.array(z.strictObject({ code: z.string(), name: z.string(), villages: count, villagesSurveyed: count, households: count, moneyYuan: yuan, inKindItems: count, reviewed: z.boolean() })),
  /** The steps open now and how many tasks of each. */
  open: z.array(z.strictObject({ taskKey: z.string(), name: z.string(), count })),
  items: z.array(
    z.strictObject({
      id: z.uuid(),
      need: z.enum(RELIEF_NEEDS),
      needName: z.string(),
      form: z.enum(['money', 'in_kind']),
      formName: z.string(),
      amountYuan: yuan,
      description: z.string(),
      villageCode: z.string(),
      villageName: z.string(),
      townshipCode: z.string(),
      paymentLineId: z.uuid().nullable(),
      recordedAt: instant.nullable(),
      householdNo: z.string(),
      /** Masked (张**). */
      headName: z.string(),
    }),
  ),
  events: z.array(z.strictObject({ step: z.string(), unitCode: z.string().nullable(), approved: z.boolean().nullable(), actorName: z.string(), opinion: z.string(), at: instant })),
  tasks: z.array(pageTaskSchema),
});

/** POST /api/campaigns/:id/tasks/:taskId/complete: what the step recorded (the survey's count, the township reviewed, the approval). */
export const campaignTaskDoneSchema = z.union([z.strictObject({ listed: count }), z.strictObject({ reviewed: z.string() }), z.strictObject({ approved: z.boolean() })]);

/** GET and PUT /api/admin/campaign-start-day. */
export const campaignStartDaySchema = z.strictObject({ day: z.string().regex(/^\d{2}-\d{2}$/) });

/** 冬春救助进度 of one township on the coordinators' monitor. */
export const campaignTownshipProgressSchema = z.strictObject({
  code: z.string(),
  name: z.string(),
  villages: count,
  /** Villages whose survey is in; of them, reportedLate after its time limit. */
  reported: count,
  reportedLate: count,
  /** Villages whose survey is open past its due date, and within it. */
  late: count,
  pending: count,
  /** The township's review: done, open past its due date, open, or not yet opened (villages still reporting). */
  review: z.enum(['done', 'late', 'pending', 'waiting']),
  reviewName: z.string(),
});

/** One running 冬春救助 campaign on the monitor, with its townships and the county's totals. */
export const campaignMonitorItemSchema = z.strictObject({
  id: z.uuid(),
  campaignNo: z.string(),
  season: z.string(),
  statusName: z.string(),
  createdAt: instant,
  villages: count,
  reported: count,
  reportedLate: count,
  late: count,
  pending: count,
  townshipsReviewed: count,
  townships: z.array(campaignTownshipProgressSchema),
});

/** GET /api/monitor/campaigns. */
export const campaignMonitorSchema = itemsOf(campaignMonitorItemSchema);
