/**
 * review.verify — 复核: asks every configured verification source about the
 * recipient's household again; the per-capita income found goes to the
 * village re-visit and civil affairs' decision (kept in the app database).
 */
import type { Config } from '../../domain/config.js';
import { TOPIC } from '../../domain/engine/contract.js';
import type { ReviewService } from '../../domain/services/review.service.js';
import type { TopicDefinition } from '../topic.js';

/** Built with the review service and the configured verification sources. */
export const reviewVerifyTopic = ({ reviews, cfg }: { reviews: Pick<ReviewService, 'verify'>; cfg: Pick<Config, 'verificationSources'> }): TopicDefinition => ({
  topic: TOPIC.reviewVerify,
  variables: ['reviewId'],
  async handle({ variables }) {
    const r = await reviews.verify(String(variables.reviewId ?? ''), cfg.verificationSources);
    return { verificationFlagCount: r.flags };
  },
});
