import { resolve } from 'node:path';
import { KnowledgeBaseCompiler } from './compile/compile-knowledge-base.js';
import type { KnowledgeBase } from './compile/knowledge-base.js';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { streamKnowledgeBase, streamSources, type FileSink } from './load/read-knowledge-base.js';

export interface LoadResult {
  /** Absent when the files have errors. */
  kb?: KnowledgeBase;
  /** Errors and warnings of every file, sorted by file and position. */
  diagnostics: Diagnostic[];
  /** Source text by relative path, for code frames. */
  sources: Map<string, string>;
}

/**
 * Reads, validates and compiles the knowledge base in `dir` (the folder holding rules/ and
 * articles/), each rule compiled as soon as it is parsed.
 */
export async function loadKnowledgeBase(dir: string): Promise<LoadResult> {
  const root = resolve(dir);
  return compileFrom(root, (sink) => streamKnowledgeBase(root, sink));
}

/**
 * Compiles a knowledge base from files already read (relative path → text, a load's `sources`)
 * as if they were in `root`: the same files give the same knowledge base and fingerprint.
 */
export async function loadKnowledgeBaseFromSources(root: string, sources: Iterable<readonly [string, string]>): Promise<LoadResult> {
  return compileFrom(resolve(root), (sink) => streamSources(sources, sink));
}

async function compileFrom(root: string, stream: (sink: FileSink) => Promise<void>): Promise<LoadResult> {
  const compiler = new KnowledgeBaseCompiler(root);
  await stream({
    article: (article) => compiler.addArticle(article),
    rule: (rule) => compiler.addRule(rule),
    diagnostics: (diagnostics) => compiler.addLoadDiagnostics(diagnostics),
    source: (file, text) => compiler.addSource(file, text),
  });
  const { kb, diagnostics } = compiler.finish();
  return { kb, diagnostics, sources: compiler.sources };
}
