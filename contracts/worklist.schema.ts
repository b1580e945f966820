/**
 * Query contracts of the staff lists 已办 (tasks I completed) and 我发起的
 * (cases I registered, matters I raised), shared by the server and the web app.
 */
import { z } from 'zod';
import { isDateString } from './beijing.js';
import { listQuerySchema } from './case.schema.js';
import { DONE_PROCESS_KEYS } from './processes.js';
import { ASSISTANCE_TYPES } from './assistance.js';

const day = (what: string) => z.string({ error: `${what}应为 YYYY-MM-DD 格式的日期` }).refine(isDateString, { error: `${what}应为真实存在的 YYYY-MM-DD 格式日期` });
/** The filter bar every case list shares (web/src/components/CaseFilters.vue): 待办, 已办, 申请查询, 我发起的. */
function caseFilterFields() {
  return {
    caseNo: z
      .string({ error: '受理编号格式不正确' })
      .trim()
      .toUpperCase()
      .max(20, { error: '受理编号不能超过 20 个字符' })
      .regex(/^[A-Z0-9-]*$/, { error: '受理编号只含字母、数字和“-”' })
      .optional(),
    head: z
      .string({ error: '户主姓名格式不正确' })
      .trim()
      .max(20, { error: '户主姓名不能超过 20 个字' })
      .regex(/^[^\d%_\\]*$/u, { error: '户主姓名不能含数字或通配符' })
      .optional(),
    village: z
      .string({ error: '村（社区）编码不正确' })
      .regex(/^\d{6,15}$/, { error: '村（社区）编码不正确' })
      .optional(),
    kind: z.enum(ASSISTANCE_TYPES, { error: '救助类型不在可选范围内' }).optional(),
    step: z
      .string({ error: '当前环节不正确' })
      .regex(/^[A-Za-z][\w-]{0,63}$/, { error: '当前环节不正确' })
      .optional(),
    overdue: z.enum(['true'], { error: '逾期筛选只能是 true' }).optional(),
  };
}
const search = z.string({ error: '搜索内容格式不正确' }).trim().max(50, { error: '搜索内容不能超过 50 个字' }).optional();

/**
 * GET /api/worklist/done: the case filters of 待办 and 申请查询 (number, 户主, village, kind, the step
 * done, 逾期办结), search (case/matter number or step), process, on time or late, completion dates, whose.
 */
export const doneQuerySchema = listQuerySchema.extend({
  ...caseFilterFields(),
  q: search,
  processKey: z.enum(DONE_PROCESS_KEYS, { error: '流程不在可选范围内' }).optional(),
  timeliness: z.enum(['on_time', 'late', 'no_limit'], { error: '办理时效只能是按时、逾期或无时限' }).optional(),
  from: day('开始日期').optional(),
  to: day('结束日期').optional(),
  /** `mine` (default): tasks I completed; `department`: the tasks done by a department (heads: their own; coordinators, leaders: any). */
  scope: z.enum(['mine', 'department'], { error: '范围只能是本人或本部门' }).default('mine'),
  department: z
    .string({ error: '部门编码不正确' })
    .regex(/^[a-z][a-z_]{1,31}$/, { error: '部门编码不正确' })
    .optional(),
});
export type DoneQuery = z.infer<typeof doneQuerySchema>;

/**
 * GET /api/worklist/initiated: the case filters of 申请查询 (number, 户主, village, kind, status, dates
 * of registration), search (number, household head or title) and the category (case or matter).
 */
export const initiatedQuerySchema = listQuerySchema.extend({
  ...caseFilterFields(),
  q: search,
  category: z.enum(['case', 'conference'], { error: '类别只能是救助申请或联席会议议题' }).optional(),
  status: z.enum(['open', 'closed'], { error: '状态只能是办理中或已办结' }).optional(),
  from: day('开始日期').optional(),
  to: day('结束日期').optional(),
});
export type InitiatedQuery = z.infer<typeof initiatedQuerySchema>;

/**
 * GET /api/cases (申请查询): case number (part of it), 户主 name (part of it, within the
 * user's own scope — never an ID number), village, kind, current step, overdue, registration dates.
 */
export const caseListQuerySchema = listQuerySchema.extend({
  ...caseFilterFields(),
  status: z.enum(['open', 'closed'], { error: '状态只能是办理中或已办结' }).optional(),
  from: day('开始日期').optional(),
  to: day('结束日期').optional(),
});
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;

/** GET /api/tasks (待办): the same case filters, except status (every task is open); dates are the task's arrival. */
export const inboxQuerySchema = caseListQuerySchema.omit({ status: true });
export type InboxQuery = z.infer<typeof inboxQuerySchema>;
