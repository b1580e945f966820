/** Request contracts (zod) of the money side: months, standards, the monthly payroll, the register of recipients, bank files, public payment results. */
import { z } from 'zod';
import { textField } from './text.js';
import { CARE_LEVELS, STANDARD_KINDS } from './kinds.js';

export const MONTH_RE = /^(20\d{2})-(0[1-9]|1[0-2])$/;

export const monthSchema = z.string({ error: '月份格式应为 YYYY-MM' }).regex(MONTH_RE, { error: '月份格式应为 YYYY-MM' });

export const standardSchema = z.strictObject({
  countyCode: z.string({ error: '请选择县' }).regex(/^\d{6}$/, { error: '县级行政区划代码应为 6 位数字' }),
  kind: z.enum(STANDARD_KINDS, { error: '标准类别不正确' }),
  amountYuan: z
    .number({ error: '标准金额必须是数字' })
    .positive({ error: '标准金额必须大于 0' })
    .max(100_000, { error: '标准金额过大' })
    .refine((v) => Number.isInteger(Math.round(v * 100)) && Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, { error: '金额最多保留两位小数' }),
  effectiveMonth: monthSchema,
  approvalRef: z.string({ error: '请填写批准文号' }).trim().min(4, { error: '批准文号至少 4 个字' }).max(128, { error: '批准文号不能超过 128 个字' }),
  approvedBy: z.string({ error: '请填写批准机关' }).trim().min(2, { error: '批准机关至少 2 个字' }).max(64, { error: '批准机关不能超过 64 个字' }),
});

const opinion = textField('审核意见', 2, 2000, '审核意见必须填写');

export const payrollReviewSchema = z.strictObject({ approved: z.boolean({ error: '请选择是否通过' }), opinion });

export const failureResolutionSchema = z.strictObject({
  items: z
    .array(
      z.strictObject({
        lineId: z.string({ error: '明细编号不正确' }).uuid({ error: '明细编号不正确' }),
        resolution: z.enum(['reissue', 'other', 'returned'], { error: '处理方式只能是下月补发、其他方式发放或资金退回财政' }),
        note: z.string({ error: '请填写处理说明' }).trim().min(2, { error: '处理说明至少 2 个字' }).max(500, { error: '处理说明不能超过 500 个字' }),
        /** A corrected payment card number (更正卡号) for a re-issue. */
        newCardNo: z
          .string()
          .regex(/^\d{12,19}$/, { error: '卡号应为 12–19 位数字' })
          .optional(),
      }),
      { error: '请逐笔填写处理方式' },
    )
    .min(1, { error: '请逐笔填写处理方式' })
    .max(10_000),
});

export const startMonthSchema = z.strictObject({ month: z.string({ error: '请填写月份' }).regex(MONTH_RE, { error: '月份格式应为 YYYY-MM' }) });

const reason = textField('变动原因', 4, 500);

export const recipientChangeSchema = z.union(
  [
    z.strictObject({ status: z.enum(['active', 'suspended', 'terminated'], { error: '状态只能是在保、暂停或终止' }), reason }),
    z.strictObject({ amountYuan: z.number({ error: '金额必须是数字' }).positive({ error: '金额必须大于 0' }).max(100_000, { error: '金额过大' }), reason }),
    /** 特困: the care level (护理等级) assessed anew; the amount follows the standards in force. */
    z.strictObject({ careLevel: z.enum(CARE_LEVELS, { error: '护理等级只能是全护理、半护理或生活自理' }), reason }),
  ],
  { error: '请提交新的状态、新的月发放金额或新的护理等级，并填写原因' },
);

export const recipientQuerySchema = z.strictObject({
  status: z.enum(['active', 'suspended', 'terminated'], { error: '状态只能是在保、暂停或终止' }).optional(),
  township: z
    .string()
    .regex(/^\d{9}$/, { error: '乡镇代码应为 9 位数字' })
    .optional(),
  page: z.coerce.number({ error: '页码必须是数字' }).int().min(1, { error: '页码从 1 开始' }).max(100_000).default(1),
  pageSize: z.coerce.number({ error: '每页条数必须是数字' }).int().min(1).max(200, { error: '每页最多 200 条' }).default(20),
});

export const bankFileQuerySchema = z.strictObject({ format: z.enum(['csv', 'xlsx'], { error: '格式只能是 csv 或 xlsx' }).default('csv') });

export const standardsQuerySchema = z.strictObject({
  county: z
    .string()
    .regex(/^\d{6}$/, { error: '县级行政区划代码应为 6 位数字' })
    .optional(),
  month: monthSchema.optional(),
});

export const publicResultsQuerySchema = z.strictObject({
  page: z.coerce.number({ error: '页码必须是数字' }).int().min(1, { error: '页码从 1 开始' }).max(100_000).default(1),
  pageSize: z.coerce.number({ error: '每页条数必须是数字' }).int().min(1).max(200, { error: '每页最多 200 条' }).default(50),
});
