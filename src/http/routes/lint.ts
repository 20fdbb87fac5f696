import type { FastifyPluginAsync } from 'fastify';
import { lintSource, type SourceKind } from '../../check/lint-source.js';
import { formatDiagnostics } from '../../diagnostics/format.js';
import { BODY_ERRORS, errorResponses } from '../schemas.js';

interface LintBody {
  source: string;
  file?: string;
  kind?: SourceKind;
}

type LintQuery = Omit<LintBody, 'source'>;

const fileSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 300,
  description: 'Where the file would live (rules/okta/okta-x.yaml, articles/okta-x.md); checks the id against the file name and tells the kind.',
} as const;
const kindSchema = { type: 'string', enum: ['rule', 'article'], description: 'Guessed from `file`, then from the text (front matter means an article).' } as const;

/** POST /v1/lint: one rule or article file in, the diagnostics `kb lint` would give it out. */
export const lintRoutes: FastifyPluginAsync = async (app) => {
  app.post<{ Body: LintBody | string; Querystring: LintQuery }>(
    '/v1/lint',
    {
      schema: {
        operationId: 'lintRule',
        tags: ['authoring'],
        summary: 'Lint a rule or article file against the served knowledge base',
        description:
          'Send `{ "source": …, "file": …, "kind": … }`, or the file as it is with `content-type: text/plain` ' +
          '(`curl --data-binary @rules/okta/x.yaml`) and `file` / `kind` in the query string. ' +
          'Checks what `kb lint` checks for that file, including the articles a rule points at and ids already in use.',
        querystring: { type: 'object', additionalProperties: false, properties: { file: fileSchema, kind: kindSchema } },
        body: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                required: ['source'],
                properties: { source: { type: 'string', description: 'The text of the file.' }, file: fileSchema, kind: kindSchema },
              },
            },
            'text/plain': { schema: { type: 'string', description: 'The text of the file.' } },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['ok', 'kind', 'file', 'errors', 'warnings', 'diagnostics', 'report'],
            properties: {
              ok: { type: 'boolean', description: 'No errors (warnings allowed).' },
              kind: { type: 'string', enum: ['rule', 'article'] },
              file: { type: 'string' },
              errors: { type: 'integer' },
              warnings: { type: 'integer' },
              diagnostics: { type: 'array', items: { $ref: 'Diagnostic#' } },
              report: { type: 'string', description: 'The diagnostics as `kb lint` prints them, with code frames.' },
            },
          },
          ...errorResponses(...BODY_ERRORS),
        },
      },
    },
    async (request) => {
      const body = request.body;
      const input = typeof body === 'object' && body !== null ? body : { ...request.query, source: body ?? '' };
      const result = lintSource(app.kb.current(), input);
      const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
      return {
        ok: result.ok,
        kind: result.kind,
        file: result.file,
        errors,
        warnings: result.diagnostics.length - errors,
        diagnostics: result.diagnostics,
        report: formatDiagnostics(result.diagnostics, new Map([[result.file, input.source]])),
      };
    },
  );
};
