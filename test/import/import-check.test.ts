// The drafts measured: every bundled article rendered by the app's /articles/:id page, imported into
// an empty knowledge base; the drafted rules alone must reach the floors on held-out and unrelated pastes.
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runImportCheck } from '../../src/import/import-check.js';
import { appFor, BUNDLED_KB_DIR } from '../helpers/http-app.js';

describe('import-check', async () => {
  const app = await appFor(BUNDLED_KB_DIR);
  afterAll(() => app.close());

  it('drafted rules reach top-1 ≥ 0.6 on held-out pastes and answer ≤ 5% of unrelated ones', async () => {
    const check = await runImportCheck(app, { heldOut: resolve('test/fixtures/held-out'), outOfDomain: resolve('test/fixtures/out-of-domain') });
    expect(check.drafted.articles).toBe(check.handWritten.rules > 0 ? app.kb.current().articles.length : 0);
    expect(check.drafted.heldOut).toBeGreaterThan(100);
    expect(check.drafted.top1).toBeGreaterThanOrEqual(0.6);
    expect(check.drafted.answered).toBeLessThanOrEqual(0.05);
  }, 300_000);
});
