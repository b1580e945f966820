/** Request contracts (zod) of 物价联动: price figures, the linkage settings, 民政核算 and 财政审核 of a subsidy, the rosters of other groups. */
import { z } from 'zod';
import { isValidIdNumber } from './idcard.js';
import { RECIPIENT_KINDS } from './kinds.js';
import { monthSchema } from './money.schema.js';

/** Percent with at most two decimals, in basis points (1 % = 100). */
const percent = (what: string, min: number, max: number) =>
  z
    .number({ error: `${what}必须是数字（百分比）` })
    .min(min, { error: `${what}不能低于 ${min}%，请核对（同比涨跌幅超出合理范围）` })
    .max(max, { error: `${what}不能高于 ${max}%，请核对（同比涨跌幅超出合理范围）` })
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, { error: `${what}最多保留两位小数` });

export const priceFigureSchema = z.strictObject({
  month: monthSchema,
  cpiYoy: percent('居民消费价格指数同比涨幅', -20, 30),
  foodYoy: percent('食品价格同比涨幅', -30, 50),
  source: z.string({ error: '请填写数据来源' }).trim().min(4, { error: '数据来源至少 4 个字（如：市统计局 2026年5月 居民消费价格指数）' }).max(200, { error: '数据来源不能超过 200 个字' }),
  /** Present only for a correction of a month already entered (更正). */
  correctionReason: z.string({ error: '更正原因必须是文字' }).trim().min(4, { error: '更正原因至少 4 个字' }).max(500, { error: '更正原因不能超过 500 个字' }).optional(),
});

export const priceSettingsSchema = z.strictObject({
  cpiThreshold: percent('CPI 启动条件', 0.5, 20),
  foodThreshold: percent('食品价格启动条件', 0.5, 30),
  amountYuanPerPerson: z
    .number({ error: '补贴标准必须是数字' })
    .positive({ error: '补贴标准必须大于 0' })
    .max(1000, { error: '每人每月补贴标准不能超过 1000 元' })
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, { error: '金额最多保留两位小数' }),
  kinds: z
    .array(z.enum(RECIPIENT_KINDS, { error: '补贴对象类别不正确' }), { error: '请选择补贴对象' })
    .min(1, { error: '至少选择一类补贴对象' })
    .max(RECIPIENT_KINDS.length),
  /** 其他保障群体 the county includes besides the register (omitted: unchanged). */
  groups: z
    .array(
      z.strictObject({
        code: z
          .string({ error: '群体代码必须是文字' })
          .regex(/^[a-z][a-z0-9_]{1,23}$/, { error: '群体代码应为 2–24 位小写字母、数字或下划线，以字母开头' })
          .refine((c) => !(RECIPIENT_KINDS as readonly string[]).includes(c), { error: '群体代码不能与在保对象类别相同' }),
        name: z.string({ error: '群体名称必须填写' }).trim().min(2, { error: '群体名称至少 2 个字' }).max(20, { error: '群体名称不能超过 20 个字' }),
      }),
      { error: '其他保障群体格式不正确' },
    )
    .max(8, { error: '其他保障群体最多 8 个' })
    .refine((gs) => new Set(gs.map((g) => g.code)).size === gs.length && new Set(gs.map((g) => g.name)).size === gs.length, { error: '其他保障群体的代码和名称不能重复' })
    .optional(),
});

export const subsidyComputeSchema = z.strictObject({
  amountYuanPerPerson: priceSettingsSchema.shape.amountYuanPerPerson,
  kinds: priceSettingsSchema.shape.kinds,
  /** Codes of the county's other groups included this month. */
  groups: z
    .array(z.string({ error: '群体代码必须是文字' }).max(24), { error: '其他保障群体格式不正确' })
    .max(8)
    .optional(),
  opinion: z.string({ error: '核算说明必须填写' }).trim().min(2, { error: '核算说明至少 2 个字' }).max(2000, { error: '核算说明不能超过 2000 个字' }),
});

export const subsidyApproveSchema = z.strictObject({
  approved: z.boolean({ error: '请选择是否同意' }),
  opinion: z.string({ error: '审核意见必须填写' }).trim().min(2, { error: '审核意见至少 2 个字' }).max(2000, { error: '审核意见不能超过 2000 个字' }),
  /** 资金来源 / 指标文号: required to approve (no subsidy without funds). */
  fundsRef: z.string({ error: '资金来源必须是文字' }).trim().max(128, { error: '资金来源不能超过 128 个字' }).optional(),
});

export const groupMemberSchema = z.strictObject({
  groupCode: z.string({ error: '请选择群体' }).max(24, { error: '群体代码不正确' }),
  name: z.string({ error: '请填写姓名' }).trim().min(2, { error: '姓名至少 2 个字' }).max(64, { error: '姓名不能超过 64 个字' }),
  idNumber: z.string({ error: '请填写身份证号' }).trim().toUpperCase().refine(isValidIdNumber, { error: '身份证号格式或校验位不正确' }),
  villageCode: z.string({ error: '请选择所在村（社区）' }).max(32, { error: '村（社区）代码不正确' }),
  persons: z.number({ error: '补贴人数必须是数字' }).int({ error: '补贴人数须为整数' }).min(1, { error: '补贴人数至少 1 人' }).max(20, { error: '补贴人数不能超过 20 人' }),
  fromMonth: monthSchema,
  /** Needed only when the person is not yet in any household of Doudi (a new household is registered). */
  bankCardNo: z
    .string({ error: '银行卡号必须是文字' })
    .trim()
    .regex(/^\d{12,19}$/, { error: '银行卡号应为 12–19 位数字' })
    .optional(),
  address: z.string({ error: '住址必须是文字' }).trim().min(4, { error: '住址至少 4 个字' }).max(200, { error: '住址不能超过 200 个字' }).optional(),
  note: z.string({ error: '备注必须是文字' }).trim().max(500, { error: '备注不能超过 500 个字' }).optional(),
});

export const groupMemberEndSchema = z.strictObject({
  toMonth: monthSchema,
  reason: z.string({ error: '请填写退出原因' }).trim().min(2, { error: '退出原因至少 2 个字' }).max(500, { error: '退出原因不能超过 500 个字' }),
});
