import { parentPort } from 'node:worker_threads';
import type { KnowledgeBase } from '../compile/knowledge-base.js';
import { loadKnowledgeBase } from '../load-knowledge-base.js';
import { PasteInputError } from '../match/paste-input.js';
import { moveSpans, redactWithOffsets } from '../redact/redact-secrets.js';
import { tryRule, type TryRuleInput } from './try-rule.js';

/**
 * The worker thread that tries rules (isolated-try.ts starts it): a tried rule's regexes run here,
 * where the server can stop them at the deadline by terminating the thread, since no engine can
 * be interrupted mid-regex. It loads the served knowledge base from its folder once and again
 * whenever the served fingerprint changes.
 */
export interface TryRequest {
  root: string;
  fingerprint: string;
  input: TryRuleInput;
  /** For a page that echoes the paste: answer it redacted, the result's spans moved to match (off the server's thread too). */
  echo?: boolean;
}

export type TryReply = { started: true } | { result: Awaited<ReturnType<typeof tryRule>>; echo?: string } | { refused: { code: string; message: string } } | { failed: string };

let loaded: { root: string; kb: KnowledgeBase } | undefined;

async function knowledgeBase(root: string, fingerprint: string): Promise<KnowledgeBase> {
  if (loaded?.root === root && loaded.kb.fingerprint === fingerprint) return loaded.kb;
  const { kb } = await loadKnowledgeBase(root);
  if (!kb) throw new Error(`the knowledge base in ${root} no longer loads`);
  loaded = { root, kb };
  return kb;
}

parentPort?.on('message', async (request: TryRequest) => {
  let reply: TryReply;
  try {
    const kb = await knowledgeBase(request.root, request.fingerprint);
    // The deadline runs from here: loading the knowledge base (once per thread) is not the trial's doing.
    parentPort!.postMessage({ started: true } satisfies TryReply);
    const result = await tryRule(kb, request.input);
    if (request.echo) {
      const shown = redactWithOffsets(request.input.text);
      reply = { result: moveSpans(result, shown.offset), echo: shown.text };
    } else {
      reply = { result };
    }
  } catch (error) {
    reply = error instanceof PasteInputError ? { refused: { code: error.code, message: error.message } } : { failed: String((error as Error).stack ?? error) };
  }
  parentPort!.postMessage(reply);
});
