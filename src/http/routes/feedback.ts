import type { FastifyPluginAsync } from 'fastify';
import { MAX_COMMENT_CHARS } from '../../learn/prepare-records.js';
import { recordFeedback, type FeedbackInput } from '../record-feedback.js';
import { errorResponses } from '../schemas.js';

const id = { type: 'string', minLength: 1, maxLength: 200 } as const;

/** POST /v1/feedback: "did this fix it?" for one served answer. */
export const feedbackRoutes: FastifyPluginAsync = async (app) => {
  app.post<{ Body: FeedbackInput }>(
    '/v1/feedback',
    {
      schema: {
        operationId: 'sendFeedback',
        tags: ['feedback'],
        summary: 'Say whether an answer fixed the problem',
        description:
          'Send the `rule` and `article` of the match that was shown and whether it helped. The comment is optional; ' +
          'secrets in it are redacted before it is stored. Counts appear in `GET /v1/stats` and `kb stats`. ' +
          'Answers `recorded: false` when the server stores nothing (KB_STORE=off).',
        body: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                required: ['rule', 'article', 'helpful'],
                properties: {
                  rule: { ...id, description: 'Id of the rule that matched (`matches[].rule.id`).' },
                  article: { ...id, description: 'Id of the article shown (`matches[].article.id`).' },
                  helpful: { type: 'boolean', description: 'true: it fixed the problem; false: it did not.' },
                  comment: { type: 'string', maxLength: MAX_COMMENT_CHARS, description: 'What happened, in a few words.' },
                },
              },
            },
          },
        },
        response: {
          200: { type: 'object', required: ['recorded'], properties: { recorded: { type: 'boolean' } } },
          ...errorResponses(400, 404, 413, 415),
        },
      },
    },
    async (request) => ({ recorded: await recordFeedback(app, request.body) }),
  );
};
