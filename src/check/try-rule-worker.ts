import { parentPort } from 'node:worker_threads';
import type { KnowledgeBase } from '../compile/knowledge-base.js';
import { loadKnowledgeBase } from '../load-knowledge-base.js';
import { matchPasteNow } from '../match/match-paste.js';
import { PasteInputError } from '../match/paste-input.js';
import type { MatchOptions, MatchResult } from '../match/types.js';
import { moveSpans, redactWithOffsets } from '../redact/redact-secrets.js';
import { tryRule, type TryRuleInput } from './try-rule.js';

/**
 * The worker thread that tries rules (isolated-try.ts starts it): a tried rule's regexes run here,
 * where the server can stop them at the deadline by terminating the thread, since no engine can
 * be interrupted mid-regex. It also matches the pastes on which a served rule's regex could run
 * past the deadline (match/regex-cost.ts). It loads the served knowledge base from its folder once
 * and again whenever the served fingerprint changes.
 */
export interface TryRequest {
  root: string;
  fingerprint: string;
  input: TryRuleInput;
  /** For a page that echoes the paste: answer it redacted, the result's spans moved to match (off the server's thread too). */
  echo?: boolean;
  /** Instead of a trial: match this paste against the served knowledge base. */
  match?: { text: string; options: MatchOptions };
}

export type TryReply =
  | { started: true }
  | { result: Awaited<ReturnType<typeof tryRule>>; echo?: string }
  | { matched: MatchResult }
  | { refused: { code: string; message: string } }
  | { failed: string };

let loaded: { root: string; kb: KnowledgeBase } | undefined;

async function knowledgeBase(root: string, fingerprint: string): Promise<KnowledgeBase> {
  if (loaded?.root === root && loaded.kb.fingerprint === fingerprint) return loaded.kb;
  const { kb } = await loadKnowledgeBase(root);
  if (!kb) throw new Error(`the knowledge base in ${root} no longer loads`);
  loaded = { root, kb };
  return kb;
}

async function trial(kb: KnowledgeBase, request: TryRequest): Promise<TryReply> {
  const result = await tryRule(kb, request.input);
  if (!request.echo) return { result };
  const shown = redactWithOffsets(request.input.text);
  return { result: moveSpans(result, shown.offset), echo: shown.text };
}

parentPort?.on('message', async (request: TryRequest) => {
  let reply: TryReply;
  try {
    const kb = await knowledgeBase(request.root, request.fingerprint);
    // The deadline runs from here: loading the knowledge base (once per thread) is not the trial's doing.
    parentPort!.postMessage({ started: true } satisfies TryReply);
    reply = request.match ? { matched: matchPasteNow(kb, request.match.text, request.match.options) } : await trial(kb, request);
  } catch (error) {
    reply = error instanceof PasteInputError ? { refused: { code: error.code, message: error.message } } : { failed: String((error as Error).stack ?? error) };
  }
  parentPort!.postMessage(reply);
});
