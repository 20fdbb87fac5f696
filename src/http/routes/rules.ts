import type { FastifyPluginAsync } from 'fastify';
import type { CompiledRule } from '../../compile/types.js';
import { httpError } from '../errors.js';
import { errorResponses } from '../schemas.js';

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 200 } } } as const;

function summarizeRule(rule: CompiledRule) {
  return { id: rule.id, title: rule.title, article: rule.article?.id, priority: rule.priority, products: rule.products, file: rule.file };
}

/** GET /v1/rules and GET /v1/rules/:id: the rules of the served knowledge base, with their YAML. */
export const ruleRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/v1/rules',
    {
      schema: {
        operationId: 'listRules',
        tags: ['rules'],
        summary: 'List rules',
        description: 'Sorted by id.',
        response: {
          200: {
            type: 'object',
            required: ['total', 'rules'],
            properties: { total: { type: 'integer' }, rules: { type: 'array', items: { $ref: 'RuleSummary#' } } },
          },
        },
      },
    },
    async () => {
      const rules = [...app.kb.current().rules].sort((a, b) => a.id.localeCompare(b.id)).map(summarizeRule);
      return { total: rules.length, rules };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/rules/:id',
    {
      schema: {
        operationId: 'getRule',
        tags: ['rules'],
        summary: 'One rule, with its file path and YAML source',
        params: idParams,
        response: { 200: { $ref: 'Rule#' }, ...errorResponses(404) },
      },
    },
    async (request) => {
      const rule = app.kb.current().rulesById.get(request.params.id);
      if (!rule) throw httpError('KB_HTTP_RULE_NOT_FOUND', request.params.id);
      return { ...summarizeRule(rule), source: rule.source, examples: rule.examples };
    },
  );
};
