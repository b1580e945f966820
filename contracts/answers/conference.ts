/** Answers of 联席会议 (/api/conferences): the matter list, the matter file, raising a matter and its task forms. */
import { z } from 'zod';
import { historyActivitySchema } from './cases.js';
import { count, day, engineInstant, instant, pageOf } from './common.js';

const dept = z.strictObject({ code: z.string(), name: z.string() });
const conferenceStatus = z.enum(['deciding', 'consulting', 'minuting', 'implementing', 'closed']);

/** GET /api/conferences: one matter (联席会议议题). */
export const conferenceListItemSchema = z.strictObject({
  id: z.uuid(),
  matterNo: z.string(),
  title: z.string(),
  status: conferenceStatus,
  statusName: z.string(),
  outcome: z.enum(['reported', 'declined']).nullable(),
  departments: z.array(dept),
  raisedAt: instant,
  closedAt: instant.nullable(),
});
export const conferenceListSchema = pageOf(conferenceListItemSchema);

/** One agreed item (议定事项) and its progress. */
export const conferenceItemSchema = z.strictObject({
  id: z.uuid(),
  seq: count,
  content: z.string(),
  department: dept,
  deadline: day,
  status: z.enum(['open', 'done']),
  statusName: z.string(),
  overdue: z.boolean(),
  completionNote: z.string().nullable(),
  completedBy: z.string().nullable(),
  completedAt: instant.nullable(),
  supervisions: count,
});

/** An open task of the matter the user may act on. */
export const conferenceTaskSchema = z.strictObject({
  taskId: z.string(),
  taskKey: z.string(),
  name: z.string(),
  created: engineInstant,
  due: engineInstant.nullable(),
  assignee: z.string().nullable(),
  claimedByMe: z.boolean(),
  department: dept.nullable(),
  item: z.strictObject({ id: z.uuid(), seq: count, content: z.string(), deadline: day }).nullable(),
});

/** GET /api/conferences/:id: the matter file (议题卷宗). */
export const conferenceFileSchema = conferenceListItemSchema.extend({
  background: z.string(),
  relatedCase: z.strictObject({ id: z.uuid(), caseNo: z.string() }).nullable(),
  outcomeName: z.string().nullable(),
  raisedBy: z.string().nullable(),
  decision: z.strictObject({ convene: z.boolean(), opinion: z.string().nullable(), by: z.string().nullable(), at: instant.nullable() }).nullable(),
  /** Every department concerned, with its opinion once given (null while awaited). */
  opinions: z.array(z.strictObject({ department: dept, opinion: z.string().nullable(), by: z.string().nullable(), at: instant.nullable() })),
  minutes: z.strictObject({ text: z.string(), by: z.string().nullable(), at: instant.nullable() }).nullable(),
  items: z.array(conferenceItemSchema),
  report: z.string().nullable(),
  timeline: z.array(z.strictObject({ at: instant, kind: z.string(), step: z.string(), actor: z.string(), department: z.string().nullable(), itemId: z.uuid().nullable(), opinion: z.string().nullable() })),
  processInstanceId: z.string().nullable(),
  processState: z.string().nullable(),
  history: z.array(historyActivitySchema),
  myTasks: z.array(conferenceTaskSchema),
});

/** POST /api/conferences: the matter raised. */
export const conferenceRaisedSchema = z.strictObject({ id: z.uuid(), matterNo: z.string(), status: conferenceStatus, processInstanceId: z.string().nullable() });

/** POST /api/conferences/:id/tasks/:taskId/complete: done, and which step it was. */
export const conferenceTaskDoneSchema = z.strictObject({ ok: z.literal(true), taskKey: z.string() });
