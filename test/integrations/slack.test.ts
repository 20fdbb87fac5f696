import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackSignature, verifySlackRequest } from '../../src/integrations/request-signatures.js';
import type { MatchResult } from '../../src/match/types.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { appFor, BUNDLED_KB_DIR, eventually, logCollector, SCIM_PASTE } from '../helpers/http-app.js';
import { startReceiver } from './receiver.js';
import { SLACK_MESSAGE_SCHEMA, SLACK_REFERENCE_EXAMPLES } from './slack-block-kit.schema.js';

// Slack's worked example of a signed slash command (docs: "Verifying requests from Slack").
const DOC = {
  secret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: '1531420618',
  body:
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA' +
    '&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
    '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};

const SECRET = 'test-signing-secret-0123456789abcdef';
const PUBLIC_URL = 'https://kb.example.com';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const validMessage = ajv.compile(SLACK_MESSAGE_SCHEMA);
function expectBlockKit(message: unknown): void {
  expect(validMessage(message), JSON.stringify(validMessage.errors)).toBe(true);
}

/** Signs a form body the way Slack does: `v0:<timestamp>:<body>` under the signing secret, now. */
function signed(body: string, secret = SECRET, timestamp = String(Math.floor(Date.now() / 1000))) {
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': timestamp,
    // node:crypto directly, not the code under test.
    'x-slack-signature': 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex'),
  };
}

function commandForm(text: string): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0001',
    team_domain: 'example',
    channel_id: 'C2147483705',
    channel_name: 'support',
    user_id: 'U2147483697',
    user_name: 'sam',
    command: '/fix',
    text,
    response_url: 'https://hooks.slack.com/commands/1234/5678',
    trigger_id: '13345224609.738474920.8088930838d88f008e0',
  }).toString();
}

describe('Slack request signatures', () => {
  it('verifies Slack’s own worked example, byte for byte', () => {
    expect(slackSignature(DOC.secret, DOC.timestamp, DOC.body)).toBe(DOC.signature);
    expect(verifySlackRequest({ signingSecret: DOC.secret, timestamp: DOC.timestamp, signature: DOC.signature, rawBody: DOC.body, nowSeconds: Number(DOC.timestamp) + 60 })).toEqual({ ok: true });
  });

  it('refuses it five minutes and a second later, with another body, secret or signature, or without headers', () => {
    const base = { signingSecret: DOC.secret, timestamp: DOC.timestamp, signature: DOC.signature, rawBody: DOC.body, nowSeconds: Number(DOC.timestamp) };
    expect(verifySlackRequest({ ...base, nowSeconds: base.nowSeconds + 300 }).ok).toBe(true);
    expect(verifySlackRequest({ ...base, nowSeconds: base.nowSeconds + 301 })).toMatchObject({ ok: false, reason: expect.stringContaining('five minutes') });
    expect(verifySlackRequest({ ...base, nowSeconds: base.nowSeconds - 301 }).ok).toBe(false);
    expect(verifySlackRequest({ ...base, rawBody: DOC.body.replace('text=', 'text=x') }).ok).toBe(false);
    expect(verifySlackRequest({ ...base, signingSecret: `${DOC.secret}x` }).ok).toBe(false);
    expect(verifySlackRequest({ ...base, signature: DOC.signature.slice(0, -1) }).ok).toBe(false);
    expect(verifySlackRequest({ ...base, timestamp: undefined }).ok).toBe(false);
    expect(verifySlackRequest({ ...base, timestamp: '1531420618.5' }).ok).toBe(false);
  });
});

describe('the Block Kit schema written from Slack’s reference', () => {
  it('accepts Slack’s own examples of these blocks', () => {
    for (const block of SLACK_REFERENCE_EXAMPLES) expectBlockKit({ text: 'x', blocks: [block] });
  });

  it('refuses what Slack refuses: a long header, an unknown property, a bad style, 51 blocks', () => {
    const header = (text: string) => ({ type: 'header', text: { type: 'plain_text', text } });
    expect(validMessage({ text: 'x', blocks: [header('a'.repeat(151))] })).toBe(false);
    expect(validMessage({ text: 'x', blocks: [{ ...header('a'), color: 'red' }] })).toBe(false);
    expect(validMessage({ text: 'x', blocks: [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'a' }, style: 'green' }] }] })).toBe(false);
    expect(validMessage({ text: 'x', blocks: Array.from({ length: 51 }, () => header('a')) })).toBe(false);
  });
});

describe('Slack over HTTP', () => {
  let dir: string;
  let store: SqliteStore;
  let app: FastifyInstance;
  let hooks: Awaited<ReturnType<typeof startReceiver>>;
  const log = logCollector();
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'integrations-slack-'));
    store = new SqliteStore(dir);
    hooks = await startReceiver();
    app = await appFor(BUNDLED_KB_DIR, {
      store,
      publicUrl: PUBLIC_URL,
      slack: { signingSecret: SECRET, responseUrlPrefixes: [`${hooks.url}/`] },
      logger: { level: 'info', stream: log.stream },
    });
  });
  afterAll(async () => {
    await app.close();
    await hooks.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const command = (text: string, headers?: Record<string, string>) => {
    const body = commandForm(text);
    return app.inject({ method: 'POST', url: '/integrations/slack/command', headers: headers ?? signed(body), payload: body });
  };
  const interactive = (payload: object) => {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return app.inject({ method: 'POST', url: '/integrations/slack/interactive', headers: signed(body), payload: body });
  };

  it('answers /fix <error> with the best article in exactly this Block Kit shape, ephemeral', async () => {
    const expected = (await app.inject({ method: 'POST', url: '/v1/match', payload: { text: SCIM_PASTE } })).json<MatchResult>().matches[0]!;
    const res = await command(SCIM_PASTE);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    const message = res.json();
    expectBlockKit(message);
    const steps = expected.article.steps.slice(0, 3).map((s, i) => `${i + 1}. ${s.note ? `${s.text} (${s.note})` : s.text}`);
    const more = expected.article.steps.length - 3;
    const value = JSON.stringify({ rule: expected.rule.id, article: expected.article.id });
    const confidence = `${expected.confidence[0]!.toUpperCase()}${expected.confidence.slice(1)} confidence`;
    const url = `${PUBLIC_URL}/articles/${expected.article.id}`;
    const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    expect(message).toEqual({
      response_type: 'ephemeral',
      text: `${expected.article.title} (${confidence.toLowerCase()})`,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: expected.article.title, emoji: false } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: `*${confidence}* · <${url}|Read the full article>` }] },
        { type: 'section', text: { type: 'mrkdwn', text: `*Cause*\n${escape(expected.article.cause.trim())}` } },
        { type: 'section', text: { type: 'mrkdwn', text: `*First steps*\n${escape(steps.join('\n'))}${more > 0 ? `\n_…and ${more} more step${more === 1 ? '' : 's'} in the article._` : ''}` } },
        { type: 'section', text: { type: 'mrkdwn', text: '*Did this fix it?*' } },
        {
          type: 'actions',
          block_id: 'kb_feedback',
          elements: [
            { type: 'button', action_id: 'kb_open_article', text: { type: 'plain_text', text: 'Read the full article', emoji: false }, url },
            { type: 'button', action_id: 'kb_fixed', text: { type: 'plain_text', text: 'Yes, it fixed it', emoji: false }, style: 'primary', value },
            { type: 'button', action_id: 'kb_not_fixed', text: { type: 'plain_text', text: 'No', emoji: false }, value },
          ],
        },
      ],
    });
  });

  it('answers well within Slack’s 3 seconds on a real listening server', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const body = commandForm(SCIM_PASTE);
    const started = performance.now();
    const res = await fetch(`${address}/integrations/slack/command`, { method: 'POST', headers: signed(body), body });
    const elapsed = performance.now() - started;
    expect(res.status).toBe(200);
    expectBlockKit(await res.json());
    expect(elapsed).toBeLessThan(3000);
  });

  it('escapes Slack markup from the paste, keeps an unmatched paste for the inbox, and says so', async () => {
    const res = await command('<!channel> the flux capacitor of tenant 42 reported a paradox & left');
    expect(res.statusCode).toBe(200);
    const message = res.json();
    expectBlockKit(message);
    expect(JSON.stringify(message)).not.toContain('<!channel>');
    expect(message.blocks[0].text.text).toContain('No article matches this error yet');
    expect((await store.listInbox()).some((g) => g.sample.includes('flux capacitor'))).toBe(true);
  });

  it('tells how to use an empty command', async () => {
    const message = (await command('  ')).json();
    expectBlockKit(message);
    expect(message.text).toContain('/fix <error text>');
  });

  it('refuses an unsigned, a wrongly signed or a replayed request with 401, before reading it', async () => {
    const body = commandForm(SCIM_PASTE);
    const stale = String(Math.floor(Date.now() / 1000) - 301);
    for (const headers of [{ 'content-type': 'application/x-www-form-urlencoded' }, signed(body, 'another-secret'), signed(body, SECRET, stale)]) {
      const res = await command(SCIM_PASTE, headers);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ statusCode: 401, code: 'KB_HTTP_SIGNATURE_INVALID', error: 'Unauthorized' });
    }
    const json = await app.inject({ method: 'POST', url: '/integrations/slack/command', headers: { 'content-type': 'application/json' }, payload: { text: SCIM_PASTE } });
    expect(json.statusCode).toBe(415);
  });

  it('answers the "Find the fix" message shortcut on its response_url', async () => {
    const before = hooks.received.length;
    const res = await interactive({
      type: 'message_action',
      callback_id: 'kb_find_fix',
      trigger_id: '13345224609.738474920.8088930838d88f008e0',
      response_url: `${hooks.url}/app/T1/shortcut`,
      team: { id: 'T0001', domain: 'example' },
      channel: { id: 'C2147483705', name: 'support' },
      user: { id: 'U2147483697', name: 'sam' },
      message: { type: 'message', text: SCIM_PASTE, ts: '1535813905.000100' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    const [posted] = (await hooks.next(before + 1)).slice(before);
    expect(posted!.url).toBe('/app/T1/shortcut');
    const message = JSON.parse(posted!.body);
    expectBlockKit(message);
    expect(message.response_type).toBe('ephemeral');
    expect(message.blocks[0].type).toBe('header');
  });

  it('records "did this fix it?" from the buttons as feedback, and thanks on the response_url', async () => {
    const answer = (await command(SCIM_PASTE)).json();
    const [, yes, no] = answer.blocks.at(-1).elements;
    const before = hooks.received.length;
    for (const button of [yes, no, yes]) {
      const res = await interactive({ type: 'block_actions', response_url: `${hooks.url}/actions/1`, actions: [{ type: 'button', block_id: 'kb_feedback', action_id: button.action_id, value: button.value }] });
      expect(res.statusCode).toBe(200);
    }
    const thanks = (await hooks.next(before + 3)).slice(before).map((r) => JSON.parse(r.body));
    for (const message of thanks) expectBlockKit(message);
    expect(thanks.map((m) => m.text).join(' ')).toContain('glad it is fixed');
    const { rule } = JSON.parse(yes.value);
    const stats = (await store.ruleStats()).find((s) => s.rule === rule);
    expect(stats).toMatchObject({ helpful: 2, not_helpful: 1 });
  });

  it('posts nowhere but the allowed host', async () => {
    const res = await interactive({ type: 'message_action', callback_id: 'kb_find_fix', response_url: 'http://169.254.169.254/latest', message: { text: SCIM_PASTE } });
    expect(res.statusCode).toBe(200);
    await eventually(async () => log.lines().some((l) => String(l.msg).includes('no response_url on Slack')), 10_000, 'the refusal in the log');
  });

  it('does not exist without a signing secret', async () => {
    const plain = await appFor(BUNDLED_KB_DIR);
    expect((await plain.inject({ method: 'POST', url: '/integrations/slack/command', payload: 'text=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).statusCode).toBe(404);
    await plain.close();
  });
});
