/**
 * Request contracts of 联席会议 (zod), shared by the server and the web app.
 * Every message is Chinese; the field path becomes the error code
 * (items.0.deadline → ITEMS_DEADLINE_INVALID).
 */
import { z } from 'zod';
import { textField } from './text.js';
import { addCalendarDays, beijingDateOf, isDateString } from './beijing.js';
import { listQuerySchema } from './case.schema.js';
import { CONFERENCE_TASK } from './processes.js';

export { CONFERENCE_TASK, type ConferenceTaskKey } from './processes.js';

const departmentCode = z.string({ error: '部门必须选择' }).regex(/^[a-z][a-z_]{1,31}$/, { error: '部门编码不正确' });

const text = (what: string, min: number, max: number) => textField(what, min, max, `${what}必须填写`);

/** 议题提出: a title, the background, the departments concerned, optionally the related case. */
export const raiseConferenceSchema = z.strictObject({
  title: text('议题名称', 4, 100),
  background: text('议题背景', 10, 5000),
  departments: z
    .array(departmentCode, { error: '请选择参会部门' })
    .min(1, { error: '至少选择一个参会部门' })
    .max(20, { error: '参会部门不能超过 20 个' })
    .refine((a) => new Set(a).size === a.length, { error: '参会部门重复' }),
  relatedCaseId: z.uuid({ error: '关联申请编号格式不正确' }).optional(),
});
export type RaiseConferenceInput = z.infer<typeof raiseConferenceSchema>;

/** 召集人决定: convene or not, with the convenor's opinion (the reason when not convening). */
export const decisionSchema = z.strictObject({
  convene: z.boolean({ error: '请选择是否召集联席会议' }),
  opinion: text('召集人意见', 2, 2000),
});
export type DecisionInput = z.infer<typeof decisionSchema>;

/** 部门意见 */
export const departmentOpinionSchema = z.strictObject({
  opinion: text('部门意见', 2, 2000),
});
export type DepartmentOpinionInput = z.infer<typeof departmentOpinionSchema>;

/** A deadline: a real YYYY-MM-DD date, from today (Beijing) to two years ahead. */
const deadline = z
  .string({ error: '完成期限必须填写' })
  .refine(isDateString, { error: '完成期限应为 YYYY-MM-DD 格式的日期' })
  .refine((d) => d >= beijingDateOf(new Date()), { error: '完成期限不能早于今天' })
  .refine((d) => d <= addCalendarDays(beijingDateOf(new Date()), 731), { error: '完成期限不能超过两年' });

/** 议定事项: what is to be done, by which department, by when. */
export const agreedItemSchema = z.strictObject({
  content: text('议定事项内容', 4, 500),
  department: departmentCode,
  deadline,
});

/** 会议纪要: the minutes and one or more agreed items. */
export const minutesSchema = z.strictObject({
  minutes: text('会议纪要', 10, 10000),
  items: z.array(agreedItemSchema, { error: '请填写议定事项' }).min(1, { error: '至少填写一项议定事项' }).max(30, { error: '议定事项不能超过 30 项' }),
});
export type MinutesInput = z.infer<typeof minutesSchema>;

/** 议定事项落实: the department reports what was done. */
export const itemCompletionSchema = z.strictObject({
  note: text('落实情况', 2, 2000),
});
export type ItemCompletionInput = z.infer<typeof itemCompletionSchema>;

/** 督办: an instruction to the department responsible for an item. */
export const superviseSchema = z.strictObject({
  note: text('督办意见', 2, 1000),
});
export type SuperviseInput = z.infer<typeof superviseSchema>;

/** The form of each conference user task, by task key. */
export const CONFERENCE_TASK_FORMS = {
  [CONFERENCE_TASK.decision]: decisionSchema,
  [CONFERENCE_TASK.opinion]: departmentOpinionSchema,
  [CONFERENCE_TASK.minutes]: minutesSchema,
  [CONFERENCE_TASK.item]: itemCompletionSchema,
} as const;

/** What a completed conference task carries, tagged by its task key. */
export type ConferenceTaskInput =
  | { taskKey: typeof CONFERENCE_TASK.decision; input: DecisionInput }
  | { taskKey: typeof CONFERENCE_TASK.opinion; input: DepartmentOpinionInput }
  | { taskKey: typeof CONFERENCE_TASK.minutes; input: MinutesInput }
  | { taskKey: typeof CONFERENCE_TASK.item; input: ItemCompletionInput };

export const CONFERENCE_STATUSES = ['deciding', 'consulting', 'minuting', 'implementing', 'closed'] as const;

/** 议题列表: paging and an optional status filter. */
export const conferenceListQuerySchema = listQuerySchema.extend({
  status: z.enum(CONFERENCE_STATUSES, { error: '议题状态不在可选范围内' }).optional(),
});
