/**
 * review.verify — 复核: asks every configured verification source about the
 * recipient's household again; the per-capita income found goes to the
 * village re-visit and civil affairs' decision (kept in the app database).
 */
import { TOPIC } from '../../domain/engine/contract.js';
import { ReviewService } from '../../domain/services/review.service.js';
import type { TopicDefinition } from '../topic.js';

export const reviewVerifyTopic: TopicDefinition = {
  topic: TOPIC.reviewVerify,
  variables: ['reviewId'],
  async handle({ variables }, { ds, cfg }) {
    const r = await new ReviewService(ds).verify(String(variables.reviewId ?? ''), cfg.verificationSources);
    return { verificationFlagCount: r.flags };
  },
};
