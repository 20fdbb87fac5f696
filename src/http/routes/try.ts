import type { FastifyPluginAsync } from 'fastify';
import { storedInboxSamples } from '../../check/change-preview.js';
import { describePaste } from '../describe-paste.js';
import { BODY_ERRORS, errorResponses, MatchResultSchema, productSchema } from '../schemas.js';

interface TryBody {
  rule: string;
  article?: string;
  text: string;
  context?: { product?: string };
  limit?: number;
}

/** The route's schema: body, answer and errors. */
const TRY_SCHEMA = {
  operationId: 'tryRule',
  tags: ['authoring'],
  summary: 'Try an unsaved rule on a paste',
  description:
    'Lints the rule against the served knowledge base, then ranks it with the served rules (in place of a saved rule with the same id), ' +
    'so you see whether it matches, which conditions held, and whether it would be the first answer. ' +
    'A rule with errors answers 200 with `ok: false` and its diagnostics; a bad paste answers 4xx as in /v1/match.',
  body: {
    content: {
      'application/json': {
        schema: {
          type: 'object',
          additionalProperties: false,
          required: ['rule', 'text'],
          properties: {
            rule: { type: 'string', description: 'The rule file, as YAML.' },
            article: { type: 'string', description: 'An article file (front matter and Markdown), unsaved and maybe new: the rule may point at it.' },
            text: { type: 'string', description: 'The error message to try it on.' },
            context: { type: 'object', additionalProperties: false, properties: { product: productSchema } },
            limit: { type: 'integer', minimum: 1, maximum: 50, description: 'How many ranked matches to return (default 5).' },
          },
        },
      },
    },
  },
  response: {
    200: {
      type: 'object',
      required: ['ok', 'diagnostics', 'rule', 'replaces', 'prefilterPassed', 'matched', 'rank', 'wins', 'match', 'conditions', 'didNotHold', 'matches', 'facts', 'candidates'],
      properties: {
        ok: { type: 'boolean', description: 'The rule has no errors and was tried.' },
        diagnostics: { type: 'array', items: { $ref: 'Diagnostic#' } },
        articleDiagnostics: { type: 'array', items: { $ref: 'Diagnostic#' }, description: "The given article's diagnostics (lines of the article)." },
        article: {
          type: 'object',
          nullable: true,
          required: ['id', 'title', 'new'],
          properties: { id: { type: 'string' }, title: { type: 'string' }, new: { type: 'boolean', description: 'No saved article has this id.' } },
        },
        preview: {
          type: 'object',
          nullable: true,
          description: 'What saving the rule would change. Stored inbox pastes are included only with the admin bearer token.',
          properties: {
            inbox: {
              type: 'object',
              properties: {
                included: { type: 'boolean' },
                checked: { type: 'integer' },
                answered: {
                  type: 'array',
                  items: { type: 'object', properties: { group: { type: 'string' }, count: { type: 'integer' }, sample: { type: 'string' }, was: { type: 'string', nullable: true } } },
                },
              },
            },
            takes_over: {
              type: 'object',
              properties: { checked: { type: 'integer' }, examples: { type: 'array', items: { type: 'object', properties: { rule: { type: 'string' }, example: { type: 'string' } } } } },
            },
            own_examples: {
              type: 'object',
              properties: {
                checked: { type: 'integer' },
                failing: {
                  type: 'array',
                  items: { type: 'object', properties: { kind: { type: 'string', enum: ['match', 'no_match'] }, example: { type: 'string' }, first: { type: 'string', nullable: true } } },
                },
              },
            },
          },
        },
        rule: {
          type: 'object',
          nullable: true,
          required: ['id', 'title'],
          properties: { id: { type: 'string' }, title: { type: 'string' }, article: { type: 'string' } },
        },
        replaces: { type: 'string', nullable: true, description: 'Id of the served rule it stands in for.' },
        prefilterPassed: { type: 'boolean', description: 'Its required phrases, codes or statuses are in the paste.' },
        matched: { type: 'boolean' },
        rank: { type: 'integer', nullable: true, description: '1-based position among all matching rules.' },
        wins: { type: 'boolean', description: 'It would be the first answer.' },
        match: { anyOf: [{ $ref: 'Match#' }, { type: 'null' }], description: 'Its own match, with the explanation.' },
        conditions: {
          type: 'array',
          description: 'Each test of the rule and whether it held (null: not evaluated).',
          items: {
            type: 'object',
            required: ['condition', 'fact', 'held', 'negated'],
            properties: { condition: { type: 'string' }, fact: { type: 'string' }, held: { type: 'boolean', nullable: true }, negated: { type: 'boolean' } },
          },
        },
        didNotHold: {
          type: 'array',
          items: { type: 'string' },
          description:
            'What kept the rule from matching, from json-rules-engine\'s per-condition results, as `kb test` reports it: each test that did not hold ' +
            '(`contains "inode"`), or `not …` for a test under `not` that did; every branch of a failed `any`. Empty when the rule matched or was not tried.',
        },
        matches: { type: 'array', items: { $ref: 'Match#' }, description: 'The top answers with the tried rule in the knowledge base.' },
        facts: MatchResultSchema.properties.facts,
        candidates: { type: 'integer' },
      },
    },
    ...errorResponses(...BODY_ERRORS, 422),
  },
};

/** POST /v1/try: the authoring playground — would this unsaved rule match this paste, and win? */
export const tryRoutes: FastifyPluginAsync = async (app) => {
  app.post<{ Body: TryBody }>(
    '/v1/try',
    {
      schema: TRY_SCHEMA,
    },
    async (request) => {
      const { rule, article, text, context, limit } = request.body;
      const inbox = app.isAdminRequest(request) ? await storedInboxSamples(app.store) : undefined;
      const { maxBytes, ...limits } = app.pasteLimits;
      const result = await app.tryRunner.run(app.kb.current(), { rule, article, inbox, text, context, limit, maxBytes, limits }, limits.timeoutMs);
      request.log.info({ paste: describePaste(text), ruleOk: result.ok, matched: result.matched, rank: result.rank }, 'rule tried');
      return result;
    },
  );
};
