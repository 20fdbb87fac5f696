import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveServeConfig } from '../../src/config.js';
import { teamsSignature, verifyTeamsRequest } from '../../src/integrations/request-signatures.js';
import type { MatchResult } from '../../src/match/types.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { appFor, BUNDLED_KB_DIR, SCIM_PASTE } from '../helpers/http-app.js';
import { ADAPTIVE_CARD_REFERENCE_EXAMPLE, ADAPTIVE_CARD_SCHEMA, TEAMS_MESSAGE_SCHEMA } from './adaptive-card.schema.js';

const TOKEN = randomBytes(32).toString('base64');
const PUBLIC_URL = 'https://kb.example.com';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const validMessage = ajv.compile(TEAMS_MESSAGE_SCHEMA);
const validCard = ajv.compile(ADAPTIVE_CARD_SCHEMA);
function expectTeamsCard(message: unknown): void {
  expect(validMessage(message), JSON.stringify(validMessage.errors)).toBe(true);
}

/** A channel message activity, as an outgoing webhook receives one (text holds the mention). */
function activity(text: string): string {
  return JSON.stringify({
    type: 'message',
    id: '1485983408511',
    timestamp: '2026-12-07T03:00:00.000Z',
    serviceUrl: 'https://smba.trafficmanager.net/amer/',
    channelId: 'msteams',
    from: { id: '29:1abc', name: 'Sam Support', aadObjectId: '7faf80cd-0000-0000-0000-000000000000' },
    conversation: { isGroup: true, id: '19:abc@thread.skype;messageid=1485983408511', name: null },
    recipient: null,
    textFormat: 'plain',
    text,
    entities: [{ type: 'mention', text: '<at>kb</at>', mentioned: { id: '28:bot', name: 'kb' } }],
    channelData: { teamsChannelId: '19:abc@thread.skype', teamsTeamId: '19:def@thread.skype', tenant: { id: '72f988bf-0000-0000-0000-000000000000' } },
  });
}

/** Signs as Microsoft documents: HMAC-SHA256 keyed with the base64-decoded token over the raw body, base64, after "HMAC ". */
function signed(body: string, token = TOKEN): Record<string, string> {
  const signature = createHmac('sha256', Buffer.from(token, 'base64')).update(Buffer.from(body, 'utf8')).digest('base64');
  return { 'content-type': 'application/json; charset=utf-8', authorization: `HMAC ${signature}` };
}

describe('Teams request signatures', () => {
  it('agree with an HMAC computed independently, and refuse any other body, token or header form', () => {
    const body = activity('<at>kb</at> hello');
    const header = signed(body).authorization!;
    expect(`HMAC ${teamsSignature(TOKEN, body)}`).toBe(header);
    expect(verifyTeamsRequest({ securityToken: TOKEN, authorization: header, rawBody: body })).toEqual({ ok: true });
    expect(verifyTeamsRequest({ securityToken: TOKEN, authorization: header, rawBody: `${body} ` }).ok).toBe(false);
    expect(verifyTeamsRequest({ securityToken: randomBytes(32).toString('base64'), authorization: header, rawBody: body }).ok).toBe(false);
    expect(verifyTeamsRequest({ securityToken: TOKEN, authorization: header.replace('HMAC', 'Bearer'), rawBody: body }).ok).toBe(false);
    expect(verifyTeamsRequest({ securityToken: TOKEN, authorization: undefined, rawBody: body }).ok).toBe(false);
  });

  it('takes the token only in the base64 form Teams shows', () => {
    expect(resolveServeConfig({}, { KB_TEAMS_SECURITY_TOKEN: TOKEN }).teamsSecurityToken).toBe(TOKEN);
    expect(() => resolveServeConfig({}, { KB_TEAMS_SECURITY_TOKEN: 'not base64!' })).toThrow(/KB_TEAMS_SECURITY_TOKEN/);
  });
});

describe('the Adaptive Card schema written from Microsoft’s reference', () => {
  it('accepts the explorer’s own form of a card and refuses what Teams would not show', () => {
    expect(validCard(ADAPTIVE_CARD_REFERENCE_EXAMPLE), JSON.stringify(validCard.errors)).toBe(true);
    expect(validCard({ ...ADAPTIVE_CARD_REFERENCE_EXAMPLE, actions: [{ type: 'Action.Submit', title: 'Yes', data: {} }] })).toBe(false);
    expect(validCard({ ...ADAPTIVE_CARD_REFERENCE_EXAMPLE, body: [{ type: 'TextBlock', text: 'x', weight: 'heavy' }] })).toBe(false);
    expect(validCard({ type: 'AdaptiveCard', body: [] })).toBe(false);
  });
});

describe('Teams outgoing webhook over HTTP', () => {
  let dir: string;
  let store: SqliteStore;
  let app: FastifyInstance;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'integrations-teams-'));
    store = new SqliteStore(dir);
    app = await appFor(BUNDLED_KB_DIR, { store, publicUrl: PUBLIC_URL, teams: { securityToken: TOKEN } });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (body: string, headers = signed(body)) => app.inject({ method: 'POST', url: '/integrations/teams', headers, payload: body });

  it('answers "@kb <error>" with the best article in exactly this Adaptive Card', async () => {
    const expected = (await app.inject({ method: 'POST', url: '/v1/match', payload: { text: SCIM_PASTE } })).json<MatchResult>().matches[0]!;
    // Teams sends the text HTML-escaped, with the mention in front.
    const res = await post(activity(`<at>kb</at> ${SCIM_PASTE.replace(/&/g, '&amp;')}`));
    expect(res.statusCode).toBe(200);
    const message = res.json();
    expectTeamsCard(message);
    const url = `${PUBLIC_URL}/articles/${expected.article.id}`;
    const escape = (t: string) => t.replace(/[\\`*_[\]~]/g, (c) => `\\${c}`);
    const steps = expected.article.steps.slice(0, 3).map((s, i) => ({ type: 'TextBlock', text: `${i + 1}. ${escape(s.note ? `${s.text} (${s.note})` : s.text)}`, wrap: true, spacing: 'Small' }));
    const more = expected.article.steps.length - 3;
    const confidence = `${expected.confidence[0]!.toUpperCase()}${expected.confidence.slice(1)} confidence`;
    expect(message).toEqual({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: {
            type: 'AdaptiveCard',
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            version: '1.4',
            body: [
              { type: 'TextBlock', text: escape(expected.article.title), wrap: true, size: 'Large', weight: 'Bolder' },
              { type: 'TextBlock', text: confidence, wrap: true, isSubtle: true, spacing: 'None' },
              { type: 'TextBlock', text: 'Cause', wrap: true, weight: 'Bolder' },
              { type: 'TextBlock', text: escape(expected.article.cause.trim()), wrap: true, spacing: 'Small' },
              { type: 'TextBlock', text: 'First steps', wrap: true, weight: 'Bolder' },
              ...steps,
              ...(more > 0 ? [{ type: 'TextBlock', text: `…and ${more} more step${more === 1 ? '' : 's'} in the article.`, wrap: true, isSubtle: true }] : []),
              { type: 'TextBlock', text: 'Did this fix it? Tell us on the article page.', wrap: true, weight: 'Bolder' },
            ],
            actions: [
              { type: 'Action.OpenUrl', title: 'Read the full article', url },
              { type: 'Action.OpenUrl', title: 'Did this fix it?', url: `${url}?rule=${expected.rule.id}#feedback` },
            ],
          },
        },
      ],
    });
  });

  it('leads "did this fix it?" to the article page’s form, whose answer is recorded', async () => {
    const message = (await post(activity(`<at>kb</at> ${SCIM_PASTE}`))).json();
    const feedbackUrl = new URL(message.attachments[0].content.actions[1].url);
    const page = await app.inject({ url: feedbackUrl.pathname + feedbackUrl.search });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="feedback"');
    const rule = feedbackUrl.searchParams.get('rule')!;
    const article = feedbackUrl.pathname.split('/').at(-1)!;
    const form = await app.inject({ method: 'POST', url: '/feedback', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ rule, article, helpful: 'yes' }).toString() });
    expect(form.statusCode).toBe(200);
    expect((await store.ruleStats()).find((s) => s.rule === rule)?.helpful).toBe(1);
    // A rule that does not answer with the article asks nothing.
    expect((await app.inject({ url: `${feedbackUrl.pathname}?rule=no-such-rule` })).body).not.toContain('id="feedback"');
  });

  it('answers within Teams’ few seconds on a real listening server', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const body = activity(`<at>kb</at> ${SCIM_PASTE}`);
    const started = performance.now();
    const res = await fetch(`${address}/integrations/teams`, { method: 'POST', headers: signed(body), body });
    expect(res.status).toBe(200);
    expectTeamsCard(await res.json());
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('keeps an unmatched paste for the inbox, and says how to ask when the text is empty', async () => {
    const none = (await post(activity('<at>kb</at> the flux capacitor of tenant 42 reported a paradox'))).json();
    expectTeamsCard(none);
    expect(none.attachments[0].content.body[0].text).toContain('No article matches');
    expect((await store.listInbox()).some((g) => g.sample.includes('flux capacitor'))).toBe(true);
    const empty = (await post(activity('<at>kb</at>'))).json();
    expectTeamsCard(empty);
    expect(empty.attachments[0].content.body[0].text).toContain('@kb <error text>');
  });

  it('refuses an unsigned or wrongly signed request with 401', async () => {
    const body = activity(`<at>kb</at> ${SCIM_PASTE}`);
    for (const headers of [{ 'content-type': 'application/json' }, signed(body, randomBytes(32).toString('base64'))]) {
      const res = await post(body, headers);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'KB_HTTP_SIGNATURE_INVALID' });
    }
  });

  it('does not exist without a security token', async () => {
    const plain = await appFor(BUNDLED_KB_DIR);
    const body = activity('x');
    expect((await plain.inject({ method: 'POST', url: '/integrations/teams', headers: signed(body), payload: body })).statusCode).toBe(404);
    await plain.close();
  });
});
