/**
 * payroll.instruct — 生成代发文件并通知银行: finance has allocated the funds;
 * the bank files are now available and the 延压 clock starts (the boundary
 * timer of 等待银行回盘 reads payrollDelayAt).
 */
import type { Config } from '../../domain/config.js';
import type { DeadlineService } from '../../domain/deadlines/deadline.service.js';
import { TOPIC } from '../../domain/engine/contract.js';
import type { PayrollService } from '../../domain/services/payroll.service.js';
import { toIsoWithOffset } from '../../domain/time/deadline.js';
import type { TopicDefinition } from '../topic.js';

/** Built with the payroll service, the working-day calendar and the configured 延压 period. */
export const payrollInstructTopic = ({ payroll, deadlines, cfg }: { payroll: Pick<PayrollService, 'instructed'>; deadlines: Pick<DeadlineService, 'afterWorkdays'>; cfg: Pick<Config, 'payrollDelayWorkdays'> }): TopicDefinition => ({
  topic: TOPIC.payrollInstruct,
  variables: ['payrollRunId'],
  async handle({ variables }) {
    const now = new Date();
    await payroll.instructed(String(variables.payrollRunId ?? ''), now);
    return { payrollDelayAt: toIsoWithOffset(await deadlines.afterWorkdays(cfg.payrollDelayWorkdays, now)) };
  },
});
