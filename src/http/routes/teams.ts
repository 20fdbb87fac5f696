import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { verifyTeamsRequest } from '../../integrations/request-signatures.js';
import { teamsAnswer, teamsNote } from '../../present/teams-card.js';
import { matchChatPaste } from '../chat-match.js';
import { httpError } from '../errors.js';
import { errorResponses } from '../schemas.js';

export interface TeamsOptions {
  /** The outgoing webhook's security token, base64 as Teams shows it (KB_TEAMS_SECURITY_TOKEN). */
  securityToken: string;
}

/** The message text without the `<at>Name</at>` mention that invoked the webhook, and with Teams' HTML entities decoded. */
function pasteOfTeamsText(text: string): string {
  const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': ' ' };
  return text
    .replace(/<at>[^<]*<\/at>/gi, '')
    .replace(/&(?:amp|lt|gt|quot|#39|nbsp);/g, (e) => entities[e]!)
    .trim();
}

/**
 * Microsoft Teams outgoing webhook: `@kb <error text>` in a channel posts here; the answer is an
 * Adaptive Card in the reply. The request is checked against its HMAC (the security token over
 * the raw body) before it is read.
 */
function teamsRoutes(options: TeamsOptions): FastifyPluginAsync {
  return async (app) => {
    // The signature covers the body as sent, so it is kept as text until verified.
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    app.post<{ Body: string }>(
      '/integrations/teams',
      {
        config: { ownAuth: true },
        schema: {
          operationId: 'teamsOutgoingWebhook',
          security: [{ teamsHmac: [] }],
          tags: ['integrations'],
          summary: 'Microsoft Teams outgoing webhook: `@kb <error text>` (HMAC-signed by Teams)',
          description: 'Answers an Adaptive Card with the best article. Needs KB_TEAMS_SECURITY_TOKEN; see docs/integrations/teams.md.',
          body: { content: { 'application/json': { schema: { type: 'string', description: 'The message activity Teams sends (`text` holds the mention and the paste).' } } } },
          response: {
            200: {
              type: 'object',
              required: ['type', 'attachments'],
              properties: { type: { type: 'string', enum: ['message'] }, attachments: { type: 'array', items: { type: 'object', additionalProperties: true } } },
            },
            ...errorResponses(400, 401, 413, 415),
          },
        },
      },
      async (request: FastifyRequest<{ Body: string }>) => {
        const check = verifyTeamsRequest({ securityToken: options.securityToken, authorization: request.headers.authorization, rawBody: request.body });
        if (!check.ok) throw httpError('KB_HTTP_SIGNATURE_INVALID', `Teams request refused: ${check.reason}`);
        let activity: { text?: unknown };
        try {
          activity = JSON.parse(request.body) as { text?: unknown };
        } catch {
          throw httpError('KB_HTTP_MALFORMED_JSON');
        }
        const text = pasteOfTeamsText(typeof activity?.text === 'string' ? activity.text : '');
        if (!text) return teamsNote('Mention me with the error message: @kb <error text>');
        const result = await matchChatPaste(app, text, request.log, 'teams');
        return 'refused' in result ? teamsNote(`That message cannot be matched: ${result.refused}`) : teamsAnswer(result, app.publicUrl);
      },
    );
  };
}

/** Registers the Teams route when a security token is configured; without one it does not exist (404). */
export function registerTeams(app: FastifyInstance, options: TeamsOptions | undefined): void {
  if (options?.securityToken) app.register(teamsRoutes(options));
}
