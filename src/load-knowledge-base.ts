import { resolve } from 'node:path';
import { compileKnowledgeBase } from './compile/compile-knowledge-base.js';
import type { KnowledgeBase } from './compile/knowledge-base.js';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { readKnowledgeBase } from './load/read-knowledge-base.js';

export interface LoadResult {
  /** Absent when the files have errors. */
  kb?: KnowledgeBase;
  /** Errors and warnings of every file, sorted by file and position. */
  diagnostics: Diagnostic[];
  /** Source text by relative path, for code frames. */
  sources: Map<string, string>;
}

/** Reads, validates and compiles the knowledge base in `dir` (the folder holding rules/ and articles/). */
export async function loadKnowledgeBase(dir: string): Promise<LoadResult> {
  const files = await readKnowledgeBase(resolve(dir));
  const { kb, diagnostics } = compileKnowledgeBase(files);
  return { kb, diagnostics, sources: files.sources };
}
