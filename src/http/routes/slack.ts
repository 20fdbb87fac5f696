import type { FastifyBaseLogger, FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { verifySlackRequest } from '../../integrations/request-signatures.js';
import { SLACK_ACTIONS, SLACK_SHORTCUT_CALLBACK, slackAnswer, slackNote, type FeedbackValue, type SlackMessage } from '../../present/slack-blocks.js';
import { matchChatPaste } from '../chat-match.js';
import { httpError, toHttpError } from '../errors.js';
import { recordFeedback } from '../record-feedback.js';
import { errorResponses } from '../schemas.js';

export interface SlackOptions {
  /** The app's signing secret (KB_SLACK_SIGNING_SECRET). */
  signingSecret: string;
  /** Where response_url posts may go: Slack's own hooks host unless a test says otherwise. */
  responseUrlPrefixes?: readonly string[];
  /** The clock, in Unix seconds (tests of the five-minute window move it). */
  nowSeconds?: () => number;
}

const FORM = 'application/x-www-form-urlencoded';
const SLACK_HOOKS = ['https://hooks.slack.com/'];

const formBody = (description: string) => ({
  content: { [FORM]: { schema: { type: 'string', description } } },
});

const slackMessageSchema = {
  type: 'object',
  description: 'A Slack message (Block Kit), see docs/integrations/slack.md.',
  required: ['response_type', 'text', 'blocks'],
  properties: {
    response_type: { type: 'string', enum: ['ephemeral', 'in_channel'] },
    text: { type: 'string' },
    blocks: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
} as const;

const COMMAND_SCHEMA = {
  operationId: 'slackCommand',
  security: [{ slackSignature: [] }],
  tags: ['integrations'],
  summary: 'Slack slash command `/fix <error text>` (signed by Slack)',
  description: 'Answers the best article in Block Kit, visible to the caller only. Needs KB_SLACK_SIGNING_SECRET; see docs/integrations/slack.md.',
  body: formBody('The slash command form Slack sends (`command`, `text`, `user_id` …).'),
  response: { 200: slackMessageSchema, ...errorResponses(400, 401, 413, 415) },
};

const INTERACTIVE_SCHEMA = {
  operationId: 'slackInteractive',
  security: [{ slackSignature: [] }],
  tags: ['integrations'],
  summary: 'Slack interactivity: the "Find the fix" message shortcut and the "did this fix it?" buttons (signed by Slack)',
  description: 'Acknowledges at once (empty 200); the answer or the thanks goes to the `response_url` of the payload.',
  body: formBody('`payload=<JSON>`, as Slack sends interactions.'),
  response: { 200: { type: 'string', maxLength: 0, description: 'Acknowledged: an empty body.' }, ...errorResponses(400, 401, 413, 415) },
};

/**
 * Slack: the `/fix <error text>` slash command, and the interactivity endpoint that receives the
 * "Find the fix" message shortcut and the "did this fix it?" buttons. Every request is checked
 * against Slack's signature over the raw body before anything is read from it.
 */
function slackRoutes(options: SlackOptions): FastifyPluginAsync {
  const nowSeconds = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const prefixes = options.responseUrlPrefixes ?? SLACK_HOOKS;
  return async (app) => {
    // Slack signs the body as sent: it is kept as text and parsed only once the signature holds.
    app.addContentTypeParser(FORM, { parseAs: 'string' }, (_request, body, done) => done(null, body));
    const verified = (request: FastifyRequest<{ Body: string }>): URLSearchParams => {
      const check = verifySlackRequest({
        signingSecret: options.signingSecret,
        timestamp: request.headers['x-slack-request-timestamp'],
        signature: request.headers['x-slack-signature'],
        rawBody: request.body,
        nowSeconds: nowSeconds(),
      });
      if (!check.ok) throw httpError('KB_HTTP_SIGNATURE_INVALID', `Slack request refused: ${check.reason}`);
      return new URLSearchParams(request.body);
    };

    app.post<{ Body: string }>(
      '/integrations/slack/command',
      {
        config: { ownAuth: true },
        schema: COMMAND_SCHEMA,
      },
      async (request) => {
        const form = verified(request);
        const text = form.get('text') ?? '';
        if (!text.trim()) return slackNote(`Paste the error after the command: ${form.get('command') || '/fix'} <error text>`);
        const result = await matchChatPaste(app, text, request.log, 'slack');
        return 'refused' in result ? slackNote(`That paste cannot be matched: ${result.refused}`) : slackAnswer(result, app.publicUrl);
      },
    );

    app.post<{ Body: string }>(
      '/integrations/slack/interactive',
      {
        config: { ownAuth: true },
        schema: INTERACTIVE_SCHEMA,
      },
      async (request, reply) => {
        const payload = parsePayload(verified(request).get('payload'));
        const respond = (message: SlackMessage) => postToResponseUrl(payload.response_url, message, prefixes, request.log);
        if (payload.type === 'message_action' && payload.callback_id === SLACK_SHORTCUT_CALLBACK) {
          const text = typeof payload.message?.text === 'string' ? payload.message.text : '';
          // Acknowledged first; the answer follows on response_url, so a slow store never costs Slack's 3 s.
          void reply.code(200).send();
          if (!text.trim()) return respond(slackNote('That message has no text to look up.'));
          const result = await matchChatPaste(app, text, request.log, 'slack-shortcut').catch((error: unknown) => ({ refused: toHttpError(error, { bodyLimit: 0, requestId: String(request.id) }).message }));
          return respond('refused' in result ? slackNote(`That message cannot be matched: ${result.refused}`) : slackAnswer(result, app.publicUrl));
        }
        const action = payload.type === 'block_actions' ? payload.actions?.[0] : undefined;
        if (action?.action_id === SLACK_ACTIONS.fixed || action?.action_id === SLACK_ACTIONS.notFixed) {
          const helpful = action.action_id === SLACK_ACTIONS.fixed;
          const value = parseFeedbackValue(action.value);
          const recorded = await recordFeedback(app, { ...value, helpful });
          request.log.info({ source: 'slack', rule: value.rule, helpful, recorded }, 'feedback received');
          void reply.code(200).send();
          return respond(slackNote(helpful ? 'Thanks: glad it is fixed. Your answer was recorded.' : 'Thanks: your answer was recorded, so the article can be improved.'));
        }
        // Anything else (the link button, a shortcut of another app) only needs the acknowledgement.
        return reply.code(200).send();
      },
    );
  };
}

interface SlackPayload {
  type?: string;
  callback_id?: string;
  response_url?: string;
  message?: { text?: unknown };
  actions?: { action_id?: string; value?: string }[];
}

function parsePayload(raw: string | null): SlackPayload {
  let payload: unknown;
  try {
    payload = JSON.parse(raw ?? '');
  } catch {
    throw httpError('KB_HTTP_INVALID_REQUEST', 'the form field `payload` is not JSON');
  }
  if (typeof payload !== 'object' || payload === null) throw httpError('KB_HTTP_INVALID_REQUEST', 'the form field `payload` is not a JSON object');
  return payload as SlackPayload;
}

function parseFeedbackValue(raw: string | undefined): FeedbackValue {
  try {
    const value = JSON.parse(raw ?? '') as Partial<FeedbackValue>;
    if (typeof value.rule === 'string' && typeof value.article === 'string') return { rule: value.rule, article: value.article };
  } catch {
    // Falls through to the refusal below.
  }
  throw httpError('KB_HTTP_INVALID_REQUEST', 'the button value is not the {rule, article} this app puts there');
}

/** Posts to a response_url, only one on Slack's own host: a signed payload still must not make the server call elsewhere. */
async function postToResponseUrl(url: string | undefined, message: SlackMessage, prefixes: readonly string[], log: FastifyBaseLogger): Promise<void> {
  if (!url || !prefixes.some((p) => url.startsWith(p))) {
    log.warn({ source: 'slack' }, 'the payload has no response_url on Slack’s host: no answer sent');
    return;
  }
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(message), signal: AbortSignal.timeout(10_000) });
    if (!res.ok) log.warn({ source: 'slack', status: res.status }, 'Slack refused the answer posted to response_url');
  } catch (error) {
    log.warn({ source: 'slack', err: error }, 'posting the answer to response_url failed');
  }
}

/** Registers the Slack routes when a signing secret is configured; without one they do not exist (404). */
export function registerSlack(app: FastifyInstance, options: SlackOptions | undefined): void {
  if (options?.signingSecret) app.register(slackRoutes(options));
}
