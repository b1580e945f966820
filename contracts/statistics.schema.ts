/**
 * Query contract of 考核/通报 statistics (zod), shared by the server and the
 * web app: an optional date range in Beijing calendar dates and, for the
 * export, the file format.
 */
import { z } from 'zod';
import { isDateString } from './beijing.js';

/** Statistics are kept for this century only: the engine's date format and our Beijing arithmetic both stay safe. */
const statDate = (what: string) =>
  z
    .string({ error: `${what}应为 YYYY-MM-DD 格式的日期` })
    .refine(isDateString, { error: `${what}应为真实存在的 YYYY-MM-DD 格式日期` })
    .refine((s) => s >= '2000-01-01' && s <= '2099-12-31', { error: `${what}超出可统计的范围（2000–2099 年）` });

/** GET /api/statistics and /api/statistics/export. */
export const statisticsQuerySchema = z.strictObject({
  from: statDate('开始日期').optional(),
  to: statDate('结束日期').optional(),
  format: z.enum(['csv', 'xlsx'], { error: '导出格式只支持 csv 或 xlsx' }).optional(),
});

export type StatisticsQuery = z.infer<typeof statisticsQuerySchema>;

export const yearQuerySchema = z.strictObject({
  year: z.coerce.number({ error: '年份必须是数字' }).int({ error: '年份必须是整数' }).min(2000, { error: '年份不正确' }).max(2100, { error: '年份不正确' }),
});
