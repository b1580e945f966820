/** standard.schedule — 每日检查年度调整日: opens next year's standard review once per county from its adjustment day on. */
import { TOPIC } from '../../domain/engine/contract.js';
import type { StandardAdjustmentService } from '../../domain/services/standard-adjustment.service.js';
import type { TopicDefinition } from '../topic.js';

/** Built with the standard adjustment service that starts the due reviews (it needs the engine). */
export const standardScheduleTopic = ({ standardAdjustments }: { standardAdjustments: Pick<StandardAdjustmentService, 'startDue'> }): TopicDefinition => ({
  topic: TOPIC.standardSchedule,
  variables: [],
  async handle({ log }) {
    const started = await standardAdjustments.startDue();
    if (started.length) log.info({ started }, '已定时启动救助标准年度调整');
    return { adjustmentsStarted: started.join(',') };
  },
});
