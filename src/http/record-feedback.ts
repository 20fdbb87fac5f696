import type { FastifyInstance } from 'fastify';
import { prepareFeedback } from '../learn/prepare-records.js';
import { httpError } from './errors.js';

export interface FeedbackInput {
  rule: string;
  article: string;
  helpful: boolean;
  comment?: string;
}

/**
 * Checks that the rule exists and answers with that article, then stores the feedback (comment
 * redacted). Answers whether it was stored: false when storing is off. Shared by the API and the
 * page's form, so both refuse the same things.
 */
export async function recordFeedback(app: FastifyInstance, input: FeedbackInput): Promise<boolean> {
  const rule = app.kb.current().rulesById.get(input.rule);
  if (!rule) throw httpError('KB_HTTP_RULE_NOT_FOUND', input.rule);
  // A rule without an article answers with its own inline steps, under its own id.
  const answers = rule.article?.id ?? rule.id;
  if (input.article !== answers) throw httpError('KB_HTTP_FEEDBACK_MISMATCH', input.rule, answers, input.article);
  if (!app.store) return false;
  await app.store.recordFeedback(prepareFeedback(input));
  return true;
}
