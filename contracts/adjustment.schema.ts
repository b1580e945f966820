/** Request contracts (zod) of the yearly adjustment of standards (救助标准年度调整). */
import { z } from 'zod';
import { STANDARD_KINDS } from './kinds.js';
import { monthSchema, standardSchema } from './money.schema.js';

export const adjustmentStartSchema = z.strictObject({ year: z.number({ error: '请填写调整年度' }).int({ error: '年度应为整数' }).min(2020, { error: '年度不正确' }).max(2100, { error: '年度不正确' }) });

export const adjustmentProposeSchema = z.strictObject({
  effectiveMonth: monthSchema,
  reasoning: z.string({ error: '请填写调整理由' }).trim().min(10, { error: '调整理由至少 10 个字（物价变动、当地居民收入等）' }).max(4000, { error: '调整理由不能超过 4000 个字' }),
  items: z
    .array(
      z.strictObject({
        kind: z.enum(STANDARD_KINDS, { error: '标准类别不正确' }),
        amountYuan: standardSchema.shape.amountYuan,
        /** Required when the new amount is lower than the one in force. */
        reason: z.string({ error: '说明必须是文字' }).trim().max(500, { error: '说明不能超过 500 个字' }).optional(),
      }),
      { error: '请逐类填写新标准' },
    )
    .min(1, { error: '至少调整一类标准' })
    .max(STANDARD_KINDS.length),
});

export const adjustmentReviewSchema = z.strictObject({
  approved: z.boolean({ error: '请选择是否同意' }),
  opinion: z.string({ error: '审核意见必须填写' }).trim().min(2, { error: '审核意见至少 2 个字' }).max(2000, { error: '审核意见不能超过 2000 个字' }),
});

export const adjustmentDaySchema = z.strictObject({ monthDay: z.string({ error: '请填写调整日' }).regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { error: '调整日格式应为 MM-DD，如 12-01' }) });
