import type { FastifyPluginAsync } from 'fastify';
import { readKnowledgeBaseFiles } from '../../cli/import.js';
import { ImportError, importKnowledgeBase } from '../../import/import-knowledge-base.js';
import { httpError } from '../errors.js';
import { BODY_ERRORS, errorResponses } from '../schemas.js';

interface ImportBody {
  files: { name: string; content: string }[];
}

/** POST /v1/import (admin token): KB pages or exports in, the articles and drafted rules `kb import` would write out; nothing is written. */
export const importRoutes: FastifyPluginAsync = async (app) => {
  app.post<{ Body: ImportBody | string; Querystring: { name?: string } }>(
    '/v1/import',
    {
      config: { admin: true },
      schema: {
        operationId: 'importArticles',
        tags: ['authoring'],
        summary: 'Turn KB pages and exports into articles and drafted rules (admin token required; writes nothing)',
        description:
          'Send `{ "files": [{ "name", "content" }] }`, or one file as `text/plain` with `?name=`. Formats are detected by content: a saved KB page (HTML or text), ' +
          'Markdown, a Zendesk Help Center articles export (JSON), a Confluence page export, a CSV with one article per row. The answer holds each file `kb import` ' +
          'would write (path, text, create/update/kept) against the served knowledge base, what could not be mapped, and the look-alikes the drafts cannot tell apart.',
        querystring: { type: 'object', additionalProperties: false, properties: { name: { type: 'string', minLength: 1, maxLength: 300 } } },
        body: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                required: ['files'],
                properties: {
                  files: {
                    type: 'array',
                    minItems: 1,
                    maxItems: 500,
                    items: { type: 'object', additionalProperties: false, required: ['name', 'content'], properties: { name: { type: 'string', minLength: 1, maxLength: 300 }, content: { type: 'string', minLength: 1 } } },
                  },
                },
              },
            },
            'text/plain': { schema: { type: 'string' } },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['articles', 'files', 'notes', 'ambiguities'],
            properties: {
              articles: { type: 'array', items: { type: 'object', additionalProperties: true } },
              files: {
                type: 'array',
                items: { type: 'object', required: ['path', 'text', 'action', 'source'], properties: { path: { type: 'string' }, text: { type: 'string' }, action: { type: 'string', enum: ['create', 'update', 'unchanged', 'kept-edited', 'kept-not-imported'] }, source: { type: 'string' } } },
              },
              notes: { type: 'array', items: { type: 'object', properties: { file: { type: 'string' }, line: { type: 'integer' }, kind: { type: 'string' }, message: { type: 'string' } } } },
              ambiguities: { type: 'array', items: { type: 'object', additionalProperties: true } },
            },
          },
          ...errorResponses(...BODY_ERRORS, 401, 403),
        },
      },
    },
    async (request) => {
      const inputs = typeof request.body === 'string' ? [{ name: request.query.name ?? 'body', text: request.body }] : request.body.files.map((f) => ({ name: f.name, text: f.content }));
      if (inputs.every((input) => !input.text.trim())) throw httpError('KB_HTTP_EMPTY_BODY');
      const root = app.kb.current().root;
      let result;
      try {
        result = await importKnowledgeBase(inputs, { root, existing: await readKnowledgeBaseFiles(root) });
      } catch (error) {
        // The files on disk were edited into a broken state since the served knowledge base loaded.
        if (error instanceof ImportError) throw httpError('KB_HTTP_BAD_REQUEST', 'the knowledge base files on disk have errors; run kb lint');
        throw error;
      }
      if (!result.articles.length) throw httpError('KB_HTTP_BAD_REQUEST', `no article could be read from the input: ${result.notes.map((n) => `${n.file}: ${n.message}`).join('; ')}`);
      return { ...result, files: result.files.map(({ previous: _previous, ...file }) => file) };
    },
  );
};
