import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import type { KnowledgeBase } from '../../src/compile/knowledge-base.js';
import { loadValidKb } from '../helpers/temp-kb.js';
import { ADMIN_TOKEN, authorsApp } from './authors-fixture.js';
import { launchChromium, screenshot, watchPage } from './harness.js';

// The authors' workspace in a real Chromium: with and without JavaScript, and at a phone's width.
const SHOTS = join(tmpdir(), 'authors-shots');
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

let kb: KnowledgeBase;
let url: string;
let ledgerGroup: string;
let close: () => Promise<void>;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function open(options: Parameters<Browser['newContext']>[0]) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  contexts.push(context);
  const page = await context.newPage();
  return { page, seen: watchPage(page) };
}

/** A screenshot for the test output folder and for /tmp/authors-shots/, where a person looks at them. */
async function shot(page: Page, name: string) {
  await screenshot(page, `authors-${name}`);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function signIn(page: Page) {
  await page.goto(`${url}/authors`);
  expect(new URL(page.url()).pathname).toBe('/authors/sign-in');
  await page.fill('#token', ADMIN_TOKEN);
  await Promise.all([page.waitForURL(`${url}/authors`), page.click('.sign-in button[type=submit]')]);
}

/** Nothing on the page is wider than the window: no sideways scrolling of the whole page. */
const pageOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

beforeAll(async () => {
  kb = await loadValidKb(BUNDLED_KB_DIR);
  const built = await authorsApp(kb);
  ({ ledgerGroup, close } = built);
  url = await built.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await close?.();
});

describe("the authors' workspace in Chromium", () => {
  it('signs in, shows the inbox with sparklines, sorts the rules, and drafts a rule into the playground (JavaScript on)', async () => {
    const { page, seen } = await open({});
    await page.goto(`${url}/authors/sign-in`);
    await shot(page, 'sign-in');
    await page.fill('#token', 'wrong-token');
    await page.click('.sign-in button[type=submit]');
    await eventually(() => page.locator('#sign-in-error').textContent()).toBe('That is not the admin token of this server.');
    await signIn(page);
    expect(await page.locator('#inbox .inbox-group').count()).toBe(2);
    expect(await page.locator('#inbox svg.sparkline').first().getAttribute('aria-label')).toMatch(/^7 pastes in the last 30 days/);
    expect(await page.locator('#rules table tbody tr').count()).toBe(3);
    await shot(page, 'workspace');
    await Promise.all([page.waitForURL(/sort=not_helpful/), page.click('#rules thead a:text("Did not")')]);
    expect(await page.locator('#rules th[aria-sort="descending"]').textContent()).toContain('Did not');
    expect(await page.locator('#rules tbody tr').first().locator('th code').textContent()).toBe(kb.rules[1]!.id);
    await Promise.all([page.waitForURL(`${url}/authors/draft/${ledgerGroup}`), page.click(`a[href="/authors/draft/${ledgerGroup}"]`)]);
    expect(await page.inputValue('#rule')).toContain('    - Reconciliation\n    - ledger\n    - writer\n');
    expect(await page.inputValue('#article')).toContain('id: aborted-ledger-snapshot-is-locked-by');
    await Promise.all([page.waitForURL(`${url}/try`), page.click('#try-form button[type=submit]')]);
    await eventually(() => page.locator('#try-title').textContent()).toBe('The rule matches this sample');
    expect(await page.locator('.preview .outcome-yes').textContent()).toBe('It would now answer 1 group of the 3 stored paste groups nothing answered.');
    await shot(page, 'playground-draft');
    // The one console error is the browser reporting the wrong token's 401 answer.
    expect(seen.errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
  });

  it('works without JavaScript: sign in, sort, draft and try are plain form posts and links', async () => {
    const { page, seen } = await open({ javaScriptEnabled: false });
    await signIn(page);
    await page.click('#inbox a:text("most recent")');
    await eventually(() => page.locator('#inbox .inbox-group strong').first().textContent()).toBe('2 pastes');
    await page.click(`a[href="/authors/draft/${ledgerGroup}"]`);
    await Promise.all([page.waitForURL(`${url}/try`), page.click('#try-form button[type=submit]')]);
    await eventually(() => page.locator('.preview .outcome-yes').textContent()).toBe('It would now answer 1 group of the 3 stored paste groups nothing answered.');
    await shot(page, 'playground-no-js');
    await page.click('a:text("Authors")');
    await Promise.all([page.waitForURL(`${url}/authors/sign-in`), page.click('.page-head button:text("Sign out")')]);
    await page.goto(`${url}/authors`);
    expect(new URL(page.url()).pathname).toBe('/authors/sign-in');
    expect(seen.errors).toEqual([]);
  });

  it('fits a 375 px phone: no sideways scrolling, the rules table scrolls in its own box', async () => {
    const { page, seen } = await open({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    await signIn(page);
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    const table = await page.locator('.table-scroll').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(table.client).toBeLessThanOrEqual(375);
    await shot(page, 'workspace-phone');
    await page.click(`a[href="/authors/draft/${ledgerGroup}"]`);
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    await Promise.all([page.waitForURL(`${url}/try`), page.click('#try-form button[type=submit]')]);
    await eventually(() => page.locator('#try-title').textContent()).toBe('The rule matches this sample');
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'playground-phone');
    expect(seen.errors).toEqual([]);
  });

  it('lints a new article as it is typed and tries the rule with it in place (public playground, JavaScript on)', async () => {
    const { page, seen } = await open({});
    await page.goto(`${url}/try`);
    const rule = 'id: disk-quota\ntitle: Disk quota exceeded on the export volume\narticle: disk-quota\nwhen:\n  all:\n    - Disk quota exceeded\nexamples:\n  match:\n    - "write /data/x: Disk quota exceeded"\n';
    const article = '---\nid: disk-quota\ntitle: The export volume is over its quota\nsumary: Writes fail.\ncause: The volume quota is used up.\nsteps:\n  - Free space with `du -sh /data/*`.\n---\n';
    await page.fill('#rule', rule);
    await page.fill('#article', article);
    await eventually(() => page.locator('#result .lint-title').textContent()).toBe('The article: 2 errors, 0 warnings');
    expect(await page.locator('#result .message').allTextContents()).toEqual(['the article is missing the required field "summary"', 'unknown field "sumary" in the article']);
    await page.fill('#article', article.replace('sumary', 'summary'));
    await eventually(() => page.locator('#result .lint-ok').textContent()).toBe('No problems found in the article.');
    await page.fill('#sample', 'write /data/export.csv: Disk quota exceeded');
    await page.click('#try-form button[type=submit]');
    await eventually(() => page.locator('#try-title').textContent()).toBe('The rule matches this sample');
    expect(await page.locator('#result').textContent()).toContain('The rule is tried with the new article disk-quota, which is not saved yet.');
    expect(await page.locator('.preview').textContent()).toContain('Which stored pastes it would answer is shown to signed-in authors only.');
    await shot(page, 'playground-new-article');
    expect(seen.errors).toEqual([]);
  });

  it('renders an article\'s Markdown and its placeholders as "value from your error" markers', async () => {
    const id = 'slack-missing-scope';
    for (const [name, viewport] of [['article', { width: 1280, height: 900 }], ['article-phone', { width: 375, height: 812 }]] as const) {
      const { page, seen } = await open({ viewport });
      await page.goto(`${url}/articles/${id}`);
      expect(await page.locator('.steps code').count()).toBeGreaterThan(0);
      expect(await page.locator('mark.placeholder').first().textContent()).toMatch(/^\w+ \(value from your error\)$/);
      expect(await page.locator('.article').textContent()).not.toContain('{{');
      expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
      await shot(page, name);
      expect(seen.errors).toEqual([]);
    }
  });
});
