/**
 * Query contracts of the staff lists 已办 (tasks I completed) and 我发起的
 * (cases I registered, matters I raised), shared by the server and the web app.
 */
import { z } from 'zod';
import { isDateString } from '../time/beijing.js';
import { listQuerySchema } from './case.schema.js';

const day = (what: string) => z.string({ error: `${what}应为 YYYY-MM-DD 格式的日期` }).refine(isDateString, { error: `${what}应为真实存在的 YYYY-MM-DD 格式日期` });
const search = z.string({ error: '搜索内容格式不正确' }).trim().max(50, { error: '搜索内容不能超过 50 个字' }).optional();

/** GET /api/tasks/done: search (case/matter number or step), process, on time or late, completion dates, whose. */
export const doneQuerySchema = listQuerySchema.extend({
  q: search,
  processKey: z.enum(['social-assistance-application', 'temporary-assistance', 'joint-conference'], { error: '流程不在可选范围内' }).optional(),
  timeliness: z.enum(['on_time', 'late', 'no_limit'], { error: '办理时效只能是按时、逾期或无时限' }).optional(),
  from: day('开始日期').optional(),
  to: day('结束日期').optional(),
  /** `mine` (default): tasks I completed; `department`: the tasks done by a department (heads: their own; coordinators, leaders: any). */
  scope: z.enum(['mine', 'department'], { error: '范围只能是本人或本部门' }).default('mine'),
  department: z.string({ error: '部门编码不正确' }).regex(/^[a-z][a-z_]{1,31}$/, { error: '部门编码不正确' }).optional(),
});
export type DoneQuery = z.infer<typeof doneQuerySchema>;

/** GET /api/my/initiated: search (number, household head or title), kind, open or closed. */
export const initiatedQuerySchema = listQuerySchema.extend({
  q: search,
  kind: z.enum(['case', 'conference'], { error: '类别只能是救助申请或联席会议议题' }).optional(),
  state: z.enum(['open', 'closed'], { error: '状态只能是办理中或已办结' }).optional(),
});
export type InitiatedQuery = z.infer<typeof initiatedQuerySchema>;
