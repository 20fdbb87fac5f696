import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/compile/knowledge-base.js';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import { buildApp } from '../../src/http/build-app.js';
import { KnowledgeBaseHolder } from '../../src/serve/knowledge-base-holder.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { SCRIPTS_DIR } from '../../src/web/web-pages.js';
import { loadValidKb } from '../helpers/temp-kb.js';
import { launchChromium, listen, screenshot, watchPage } from './harness.js';

// One browser and one server for the file; each context keeps one page that the tests reuse.
const SEED_ERROR = 'Error authenticating: Forbidden. Errors reported by remote server';
const SEED_ARTICLE = 'atlassian-cloud-scim-api-key-invalid';
const HOSTILE = `Forbidden <script>window.__pwned = 'script'</script> <img src=x onerror="window.__pwned = 'img'; alert(1)"> Error authenticating`;

/** Waits for what the page shows; generous, because the suite shares two cores with other test files. */
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

let kb: KnowledgeBase;
let app: FastifyInstance;
let url: string;
let browser: Browser;
let withJs: { context: BrowserContext; page: Page; seen: ReturnType<typeof watchPage> };
let withoutJs: { context: BrowserContext; page: Page; seen: ReturnType<typeof watchPage> };
let phone: { context: BrowserContext; page: Page; seen: ReturnType<typeof watchPage> };

async function open(options: Parameters<Browser['newContext']>[0]) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, ...options });
  const page = await context.newPage();
  return { context, page, seen: watchPage(page) };
}

beforeAll(async () => {
  if (!existsSync(join(SCRIPTS_DIR, 'app.js'))) throw new Error('dist/web/browser/app.js is missing: run `npm run build` first');
  kb = await loadValidKb(BUNDLED_KB_DIR);
  ({ app, url } = await listen(kb));
  browser = await launchChromium();
  withJs = await open({});
  withoutJs = await open({ javaScriptEnabled: false });
  phone = await open({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Resolves when the page has posted a form to `path` (a full page load, not a fetch). */
function formPosted(page: Page, path: string) {
  return page.waitForResponse((r) => r.url() === url + path && r.request().method() === 'POST' && r.request().resourceType() === 'document');
}

function seedArticle() {
  const article = kb.articlesById.get(SEED_ARTICLE);
  if (!article) throw new Error(`the bundled knowledge base has no ${SEED_ARTICLE}`);
  return article;
}

async function expectSeedAnswer(page: Page) {
  const article = seedArticle();
  await eventually(() => page.locator('#result-title').textContent()).toBe(article.title);
  const steps = page.locator('#result .answer ol.steps > li');
  expect(await steps.count()).toBe(article.steps.length);
  const first = article.steps[0]!;
  expect(await steps.first().locator('.step-text').textContent()).toBe(typeof first === 'string' ? first : first.text);
  expect(await page.locator('#result .paste-text mark').count()).toBeGreaterThan(0);
}

describe('the paste page in a real Chromium', () => {
  it('answers the seed error in place with JavaScript (Ctrl+Enter submits)', async () => {
    const { page, seen } = withJs;
    await page.goto(url);
    await screenshot(page, 'home');
    await page.evaluate(() => ((window as unknown as { __samePage: boolean }).__samePage = true));
    await page.fill('#paste', SEED_ERROR);
    await page.press('#paste', 'Control+Enter');
    await expectSeedAnswer(page);
    // Answered through /v1/match without leaving the page.
    expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
    const copy = page.locator('#result button.copy-steps');
    expect(await copy.isVisible()).toBe(true);
    const box = page.locator('#result .answer ol.steps > li').first().locator('input[type=checkbox]');
    await box.check();
    expect(await box.isChecked()).toBe(true);
    await screenshot(page, 'result-js');
    expect(seen.errors).toEqual([]);
  });

  it('answers the seed error with a plain form post when JavaScript is off', async () => {
    const { page, seen } = withoutJs;
    await page.goto(url);
    await page.fill('#paste', SEED_ERROR);
    await Promise.all([formPosted(page, '/'), page.click('button[type=submit]')]);
    await expectSeedAnswer(page);
    expect(await page.inputValue('#paste')).toBe(SEED_ERROR);
    // The copy button needs the script, so it stays hidden without it.
    expect(await page.locator('#result button.copy-steps').isVisible()).toBe(false);
    await screenshot(page, 'result-no-js');
    expect(seen.errors).toEqual([]);
  });

  it('shows a hostile paste as text and runs none of it, in place and as a form post', async () => {
    const { page, seen } = withJs;
    await page.goto(url);
    await page.fill('#paste', HOSTILE);
    await page.press('#paste', 'Control+Enter');
    await eventually(() => page.locator('#result .paste-text').textContent()).toContain('<script>');
    expect(await page.locator('#result .paste-text').textContent()).toContain('<img src=x onerror=');
    expect(await page.locator('#result img, #result script').count()).toBe(0);
    await screenshot(page, 'hostile-paste');

    // The same paste rendered by the server: submit the form natively, bypassing the script.
    await page.fill('#paste', HOSTILE);
    await Promise.all([formPosted(page, '/'), page.evaluate(() => HTMLFormElement.prototype.submit.call(document.querySelector('#paste-form')))]);
    await page.waitForLoadState('load');
    await eventually(() => page.locator('#result .paste-text').textContent()).toContain('<script>');
    expect(await page.locator('#result img, #result script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(seen.dialogs).toEqual([]);
  });

  it('says plainly when no article matches, keeps the paste and offers next steps', async () => {
    const { page } = withJs;
    const paste = 'The flux capacitor reported an unexpected quantum hiccup (code FLUX-88)';
    await page.goto(url);
    await page.fill('#paste', paste);
    await page.click('button[type=submit]');
    await eventually(() => page.locator('#result-title').textContent()).toBe('No article matches this error yet');
    expect(await page.inputValue('#paste')).toBe(paste);
    expect(await page.locator('#result a[href="/try"]').count()).toBe(1);
    await screenshot(page, 'no-match');
  });

  it('shows the result readably on a phone-sized screen', async () => {
    const { page, seen } = phone;
    await page.goto(url);
    await page.fill('#paste', SEED_ERROR);
    await page.click('button[type=submit]');
    await expectSeedAnswer(page);
    // Nothing sticks out sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'result-mobile');
    expect(seen.errors).toEqual([]);
  });
});

describe('articles and the playground in a real Chromium', () => {
  it('lists articles, filters by tag and opens one', async () => {
    const { page, seen } = withoutJs;
    await page.goto(`${url}/articles`);
    // The whole list is long: the first screenful shows the filter and the cards.
    await screenshot(page, 'articles', { fullPage: false });
    await page.selectOption('#tag', 'atlassian');
    await Promise.all([page.waitForURL(/tag=atlassian/), page.click('.filter-form button[type=submit]')]);
    const titles = await page.locator('.article-list h2').allTextContents();
    expect(titles).toContain(seedArticle().title);
    expect(titles.length).toBeLessThan(kb.articles.length);
    await Promise.all([page.waitForURL(`${url}/articles/${SEED_ARTICLE}`), page.click(`a[href="/articles/${SEED_ARTICLE}"]`)]);
    expect(await page.locator('h1').textContent()).toBe(seedArticle().title);
    expect(await page.locator('.markdown h2').count()).toBeGreaterThan(0);
    await screenshot(page, 'article');
    expect(seen.errors).toEqual([]);
  });

  it('shows a lint error with its line for a broken rule', async () => {
    const { page, seen } = withJs;
    await page.goto(`${url}/try`);
    const broken = ['id: broken-rule', 'title: Broken', `article: ${SEED_ARTICLE}`, 'when:', '  all:', '    - stauts: 403', 'examples:', '  match:', '    - "HTTP 403"', ''].join('\n');
    await page.fill('#sample', 'HTTP/1.1 403 Forbidden');
    await page.fill('#rule', broken);
    // Linted through /v1/lint as the author types, before trying.
    await eventually(() => page.locator('#try-title').textContent()).toBe('Checked as you type');
    expect(await page.locator('.diagnostic .where').first().textContent()).toMatch(/^Line 6, column \d+$/);
    await page.click('#try-form button[type=submit]');
    await eventually(() => page.locator('#try-title').textContent()).toBe('The rule has errors');
    const first = page.locator('.diagnostic').first();
    expect(await first.locator('.where').textContent()).toMatch(/^Line 6, column \d+$/);
    expect(await first.locator('.frame').textContent()).toContain('stauts');
    await screenshot(page, 'try-error');
    expect(seen.errors).toEqual([]);
  });

  it('shows that a working rule matches, with its conditions', async () => {
    const { page } = withJs;
    await page.goto(`${url}/try`);
    await page.click('#try-form button[type=submit]');
    await eventually(() => page.locator('#try-title').textContent()).toBe('The rule matches this sample');
    expect(await page.locator('.conditions.tried li.held').count()).toBeGreaterThan(0);
    await screenshot(page, 'try-match');
  });

  it('stacks the playground on a phone-sized screen', async () => {
    const { page } = phone;
    await page.goto(`${url}/try`);
    await page.click('#try-form button[type=submit]');
    await eventually(() => page.locator('#try-title').textContent()).toBe('The rule matches this sample');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'try-mobile');
  });
});

describe('a server that requires API keys, in a real Chromium', () => {
  it('answers the page’s paste and "did this fix it?" by plain form posts, which need no key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'integrations-browser-'));
    const store = new SqliteStore(dir);
    const keyed = buildApp({ knowledgeBase: new KnowledgeBaseHolder(kb), store, protection: { requireApiKey: true } });
    const address = await keyed.listen({ host: '127.0.0.1', port: 0 });
    const { page, context } = await open({});
    try {
      await page.goto(address);
      await page.fill('#paste', SEED_ERROR);
      // The script's call to /v1/match is refused (401: no key), so the form goes as a page.
      const posted = page.waitForResponse((r) => r.url() === `${address}/` && r.request().method() === 'POST' && r.request().resourceType() === 'document');
      await page.press('#paste', 'Control+Enter');
      expect((await posted).status()).toBe(200);
      await expectSeedAnswer(page);
      const thanked = page.waitForResponse((r) => r.url() === `${address}/feedback` && r.request().resourceType() === 'document');
      await page.click('form.feedback button[value=yes]');
      expect((await thanked).status()).toBe(200);
      await eventually(async () => (await store.ruleStats()).find((s) => s.rule === SEED_ARTICLE)?.helpful).toBe(1);
    } finally {
      await context.close();
      await keyed.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
