import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { createDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parseArticleSource, parseRuleSource } from './parse-files.js';
import type { LoadedArticle, LoadedRule } from './types.js';

export interface LoadedFiles {
  root: string;
  rules: LoadedRule[];
  articles: LoadedArticle[];
  diagnostics: Diagnostic[];
  /** Source text by relative file path, for code frames. */
  sources: Map<string, string>;
}

const RULE_FILE = /\.ya?ml$/;
const ARTICLE_FILE = /\.md$/;

/** Reads every rule under `rules/` and every article under `articles/`; a broken file becomes diagnostics, never an exception. */
export async function readKnowledgeBase(root: string): Promise<LoadedFiles> {
  const result: LoadedFiles = { root, rules: [], articles: [], diagnostics: [], sources: new Map() };
  const [ruleFiles, articleFiles] = await Promise.all([listFiles(join(root, 'rules'), RULE_FILE), listFiles(join(root, 'articles'), ARTICLE_FILE)]);
  if (!ruleFiles && !articleFiles) {
    result.diagnostics.push(
      createDiagnostic({ file: '.', code: 'KB_E_READ', message: 'no rules/ or articles/ folder here', hint: 'point --kb at a knowledge-base folder, the one that holds rules/ and articles/' }),
    );
    return result;
  }
  const read = async (absolute: string) => {
    const file = relative(root, absolute).split(sep).join('/');
    try {
      const text = await readFile(absolute, 'utf8');
      result.sources.set(file, text);
      return { file, text };
    } catch (error) {
      result.diagnostics.push(createDiagnostic({ file, code: 'KB_E_READ', message: `cannot read the file: ${(error as Error).message}`, hint: 'check the file permissions' }));
      return undefined;
    }
  };
  for (const item of await mapLimited(ruleFiles ?? [], read)) {
    if (!item) continue;
    const parsed = parseRuleSource(item.file, item.text);
    result.diagnostics.push(...parsed.diagnostics);
    if (parsed.value) {
      result.rules.push(parsed.value);
      // The same text, as the string the compiled rule keeps.
      result.sources.set(item.file, parsed.value.source);
    }
  }
  for (const item of await mapLimited(articleFiles ?? [], read)) {
    if (!item) continue;
    const parsed = parseArticleSource(item.file, item.text);
    result.diagnostics.push(...parsed.diagnostics);
    if (parsed.value) result.articles.push(parsed.value);
  }
  return result;
}

async function listFiles(dir: string, pattern: RegExp): Promise<string[] | undefined> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return undefined;
  }
  return entries
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .sort();
}

/** Files read at once: reading tens of thousands together runs out of file descriptors (EMFILE). */
const READ_CONCURRENCY = 64;

/** Like Promise.all over `items.map(fn)`, with at most READ_CONCURRENCY calls in flight; results keep their order. */
async function mapLimited<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, items.length) }, worker));
  return results;
}
