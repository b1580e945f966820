/** Request contracts (zod) of process administration: DMN decision edits, version migrations, incident retries, the monitor's heat query. */
import { z } from 'zod';

const value = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);

export const decisionTestCaseSchema = z.strictObject({
  name: z.string({ error: '测试用例名称必须是文本' }).trim().min(1, { error: '请填写测试用例名称' }).max(200, { error: '测试用例名称过长' }),
  inputs: z.record(z.string().regex(/^[A-Za-z_]\w{0,63}$/, { error: '输入变量名格式不正确' }), value, { error: '测试用例的输入必须是变量表' }),
  expected: z.array(z.record(z.string().max(64), value), { error: '测试用例的预期结果必须是列表' }).max(50, { error: '预期结果过多' }),
});

export const decisionProposalSchema = z.strictObject({
  xml: z.string({ error: '请提供决策表' }).min(1, { error: '请提供决策表' }).max(200_000, { error: '决策表过大' }),
  note: z.string({ error: '请填写修订说明' }).trim().min(2, { error: '请填写修订说明（政策依据、改了什么）' }).max(1000, { error: '修订说明过长' }),
  testCases: z.array(decisionTestCaseSchema, { error: '测试用例必须是列表' }).max(200, { error: '测试用例过多' }).optional(),
});

export const decisionVerdictSchema = z.strictObject({
  note: z.string({ error: '审批意见必须是文本' }).trim().max(1000, { error: '审批意见过长' }).optional(),
});

const definitionId = z.string({ error: '版本编号必须是文本' }).regex(/^[\w.:-]{1,64}$/, { error: '版本编号格式不正确' });

const activityId = z.string({ error: '步骤编号必须是文本' }).regex(/^[A-Za-z_][\w.-]{0,254}$/, { error: '步骤编号格式不正确' });

/** The two versions of a plan, and the admin's own mappings for steps the engine does not map (a renamed step). */
export const migrationPlanSchema = z.strictObject({
  sourceDefinitionId: definitionId,
  targetDefinitionId: definitionId,
  mappings: z
    .array(z.strictObject({ source: activityId, target: activityId }), { error: '对应步骤须为列表' })
    .max(50, { error: '对应步骤最多 50 条' })
    .optional(),
});

/** A migration: the plan, and the instances to move (all of the county's on the source version when omitted). */
export const migrationRequestSchema = migrationPlanSchema.extend({
  instanceIds: z
    .array(z.string({ error: '实例编号必须是文本' }).regex(/^[\w-]{1,64}$/, { error: '实例编号格式不正确' }), { error: '实例须为列表' })
    .min(1, { error: '请至少选择一个实例' })
    .max(5000, { error: '一次最多迁移 5000 个实例' })
    .optional(),
});

export const incidentRetrySchema = z.strictObject({
  ids: z
    .array(z.string({ error: '故障编号必须是文本' }).regex(/^[\w-]{1,64}$/, { error: '故障编号格式不正确' }), { error: '请选择要重试的故障' })
    .min(1, { error: '请至少选择一条故障' })
    .max(200, { error: '一次最多重试 200 条故障' }),
});

/** The period of the heat view (default: the last 30 days). */
export const heatQuerySchema = z.strictObject({
  from: z.coerce.date({ error: '开始时间格式不正确' }).optional(),
  to: z.coerce.date({ error: '结束时间格式不正确' }).optional(),
});
