/** Request contracts (zod) of 冬春救助: starting a season, the start day, the village survey, township review and county approval. */
import { z } from 'zod';
import { textField } from './text.js';
import { RELIEF_NEEDS } from './kinds.js';

export const START_DAY_RE = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const SEASON_RE = /^(\d{4})-(\d{4})$/;

const seasonField = z
  .string({ error: '请填写季度，例如 2026-2027' })
  .regex(SEASON_RE, { error: '季度格式应为 2026-2027（当年冬季和次年春季）' })
  .refine((s) => Number(s.slice(5)) === Number(s.slice(0, 4)) + 1, { error: '季度应为相邻的两年，例如 2026-2027' });

export const campaignStartSchema = z.strictObject({ season: seasonField });

export const campaignStartDaySchema = z.strictObject({ day: z.string({ error: '请填写启动日' }).regex(START_DAY_RE, { error: '启动日格式应为 MM-DD，例如 11-01' }) });

const opinion = textField('意见', 2);

export const surveySchema = z.strictObject({
  items: z
    .array(
      z
        .strictObject({
          householdNo: z.string({ error: '请填写户编号' }).trim().min(1, { error: '请填写户编号' }).max(32, { error: '户编号不正确' }),
          need: z.enum(RELIEF_NEEDS, { error: '救助需求只能是口粮、衣被、取暖或住房修缮' }),
          form: z.enum(['money', 'in_kind'], { error: '救助方式只能是现金或实物' }),
          amountYuan: z.number({ error: '金额必须是数字' }).positive({ error: '金额必须大于 0' }).max(20_000, { error: '单项冬春救助金额不能超过 20000 元' }).multipleOf(0.01, { error: '金额最多两位小数' }).optional(),
          description: z.string({ error: '请说明困难情况和救助内容' }).trim().min(2, { error: '请说明困难情况和救助内容' }).max(500, { error: '说明不能超过 500 个字' }),
        })
        .refine((i) => (i.form === 'money') === (i.amountYuan !== undefined), { error: '现金救助须填写金额，实物救助不填金额', path: ['amountYuan'] }),
      { error: '请逐户列出需求' },
    )
    .max(2000, { error: '一次最多列 2000 项' }),
  opinion,
});

export const townshipReviewSchema = z.strictObject({ opinion });

export const countyApprovalSchema = z.strictObject({ approved: z.boolean({ error: '请选择是否批准' }), opinion });
