/** payroll.schedule — 每日检查发放日: from the configured day of the month on, starts the month's payroll once per county. */
import type { Config } from '../../domain/config.js';
import { TOPIC } from '../../domain/engine/contract.js';
import type { PayrollService } from '../../domain/services/payroll.service.js';
import type { TopicDefinition } from '../topic.js';

/** Built with the payroll service that starts the due months (it needs the engine) and the configured payroll day. */
export const payrollScheduleTopic = ({ payroll, cfg }: { payroll: Pick<PayrollService, 'startDueMonths'>; cfg: Pick<Config, 'payrollDay'> }): TopicDefinition => ({
  topic: TOPIC.payrollSchedule,
  variables: [],
  async handle({ log }) {
    const started = await payroll.startDueMonths(cfg.payrollDay);
    if (started.length) log.info({ started }, '已定时启动月度发放');
    return { payrollsStarted: started.join(',') };
  },
});
