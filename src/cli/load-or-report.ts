import type { KnowledgeBase } from '../compile/knowledge-base.js';
import { resolveKbDir } from '../config.js';
import { formatDiagnostics } from '../diagnostics/format.js';
import { loadKnowledgeBase, type LoadResult } from '../load-knowledge-base.js';
import { write, type CliIo } from './io.js';

/** Loads the knowledge base for a command; on errors prints them and returns undefined. */
export async function loadOrReport(flag: string | undefined, io: CliIo): Promise<{ kb: KnowledgeBase; load: LoadResult } | undefined> {
  const load = await loadKnowledgeBase(resolveKbDir(flag, io.env ?? process.env));
  if (!load.kb) {
    write(io.stderr, `kb: the knowledge base has errors; fix them first (\`kb lint\`):\n\n${formatDiagnostics(load.diagnostics.filter((d) => d.severity === 'error'), load.sources)}`);
    return undefined;
  }
  return { kb: load.kb, load };
}
