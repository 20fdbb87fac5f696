import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';
import type { KnowledgeBase } from '../../src/compile/knowledge-base.js';

/** Writes files (relative path → text) into a fresh temporary folder and returns its path. */
export function writeTempKb(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kb-test-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

export function removeTemp(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** Loads a knowledge base that must be free of errors. */
export async function loadValidKb(root: string): Promise<KnowledgeBase> {
  const { kb, diagnostics } = await loadKnowledgeBase(root);
  if (!kb) throw new Error(`knowledge base has errors:\n${diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`).join('\n')}`);
  return kb;
}

/** A minimal article with the given id. */
export function article(id: string, extra = ''): string {
  return `---\nid: ${id}\ntitle: Article ${id}\nsummary: Summary of ${id}.\ncause: Cause of ${id}.\nsteps:\n  - First step of ${id}.\n  - text: Check {{thing}} for ${id}.\n    expect: It works.\n${extra}---\nBody of ${id}.\n`;
}

/** A rule file with the given id, `when` (YAML, indented by the caller) and optional extra top-level YAML. */
export function rule(id: string, when: string, options: { priority?: number; extra?: string; match?: string[]; noMatch?: string[] } = {}): string {
  const list = (items: string[]) => items.map((t) => `    - ${JSON.stringify(t)}`).join('\n');
  return [
    `id: ${id}`,
    `title: Rule ${id}`,
    `article: ${id}`,
    `priority: ${options.priority ?? 0}`,
    `when:\n${when}`,
    options.extra ?? '',
    'examples:',
    '  match:',
    list(options.match ?? ['placeholder']),
    ...(options.noMatch?.length ? ['  no_match:', list(options.noMatch)] : []),
    '',
  ].join('\n');
}
