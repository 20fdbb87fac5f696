import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compileKnowledgeBase } from '../../src/compile/compile-knowledge-base.js';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import { DIAGNOSTIC_CODES } from '../../src/diagnostics/codes.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';
import { parseArticleSource, parseRuleSource } from '../../src/load/parse-files.js';
import { fuzzRuns, fuzzTimeout } from '../helpers/fuzz-runs.js';
import { mutate } from './mutate-source.js';

const ID = 'atlassian-cloud-scim-api-key-invalid';
const RULE_FILE = `rules/provisioning/${ID}.yaml`;
const ARTICLE_FILE = `articles/${ID}.md`;
const validRule = await readFile(join(BUNDLED_KB_DIR, RULE_FILE), 'utf8');
const validArticle = await readFile(join(BUNDLED_KB_DIR, ARTICLE_FILE), 'utf8');

const RUNS = fuzzRuns(60);
const DISK_RUNS = fuzzRuns(10, 20);

const YAML_NOISE = [':', '- ', '  ', '\t', '"', "'", '{', '}', '[', ']', '&a', '*a', '!!binary', '|', '>', '#', '\n', '---', '...', '? ', '%YAML 1.2', 'regex: (?=x)', 'status: nine', 'when:', '\u0000', '\ufeff', '🙂'];

/** Edits of every kind test/fuzz/mutate-source.ts applies. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...YAML_NOISE), fc.string({ unit: 'binary', maxLength: 12 })) }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap-lines' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);
function expectPositioned(diagnostics: readonly Diagnostic[], sources: Record<string, string>): void {
  for (const d of diagnostics) {
    expect(Object.keys(DIAGNOSTIC_CODES)).toContain(d.code);
    expect(d.file in sources, d.file).toBe(true);
    expect(d.message.length).toBeGreaterThan(0);
    expect(Number.isInteger(d.line) && d.line >= 1).toBe(true);
    expect(Number.isInteger(d.column) && d.column >= 1).toBe(true);
    expect(d.length).toBeGreaterThanOrEqual(1);
    // A position an editor can jump to: inside the file, or just past its end.
    expect(d.line).toBeLessThanOrEqual(sources[d.file]!.split('\n').length + 1);
  }
}

describe('loader under fuzzing', () => {
  it('answers mutated rule and article files with positioned diagnostics, never an exception', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.array(mutation, { maxLength: 6 }), (ruleEdits, articleEdits) => {
        const rule = mutate(validRule, ruleEdits);
        const article = mutate(validArticle, articleEdits);
        const sources = { [RULE_FILE]: rule, [ARTICLE_FILE]: article };
        const parsedRule = parseRuleSource(RULE_FILE, rule);
        const parsedArticle = parseArticleSource(ARTICLE_FILE, article);
        expectPositioned([...parsedRule.diagnostics, ...parsedArticle.diagnostics], sources);
        // A file that parses is either error-free or has diagnostics saying why not.
        if (!parsedRule.value) expect(parsedRule.diagnostics.some((d) => d.severity === 'error')).toBe(true);
        const { kb, diagnostics } = compileKnowledgeBase({
          root: '/fuzz',
          rules: parsedRule.value ? [parsedRule.value] : [],
          articles: parsedArticle.value ? [parsedArticle.value] : [],
          diagnostics: [...parsedRule.diagnostics, ...parsedArticle.diagnostics],
          sources: new Map(Object.entries(sources)),
        });
        expectPositioned(diagnostics, sources);
        expect(kb !== undefined || diagnostics.some((d) => d.severity === 'error')).toBe(true);
      }),
      { numRuns: RUNS },
    );
  }, fuzzTimeout(RUNS, 50));

  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('loads a folder of mutated files from disk with positioned diagnostics', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.array(mutation, { maxLength: 4 }), async (ruleEdits, articleEdits) => {
        const dir = await mkdtemp(join(tmpdir(), 'kb-fuzz-'));
        dirs.push(dir);
        const sources = { [RULE_FILE]: mutate(validRule, ruleEdits), [ARTICLE_FILE]: mutate(validArticle, articleEdits) };
        for (const [file, text] of Object.entries(sources)) {
          await mkdir(join(dir, file, '..'), { recursive: true });
          await writeFile(join(dir, file), text);
        }
        const { kb, diagnostics } = await loadKnowledgeBase(dir);
        expectPositioned(diagnostics, sources);
        expect(kb !== undefined || diagnostics.some((d) => d.severity === 'error')).toBe(true);
      }),
      { numRuns: DISK_RUNS },
    );
  }, fuzzTimeout(DISK_RUNS, 200));
});
