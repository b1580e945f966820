/** Answers of the task pages (/api/tasks), 我发起的, alerts (/api/alerts) and the 问责台账 (/api/accountability). */
import { z } from 'zod';
import { ACCOUNTABILITY_DECISIONS } from '../kinds.js';
import { count, engineInstant, instant, pageOf } from './common.js';

/** GET /api/tasks/:id: the task and the case it concerns. */
export const taskDetailSchema = z.strictObject({
  taskId: z.string(),
  name: z.string(),
  /** null for a task 加签 created (it has no definition in a model). */
  taskKey: z.string().nullable(),
  created: engineInstant,
  due: engineInstant.nullable(),
  assignee: z.string().nullable(),
  claimedByMe: z.boolean(),
  caseId: z.uuid().nullable(),
});

const person = z.strictObject({ username: z.string(), displayName: z.string(), departmentName: z.string() });

/** The task page's options besides 办理 (GET /api/tasks/:id/actions). */
export const taskActionOptionsSchema = z.strictObject({
  /** Who may receive a 转办, 委派 or 加签: the users of the task's candidate groups. */
  candidates: z.array(person),
  /** Who may receive a 抄送: the staff who may already read the case. */
  copyTargets: z.array(person),
  /** Departments a department task may be transferred to (empty for a village or window task). */
  departments: z.array(z.strictObject({ code: z.string(), name: z.string() })),
  /** The earlier steps 退回 may go back to, nearest first, each with its rule (empty when the step has none). */
  returnTargets: z.array(z.strictObject({ key: z.string(), name: z.string(), rule: z.string() })),
  /** A 委派 in progress. */
  delegation: z.strictObject({ owner: z.string(), delegate: z.string(), toMe: z.boolean() }).nullable(),
  /** Co-signers (加签) who have not signed yet. */
  cosigners: z.array(z.string()),
  /** Set when this task is itself a 加签 request. */
  cosign: z.strictObject({ parentName: z.string(), note: z.string() }).nullable(),
});

/** One row of 抄送我的. */
export const copyItemSchema = z.strictObject({
  id: z.uuid(),
  taskId: z.string(),
  taskName: z.string(),
  caseId: z.uuid().nullable(),
  note: z.string(),
  createdAt: instant,
  readAt: instant.nullable(),
  fromName: z.string().nullable(),
  fromDepartment: z.string().nullable(),
  caseNo: z.string().nullable(),
  headName: z.string().nullable(),
});
/** GET /api/tasks/copies, with how many are unread. */
export const copyPageSchema = z.strictObject({ total: count, unread: count, items: z.array(copyItemSchema) });
/** POST /api/tasks/copies/:copyId/read: when it was first read. */
export const copyReadSchema = z.strictObject({ id: z.uuid(), readAt: instant });

/** POST /api/tasks/:id/recall: the task open again (empty when the engine has not created it yet). */
export const recallResultSchema = z.strictObject({ taskId: z.string() });
/** POST /api/tasks/:id/return: the step the case went back to. */
export const returnResultSchema = z.strictObject({ to: z.string() });

/** One row of 我发起的: a case I registered or a matter I raised. */
export const initiatedItemSchema = z.strictObject({
  kind: z.enum(['case', 'conference']),
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  detail: z.string(),
  status: z.string(),
  statusName: z.string(),
  closed: z.boolean(),
  createdAt: instant,
  closedAt: instant.nullable(),
});
/** GET /api/worklist/initiated. */
export const initiatedPageSchema = pageOf(initiatedItemSchema);

/** An alert as clients receive it (live, replayed on reconnection, or listed). */
export const alertMessageSchema = z.strictObject({
  id: z.number().int(),
  level: z.enum(['remind', 'warning', 'escalation', 'manual', 'security', 'incident']),
  levelName: z.string(),
  taskId: z.string(),
  taskName: z.string(),
  caseId: z.uuid().nullable(),
  businessKey: z.string().nullable(),
  /** Department code (or the village committee) the task belongs to. */
  department: z.string().nullable(),
  message: z.string(),
  dueAt: instant.nullable(),
  createdAt: instant,
  /** Sent again on (re)connection because this browser had not seen it yet (never in a list). */
  replayed: z.literal(true).optional(),
});
/** One alert of 我的预警. */
export const alertItemSchema = alertMessageSchema.extend({ acknowledged: z.boolean() });
/** GET /api/alerts. */
export const alertPageSchema = pageOf(alertItemSchema);
/** POST /api/alerts/ack-all: how many were new. */
export const ackAllSchema = z.strictObject({ acknowledged: count });

/** Who an accountability record names: the assignee, or the candidates of an unclaimed task, and their supervisors. */
const responsiblePerson = z.strictObject({ id: z.uuid(), name: z.string(), kind: z.enum(['assignee', 'candidate', 'head']) });

/** One record of the 问责台账, opened by a 红牌 escalation. */
export const accountabilityRecordSchema = z.strictObject({
  id: z.uuid(),
  taskId: z.string(),
  taskName: z.string(),
  processInstanceId: z.string(),
  caseId: z.uuid().nullable(),
  businessKey: z.string().nullable(),
  countyCode: z.string().nullable(),
  departmentCode: z.string().nullable(),
  handlerId: z.uuid().nullable(),
  responsible: z.array(responsiblePerson),
  dueAt: instant,
  /** Working days late when escalated, as a decimal string (e.g. "2.25"). */
  lateWorkingDays: z.string(),
  explanation: z.string().nullable(),
  decision: z.enum(ACCOUNTABILITY_DECISIONS).nullable(),
  decisionReason: z.string().nullable(),
  decidedBy: z.uuid().nullable(),
  decidedAt: instant.nullable(),
  openedAt: instant,
});
/** One change of a record (opened, explained, decided), append-only. */
export const accountabilityEventSchema = z.strictObject({
  /** A bigint as PostgreSQL's driver gives it: a string. */
  id: z.string(),
  recordId: z.uuid(),
  kind: z.string(),
  actorId: z.uuid().nullable(),
  actorName: z.string(),
  content: z.string(),
  at: instant,
});
/** GET /api/accountability. */
export const accountabilityPageSchema = pageOf(accountabilityRecordSchema);
/** GET /api/accountability/:id, and what an explanation or a decision answers. */
export const accountabilityDetailSchema = accountabilityRecordSchema.extend({ events: z.array(accountabilityEventSchema) });
