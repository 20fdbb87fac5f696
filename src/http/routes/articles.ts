import type { FastifyPluginAsync } from 'fastify';
import { httpError } from '../errors.js';
import { filterArticles } from '../../present/filter-articles.js';
import { errorResponses } from '../schemas.js';

interface ArticlesQuery {
  q?: string;
  tag?: string;
}

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 200 } } } as const;

/** GET /v1/articles and GET /v1/articles/:id: browse the articles of the served knowledge base. */
export const articleRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: ArticlesQuery }>(
    '/v1/articles',
    {
      schema: {
        operationId: 'listArticles',
        tags: ['articles'],
        summary: 'List articles',
        description: '`q` keeps articles whose id, title, summary, error messages or tags contain every word of it; `tag` keeps articles with that tag. Sorted by id.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            q: { type: 'string', maxLength: 500, description: 'Words to look for (case-insensitive).' },
            tag: { type: 'string', maxLength: 100, description: 'Exact tag (case-insensitive).' },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['total', 'articles'],
            properties: { total: { type: 'integer' }, articles: { type: 'array', items: { $ref: 'ArticleSummary#' } } },
          },
          ...errorResponses(400),
        },
      },
    },
    async (request) => {
      const articles = filterArticles(app.kb.current().articles, request.query)
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((a) => ({ id: a.id, title: a.title, summary: a.summary.trim(), tags: (a.tags ?? []).map(String) }));
      return { total: articles.length, articles };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/articles/:id',
    {
      schema: {
        operationId: 'getArticle',
        tags: ['articles'],
        summary: 'One article, with its Markdown body and the rules that answer with it',
        params: idParams,
        response: { 200: { $ref: 'Article#' }, ...errorResponses(404) },
      },
    },
    async (request) => {
      const kb = app.kb.current();
      const article = kb.articlesById.get(request.params.id);
      if (!article) throw httpError('KB_HTTP_ARTICLE_NOT_FOUND', request.params.id);
      return { ...article, tags: article.tags?.map(String), rules: kb.rules.filter((r) => r.article?.id === article.id).map((r) => r.id) };
    },
  );
};
