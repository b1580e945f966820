/**
 * payroll.instruct — 生成代发文件并通知银行: finance has allocated the funds;
 * the bank files are now available and the 延压 clock starts (the boundary
 * timer of 等待银行回盘 reads payrollDelayAt).
 */
import { TOPIC } from '../../domain/engine/contract.js';
import { PayrollService } from '../../domain/services/payroll.service.js';
import { toIsoWithOffset } from '../../domain/time/deadline.js';
import type { TopicDefinition } from '../topic.js';

export const payrollInstructTopic: TopicDefinition = {
  topic: TOPIC.payrollInstruct,
  variables: ['payrollRunId'],
  async handle({ variables }, { ds, cfg, deadlines }) {
    const now = new Date();
    await new PayrollService(ds).instructed(String(variables.payrollRunId ?? ''), now);
    return { payrollDelayAt: toIsoWithOffset(await deadlines.afterWorkdays(cfg.payrollDelayWorkdays, now)) };
  },
};
