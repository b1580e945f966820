/**
 * Response contracts (zod) of the main lists: 待办 (GET /api/tasks), 申请查询
 * (GET /api/cases) and 已办 (GET /api/worklist/done). The row types the server
 * builds and the web reads are inferred from these schemas, so they are
 * declared once; the API tests parse real answers with them (strict objects:
 * a field the contract does not declare fails too).
 */
import { z } from 'zod';
import { engineInstant, instant } from './answers/common.js';
import { LEDGER_KIND_NAMES, LEDGER_STATUS_NAMES } from './views.js';

const step = z.strictObject({ key: z.string(), name: z.string() });

/** One row of 待办. */
export const inboxItemSchema = z.strictObject({
  taskId: z.string(),
  name: z.string(),
  taskKey: z.string().nullable(),
  created: engineInstant,
  due: engineInstant.nullable(),
  overdue: z.boolean(),
  assignee: z.string().nullable(),
  claimedByMe: z.boolean(),
  case: z.strictObject({ id: z.uuid(), caseNo: z.string(), assistanceTypes: z.array(z.string()), householdHead: z.string(), status: z.string() }).nullable(),
  /** The joint-conference matter (联席会议议题) of the task, for tasks of that process. */
  conference: z.strictObject({ id: z.uuid(), matterNo: z.string(), title: z.string() }).nullable(),
  /** The monthly payroll (月度发放) of the task, for tasks of that process (done on the payroll's page). */
  payroll: z.strictObject({ id: z.uuid(), runNo: z.string(), month: z.string() }).nullable(),
  /** The 冬春救助 campaign of the task (done on the campaign page). */
  campaign: z.strictObject({ id: z.uuid(), campaignNo: z.string(), season: z.string() }).nullable(),
  /** The review (定期核查) of the task, for tasks of that process (done on the review's page). */
  review: z.strictObject({ id: z.uuid(), reviewNo: z.string() }).nullable().optional(),
});
export type InboxItem = z.infer<typeof inboxItemSchema>;
export const inboxPageSchema = z.strictObject({ total: z.number().int().min(0), items: z.array(inboxItemSchema) });

/** One row of 申请查询. */
export const caseListItemSchema = z.strictObject({
  id: z.uuid(),
  caseNo: z.string(),
  /** 户主 */
  headName: z.string(),
  village: z.string().nullable(),
  /** Names of the steps being handled now (none when closed or between steps). */
  currentSteps: z.array(z.string()),
  overdue: z.boolean(),
  status: z.string(),
  statusName: z.string(),
  outcome: z.string().nullable(),
  outcomeName: z.string().nullable(),
  assistanceTypeNames: z.array(z.string()),
  registeredAt: instant,
});
export type CaseListItem = z.infer<typeof caseListItemSchema>;
/** GET /api/cases, with the steps its 当前环节 filter offers. */
export const caseListPageSchema = z.strictObject({ total: z.number().int().min(0), steps: z.array(step), items: z.array(caseListItemSchema) });

/** One row of 已办. */
export const doneItemSchema = z.strictObject({
  taskId: z.string(),
  name: z.string(),
  taskKey: z.string().nullable(),
  processKey: z.string(),
  processName: z.string(),
  created: instant,
  completed: instant,
  durationMs: z.number().min(0),
  due: instant.nullable(),
  /** on_time: completed by its due date; late: after it; no_limit: the step had no due date. */
  timeliness: z.enum(['on_time', 'late', 'no_limit']),
  lateMs: z.number().min(0),
  case: z.strictObject({ id: z.uuid(), caseNo: z.string() }).nullable(),
  conference: z.strictObject({ id: z.uuid(), matterNo: z.string(), title: z.string() }).nullable(),
  /** 撤回 may be offered: a recallable step this user completed (POST /api/tasks/:id/recall checks the rest). */
  recallable: z.boolean(),
});
export type DoneItem = z.infer<typeof doneItemSchema>;
/** GET /api/worklist/done; truncated: more completions matched than one answer reads. */
export const donePageSchema = z.strictObject({ total: z.number().int().min(0), items: z.array(doneItemSchema), truncated: z.boolean(), steps: z.array(step) });

export const ledgerQuerySchema = z.strictObject({
  village: z
    .string()
    .regex(/^\d{12}$/, { error: '村（社区）代码应为 12 位数字' })
    .optional(),
  kind: z.enum(Object.keys(LEDGER_KIND_NAMES) as [keyof typeof LEDGER_KIND_NAMES], { error: '类别只能是城市低保、农村低保、特困供养或临时救助' }).optional(),
  status: z.enum(Object.keys(LEDGER_STATUS_NAMES) as [keyof typeof LEDGER_STATUS_NAMES], { error: '状态只能是在保、暂停、终止或已发放' }).optional(),
  page: z.coerce.number({ error: '页码必须是数字' }).int().min(1, { error: '页码从 1 开始' }).max(100_000).default(1),
  /** The print sheet reads a whole township at once. */
  pageSize: z.coerce.number({ error: '每页条数必须是数字' }).int().min(1).max(10_000, { error: '每页最多 10000 条' }).default(50),
});
