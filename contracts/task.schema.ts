/** Request contracts (zod) of the task operations (转办、委派、退回、加签、撤回、抄送、催办) and of accountability (情况说明、处理决定). */
import { z } from 'zod';
import { ACCOUNTABILITY_DECISIONS } from './kinds.js';

const opinion = z.string({ error: '办理意见必须填写' }).trim().min(2, { error: '办理意见至少 2 个字' }).max(2000, { error: '办理意见不能超过 2000 个字' });

const username = z.string({ error: '请选择人员' }).trim().min(1, { error: '请选择人员' }).max(64, { error: '用户名过长' });

export const transferSchema = z
  .strictObject({ toUsername: username.optional(), toDepartment: z.string().trim().max(32).optional(), opinion })
  .refine((b) => (b.toUsername ? 1 : 0) + (b.toDepartment ? 1 : 0) === 1, { error: '请选择转办给同事或其他部门（二选一）', path: ['toUsername'] });

export const delegateSchema = z.strictObject({ toUsername: username, opinion });

export const resolveSchema = z.strictObject({ opinion });

export const returnSchema = z.strictObject({
  /** The step chosen among the task's RETURN_TARGETS (absent: the nearest one). */
  to: z.string({ error: '退回环节格式不正确' }).trim().max(64, { error: '退回环节格式不正确' }).optional(),
  opinion,
});

export const cosignSchema = z.strictObject({ toUsername: username, note: z.string({ error: '加签说明必须填写' }).trim().min(2, { error: '加签说明至少 2 个字' }).max(500, { error: '加签说明不能超过 500 个字' }) });

export const signSchema = z.strictObject({ agree: z.boolean({ error: '请选择是否同意' }), opinion });

export const recallSchema = z.strictObject({ reason: z.string({ error: '撤回原因必须填写' }).trim().min(2, { error: '撤回原因至少 2 个字' }).max(500, { error: '撤回原因不能超过 500 个字' }) });

export const copySchema = z.strictObject({
  toUsernames: z.array(username, { error: '请选择抄送人' }).min(1, { error: '至少选择一位抄送人' }).max(20, { error: '抄送人不能超过 20 位' }),
  note: z.string({ error: '抄送说明必须填写' }).trim().min(2, { error: '抄送说明至少 2 个字' }).max(500, { error: '抄送说明不能超过 500 个字' }),
});

export const urgeSchema = z.strictObject({
  message: z.string({ error: '催办内容必须填写' }).trim().min(2, { error: '催办内容至少 2 个字' }).max(500, { error: '催办内容不能超过 500 个字' }),
});

export const explanationSchema = z.strictObject({
  explanation: z.string({ error: '情况说明必须填写' }).trim().min(4, { error: '情况说明至少 4 个字' }).max(2000, { error: '情况说明不能超过 2000 个字' }),
});

export const accountabilityDecisionSchema = z.strictObject({
  decision: z.enum(ACCOUNTABILITY_DECISIONS, { error: '处理决定只能是：免责、约谈、通报批评、问责' }),
  reason: z.string({ error: '决定理由必须填写' }).trim().min(4, { error: '决定理由至少 4 个字' }).max(2000, { error: '决定理由不能超过 2000 个字' }),
});
