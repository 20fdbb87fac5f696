/**
 * The two servers the HTTP bench compares, in one process: the real API (POST /v1/match) and a
 * bare fastify route with the same body schema that answers without matching. Reports their
 * ports to the parent over IPC, then serves until killed.
 */
import Fastify from 'fastify';
import { benchBundledDir } from './bundled-dir.js';
import { buildApp } from '../dist/http/build-app.js';
import { loadKnowledgeBase } from '../dist/load-knowledge-base.js';
import { generateKnowledgeBase } from './generate-kb.js';

// As `kb serve` does: rule regexes get native twins. A build from before these two modules moved
// set the flags on importing its matcher, and kept the holder in http/ (bench:compare runs this
// harness on it too).
const fallback = (await import('../dist/util/regexp-linear-fallback.js').catch(() => undefined)) as { enableLinearRegexpFallback(): boolean } | undefined;
fallback?.enableLinearRegexpFallback();
// As `kb serve` does, before the knowledge base loads: no allocation-site pretenuring (src/util/serving-heap.ts says why).
// A build from before that module sets nothing.
const servingHeap = (await import('../dist/util/serving-heap.js').catch(() => undefined)) as { disableAllocationSitePretenuring(): void } | undefined;
servingHeap?.disableAllocationSitePretenuring();
const { KnowledgeBaseHolder } = (await import('../dist/serve/knowledge-base-holder.js').catch(() => import(`../dist/http/${'knowledge-base-holder.js'}`))) as typeof import('../dist/serve/knowledge-base-holder.js');

const MATCH_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['text'],
  properties: {
    text: { type: 'string' },
    context: { type: 'object', additionalProperties: false, properties: { product: { type: 'string', minLength: 1, maxLength: 100 } } },
    limit: { type: 'integer', minimum: 1, maximum: 50 },
  },
} as const;

async function main(): Promise<void> {
  const target = process.argv[2] ?? 'bundled';
  const dir = target === 'bundled' ? benchBundledDir() : generateKnowledgeBase(Number(target)).dir;
  const { kb } = await loadKnowledgeBase(dir);
  if (!kb) throw new Error(`knowledge base ${dir} did not load`);
  const api = buildApp({ knowledgeBase: new KnowledgeBaseHolder(kb) });

  const bare = Fastify({ logger: false });
  bare.post('/v1/match', { schema: { body: MATCH_BODY } }, async (request) => ({ received: (request.body as { text: string }).text.length }));

  const apiAddress = await api.listen({ port: 0, host: '127.0.0.1' });
  const bareAddress = await bare.listen({ port: 0, host: '127.0.0.1' });
  process.send!({ api: apiAddress, bare: bareAddress, rules: kb.rules.length });
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
