import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/build-app.js';
import { KnowledgeBaseHolder } from '../../src/serve/knowledge-base-holder.js';
import type { KnowledgeBase } from '../../src/compile/knowledge-base.js';

/** Debian's Chromium (`.ci/run` installs it with apt-get when it is missing). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const SCREENSHOTS_DIR = join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

/**
 * Headless Chromium, quiet and offline-minded. Playwright gives every launch a fresh temporary
 * user-data-dir, so no profile state leaks between runs.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** The app with `kb`, listening on 127.0.0.1 on a free port. */
export async function listen(kb: KnowledgeBase): Promise<{ app: FastifyInstance; url: string }> {
  const app = buildApp({ knowledgeBase: new KnowledgeBaseHolder(kb) });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: address };
}

/** Saves a full-page screenshot under test-output/screenshots/ (gitignored) for a person to look at. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage: options.fullPage ?? true });
}

/** Collects what would show that a page ran script it should not have, or that the CSP blocked our own files. */
export function watchPage(page: Page): { dialogs: string[]; errors: string[] } {
  const seen = { dialogs: [] as string[], errors: [] as string[] };
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') seen.errors.push(message.text());
  });
  page.on('pageerror', (error) => seen.errors.push(error.message));
  return seen;
}
