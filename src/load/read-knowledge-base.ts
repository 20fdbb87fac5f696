import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
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

/** Receives each file as it is read and parsed, in order: every article, then every rule. */
export interface FileSink {
  article(article: LoadedArticle): void;
  rule(rule: LoadedRule): void;
  /** Problems of one file, or of the folder. */
  diagnostics(diagnostics: readonly Diagnostic[]): void;
  /** The text of a file that was read (for a parsed rule, the very string the rule keeps). */
  source(file: string, text: string): void;
}

/** Files handled between two yields to the event loop. */
const FILES_PER_TURN = 256;
/** One options object for every read: given a string, readFileSync builds and checks one per call (a third of its time). */
const UTF8 = { encoding: 'utf8' } as const;

/**
 * Reads every article under `articles/`, then every rule under `rules/`, and hands each to `sink`
 * as soon as it is parsed, so a caller that compiles it at once keeps nothing of the parse; a
 * broken file becomes diagnostics, never an exception. Files are read synchronously (a promise
 * per file costs several times the read), yielding to the event loop every few hundred files so a
 * server that reloads keeps answering.
 */
export async function streamKnowledgeBase(root: string, sink: FileSink): Promise<void> {
  const [ruleFiles, articleFiles] = await Promise.all([listFiles(join(root, 'rules'), RULE_FILE), listFiles(join(root, 'articles'), ARTICLE_FILE)]);
  if (!ruleFiles && !articleFiles) {
    sink.diagnostics([
      createDiagnostic({ file: '.', code: 'KB_E_READ', message: 'no rules/ or articles/ folder here', hint: 'point --kb at a knowledge-base folder, the one that holds rules/ and articles/' }),
    ]);
    return;
  }
  const files: ({ path: string; kind: 'article' | 'rule' } | undefined)[] = [
    ...(articleFiles ?? []).map((path) => ({ path, kind: 'article' as const })),
    ...(ruleFiles ?? []).map((path) => ({ path, kind: 'rule' as const })),
  ];
  for (let i = 0; i < files.length; i++) {
    if (i > 0 && i % FILES_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    const { path, kind } = files[i]!;
    // Dropped as soon as read: the list outlives many collections, and its paths would otherwise all die at the end.
    files[i] = undefined;
    const file = relative(root, path).split(sep).join('/');
    let text: string;
    try {
      text = readFileSync(path, UTF8);
    } catch (error) {
      sink.diagnostics([createDiagnostic({ file, code: 'KB_E_READ', message: `cannot read the file: ${(error as Error).message}`, hint: 'check the file permissions' })]);
      continue;
    }
    parseInto(sink, file, kind, text);
  }
}

/**
 * Hands files already read (relative path → text, as a load's `sources`) to `sink` exactly as
 * `streamKnowledgeBase` hands files from disk: how a cluster worker compiles the knowledge base
 * its primary loaded, without reading files that may have changed (or broken) since.
 */
export async function streamSources(sources: Iterable<readonly [string, string]>, sink: FileSink): Promise<void> {
  const entries = [...sources].filter(([file]) => kindOf(file) !== undefined);
  // The order of a load from disk: every article, then every rule, each sorted by path.
  const ordered = [...entries.filter(([f]) => kindOf(f) === 'article').sort(byPath), ...entries.filter(([f]) => kindOf(f) === 'rule').sort(byPath)];
  for (let i = 0; i < ordered.length; i++) {
    if (i > 0 && i % FILES_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    const [file, text] = ordered[i]!;
    parseInto(sink, file, kindOf(file)!, text);
  }
}

const byPath = (a: readonly [string, string], b: readonly [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

function kindOf(file: string): 'article' | 'rule' | undefined {
  if (file.startsWith('articles/') && ARTICLE_FILE.test(file)) return 'article';
  if (file.startsWith('rules/') && RULE_FILE.test(file)) return 'rule';
  return undefined;
}

function parseInto(sink: FileSink, file: string, kind: 'article' | 'rule', text: string): void {
  if (kind === 'article') {
    const parsed = parseArticleSource(file, text);
    sink.source(file, text);
    sink.diagnostics(parsed.diagnostics);
    if (parsed.value) sink.article(parsed.value);
  } else {
    const parsed = parseRuleSource(file, text);
    sink.source(file, parsed.value?.source ?? text);
    sink.diagnostics(parsed.diagnostics);
    if (parsed.value) sink.rule(parsed.value);
  }
}

/** Reads every rule under `rules/` and every article under `articles/`; a broken file becomes diagnostics, never an exception. */
export async function readKnowledgeBase(root: string): Promise<LoadedFiles> {
  const result: LoadedFiles = { root, rules: [], articles: [], diagnostics: [], sources: new Map() };
  await streamKnowledgeBase(root, {
    article: (article) => result.articles.push(article),
    rule: (rule) => result.rules.push(rule),
    diagnostics: (diagnostics) => result.diagnostics.push(...diagnostics),
    source: (file, text) => result.sources.set(file, text),
  });
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
