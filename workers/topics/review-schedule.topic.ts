/** review.schedule — 定期核查每日检查: from the review day of the month on, starts the month's round once per county. */
import type { Config } from '../../domain/config.js';
import { TOPIC } from '../../domain/engine/contract.js';
import type { ReviewService } from '../../domain/services/review.service.js';
import type { TopicDefinition } from '../topic.js';

/** Built with the review service that starts the due rounds (it needs the engine) and the configured review day. */
export const reviewScheduleTopic = ({ reviews, cfg }: { reviews: Pick<ReviewService, 'startDueRounds'>; cfg: Pick<Config, 'reviewDay'> }): TopicDefinition => ({
  topic: TOPIC.reviewSchedule,
  variables: [],
  async handle({ log }) {
    const started = await reviews.startDueRounds(cfg.reviewDay);
    if (started.length) log.info({ started }, '已定时启动定期核查');
    return { reviewRoundsStarted: started.join(',') };
  },
});
