// Importing into a knowledge base that already answers the same errors: the drafts must not take
// the existing rules' examples, and the report names the existing article the import may duplicate.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExamples } from '../../src/check/run-examples.js';
import { readKnowledgeBaseFiles } from '../../src/cli/import.js';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import { importKnowledgeBase } from '../../src/import/import-knowledge-base.js';
import { compileFiles } from '../../src/import/verify-drafts.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/import');

describe('import into the bundled knowledge base', async () => {
  const existing = await readKnowledgeBaseFiles(BUNDLED_KB_DIR);
  const inputs = ['seed-okta-atlassian.txt', 'markdown/entra-redirect-uri.md', 'html/slack-token-revoked.html'].map((name) => ({ name, text: readFileSync(join(FIXTURES, name), 'utf8') }));
  const result = await importKnowledgeBase(inputs, { root: BUNDLED_KB_DIR, existing });

  it('reports the seed page as a look-alike of the existing Atlassian article and drafts no rule that would steal its examples', async () => {
    expect(result.ambiguities).toContainEqual(expect.objectContaining({ article: 'atlassian-cloud-api-integration-error-authenticating', other: 'atlassian-cloud-scim-api-key-invalid', existing: true }));
    const files = new Map(existing);
    for (const file of result.files) if (file.action === 'create' || file.action === 'update') files.set(file.path, file.text);
    const { kb, diagnostics } = compileFiles(BUNDLED_KB_DIR, files);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const failed = (await runExamples(kb!)).filter((o) => !o.passed);
    expect(failed.map((f) => `${f.name}: ${f.message}`)).toEqual([]);
    expect(kb!.articles.length).toBe(existing.size - [...existing.keys()].filter((p) => p.startsWith('rules/')).length + 3);
  });

  it('never overwrites a file it did not write', () => {
    expect(result.files.every((f) => f.action === 'create')).toBe(true);
  });
});
