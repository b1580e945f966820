/** review.schedule — 定期核查每日检查: from the review day of the month on, starts the month's round once per county. */
import { TOPIC } from '../../domain/engine/contract.js';
import { ReviewService } from '../../domain/services/review.service.js';
import type { TopicDefinition } from '../topic.js';

export const reviewScheduleTopic: TopicDefinition = {
  topic: TOPIC.reviewSchedule,
  variables: [],
  async handle({ log }, { ds, cfg, engine }) {
    const started = await new ReviewService(ds, engine).startDueRounds(cfg.reviewDay);
    if (started.length) log.info({ started }, '已定时启动定期核查');
    return { reviewRoundsStarted: started.join(',') };
  },
};
