/** payroll.schedule — 每日检查发放日: from the configured day of the month on, starts the month's payroll once per county. */
import { TOPIC } from '../../domain/engine/contract.js';
import { PayrollService } from '../../domain/services/payroll.service.js';
import type { TopicDefinition } from '../topic.js';

export const payrollScheduleTopic: TopicDefinition = {
  topic: TOPIC.payrollSchedule,
  variables: [],
  async handle({ log }, { ds, cfg, engine }) {
    const started = await new PayrollService(ds, engine).startDueMonths(cfg.payrollDay);
    if (started.length) log.info({ started }, '已定时启动月度发放');
    return { payrollsStarted: started.join(',') };
  },
};
