/** Request contracts (zod) of the periodic review (定期核查) and reports of changes (情况变化报告). */
import { z } from 'zod';
import { textField } from './text.js';
import { monthSchema } from './money.schema.js';
import { REPORT_REASONS, REVIEW_CLASSES, REVIEW_DECISIONS } from './kinds.js';

export const reviewRoundSchema = z.strictObject({ month: monthSchema });

export const reviewReportSchema = z.strictObject({
  recipientId: z.uuid({ error: '请选择在保对象' }),
  reason: z.enum(REPORT_REASONS, { error: '请选择变化情况：迁出、死亡、收入增加或其他' }),
  note: textField('情况说明', 4),
});

export const reviewVisitSchema = z.strictObject({
  findings: textField('入户复查情况', 4),
  suggestsChange: z.boolean({ error: '请选择是否建议变更保障' }),
});

export const reviewDecisionSchema = z
  .strictObject({
    decision: z.enum(REVIEW_DECISIONS, { error: '请选择核查结论：继续、调整、暂停或停止' }),
    reason: z.string({ error: '请填写决定理由' }).trim().min(4, { error: '决定理由至少 4 个字' }).max(2000, { error: '决定理由不能超过 2000 个字' }),
    effectiveMonth: monthSchema,
    perCapitaIncomeYuan: z.number({ error: '月人均收入必须是数字' }).min(0, { error: '月人均收入不能为负数' }).max(100_000, { error: '月人均收入过大' }).optional(),
    householdSize: z.number({ error: '保障人数必须是数字' }).int({ error: '保障人数必须是整数' }).min(1, { error: '保障人数至少 1 人' }).max(30, { error: '保障人数过多' }).optional(),
    reviewClass: z.enum(REVIEW_CLASSES, { error: '核查分类不正确' }).optional(),
  })
  .refine((v) => v.decision !== 'adjust' || v.perCapitaIncomeYuan !== undefined || v.householdSize !== undefined, {
    error: '调整保障金额须填写核定的月人均收入或保障人数',
    path: ['perCapitaIncomeYuan'],
  });

export const reviewQuerySchema = z.strictObject({
  status: z.enum(['running', 'decided'], { error: '状态只能是核查中或已决定' }).optional(),
  recipientId: z.uuid({ error: '在保对象编号不正确' }).optional(),
  page: z.coerce.number({ error: '页码必须是数字' }).int().min(1, { error: '页码从 1 开始' }).max(100_000).default(1),
  pageSize: z.coerce.number({ error: '每页条数必须是数字' }).int().min(1).max(200, { error: '每页最多 200 条' }).default(20),
});

export const frequencySchema = z.strictObject({
  months: z.number({ error: '间隔月数必须是数字' }).int({ error: '间隔月数必须是整数' }).min(1, { error: '至少每月核查一次' }).max(36, { error: '间隔不能超过 36 个月' }),
});
