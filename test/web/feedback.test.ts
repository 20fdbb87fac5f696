import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import { buildApp } from '../../src/http/build-app.js';
import { KnowledgeBaseHolder } from '../../src/serve/knowledge-base-holder.js';
import { SCRIPTS_DIR } from '../../src/web/web-pages.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { loadValidKb } from '../helpers/temp-kb.js';
import { launchChromium, screenshot, watchPage } from './harness.js';

const SEED_ERROR = 'Error authenticating: Forbidden. Errors reported by remote server';
const SEED_RULE = 'atlassian-cloud-scim-api-key-invalid';
// Near the Slack username article (its title's words) without any rule's phrase: a suggestion, not an answer.
const NEAR_SLACK = 'Slack SCIM provisioning fails: the userName is too long for Slack';
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

let root: string;
let store: SqliteStore;
let app: FastifyInstance;
let url: string;
let browser: Browser | undefined;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kb-web-feedback-'));
  store = new SqliteStore(join(root, 'data'));
  app = buildApp({ knowledgeBase: new KnowledgeBaseHolder(await loadValidKb(BUNDLED_KB_DIR)), store });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await browser?.close();
  await app.close();
  await store.close();
  rmSync(root, { recursive: true, force: true });
});

const servedOf = async (rule: string) => (await store.ruleStats()).find((r) => r.rule === rule);

describe('"Did this fix it?" and "Possibly related" on the page', () => {
  it('a form post of an unknown paste shows possibly related articles apart from answers, and stores the paste', async () => {
    const res = await app.inject({ method: 'POST', url: '/', payload: new URLSearchParams({ text: NEAR_SLACK }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('No article matches this error yet');
    expect(res.body).toMatch(/Possibly related[\s\S]*they are guesses, not answers[\s\S]*href="\/articles\/slack-scim-username-rejected"/);
    expect(res.body).not.toContain('Did this fix it?');
    expect((await store.listInbox()).some((g) => g.sample === NEAR_SLACK)).toBe(true);
  });

  it('a form post of a known paste shows the yes/no form, counts the answer served, and the form records feedback', async () => {
    const before = (await servedOf(SEED_RULE))?.served ?? 0;
    const page = await app.inject({ method: 'POST', url: '/', payload: new URLSearchParams({ text: SEED_ERROR }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(page.body).toContain('Did this fix it?');
    expect(page.body).toContain(`name="rule" value="${SEED_RULE}"`);
    expect((await servedOf(SEED_RULE))?.served).toBe(before + 1);

    const form = (body: string) => app.inject({ method: 'POST', url: '/feedback', payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const thanks = await form(`rule=${SEED_RULE}&article=${SEED_RULE}&helpful=no`);
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain('Thank you');
    expect(await servedOf(SEED_RULE)).toMatchObject({ not_helpful: 1 });
    expect((await form(`rule=nope&article=${SEED_RULE}&helpful=yes`)).statusCode).toBe(404);
    expect((await form(`rule=${SEED_RULE}&article=${SEED_RULE}&helpful=maybe`)).statusCode).toBe(400);
  });

  it('in Chromium, "Yes, it did" answers in place through /v1/feedback', async () => {
    if (!existsSync(join(SCRIPTS_DIR, 'app.js'))) throw new Error('dist/web/browser/app.js is missing: run `npm run build` first');
    browser = await launchChromium();
    const page = await browser.newPage();
    const seen = watchPage(page);
    await page.goto(url);
    await page.fill('#paste', SEED_ERROR);
    await page.press('#paste', 'Control+Enter');
    await eventually(() => page.locator('#feedback-title').count()).toBe(1);
    const helpfulBefore = (await servedOf(SEED_RULE))?.helpful ?? 0;
    const [response] = await Promise.all([page.waitForResponse((r) => r.url() === `${url}/v1/feedback`), page.click('form.feedback button[value=yes]')]);
    expect(response.status()).toBe(200);
    await eventually(() => page.locator('.feedback-status').textContent()).toContain('Thank you');
    expect(await page.locator('form.feedback button[value=yes]').isVisible()).toBe(false);
    expect((await servedOf(SEED_RULE))?.helpful).toBe(helpfulBefore + 1);
    await screenshot(page, 'feedback-js');

    await page.fill('#paste', NEAR_SLACK);
    await page.press('#paste', 'Control+Enter');
    await eventually(() => page.locator('#suggestions-title').textContent()).toBe('Possibly related');
    expect(await page.locator('.suggestions a[href="/articles/slack-scim-username-rejected"]').count()).toBe(1);
    await screenshot(page, 'possibly-related-js');
    expect(seen.errors).toEqual([]);
  });
});
