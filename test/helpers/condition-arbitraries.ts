import fc from 'fast-check';

/** What generated rules and pastes are made of: the same words and codes on both sides, so rules hold on some pastes. */
export interface Vocabulary {
  words: readonly string[];
  codes: readonly string[];
  /** Statuses a leaf tests for (`{ status: 403 }`). */
  statuses: readonly number[];
  /** Further leaves, written as in a rule file (`{ regex: "…" }`, `{ status: { gte: 500 } }`). */
  leaves: readonly string[];
}

/** A `when` condition in rule-file syntax: leaves of the vocabulary under nested `all` / `any` / `not`. */
export function conditionOf(vocabulary: Vocabulary): fc.Arbitrary<string> {
  const { words, codes, statuses, leaves } = vocabulary;
  const leaf = fc.oneof(
    fc.constantFrom(...words).map((w) => JSON.stringify(w)),
    fc.subarray([...words], { minLength: 1, maxLength: 2 }).map((ws) => `{ contains: ${JSON.stringify(ws)} }`),
    fc.constantFrom(...statuses).map((s) => `{ status: ${s} }`),
    fc.constantFrom(...leaves),
    fc.constantFrom(...codes).map((c) => `{ code: ${c} }`),
  );
  return fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((children) => `{ all: [${children.join(', ')}] }`),
      fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((children) => `{ any: [${children.join(', ')}] }`),
      tie('node').map((child) => `{ not: ${child} }`),
    ),
  })).node;
}

/** A paste of up to eight parts: the given pieces and filler words, joined by spaces. */
export function pasteOf(pieces: readonly fc.Arbitrary<string>[]): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof(...pieces, fc.constantFrom('ok', 'the', 'server said')), { maxLength: 8 })
    .map((parts) => parts.join(' '));
}
