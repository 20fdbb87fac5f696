/**
 * FROZEN REFERENCE — not imported from src/; edited only to change behaviour on purpose.
 *
 * The plain model PrefilterIndex.candidates (src/compile/prefilter-index.ts) is held to: the rules,
 * in knowledge-base order, whose requirement (requirements.ts `needOf`) holds on the paste's facts,
 * read directly. A literal key holds when the normalized text includes it, a code or status key
 * when the paste has that code or status, a range when a status falls in it; on text with folding
 * hazards a key clause taken from a regex's literals holds whatever the text (those literals prove
 * nothing there). No index, anchors, scanner or sorted lists: one rule at a time.
 */
import type { CompiledRule } from '../../../src/compile/types.js';
import { needOf, type Need } from '../../../src/compile/requirements.js';
import type { PasteFacts } from '../../../src/facts/paste-facts.js';

export function referenceCandidates(rules: readonly CompiledRule[], facts: PasteFacts): CompiledRule[] {
  return rules.filter((rule) => needHolds(needOf(rule.condition), facts));
}

function needHolds(need: Need, facts: PasteFacts): boolean {
  switch (need.kind) {
    case 'maybe':
      return true;
    case 'range':
      return facts.statuses.some((s) => s.value >= need.gte && s.value <= need.lte);
    case 'all':
      return need.parts.every((part) => needHolds(part, facts));
    case 'any':
      return need.parts.some((part) => needHolds(part, facts));
    case 'key':
      if (need.fromRegex && facts.foldingHazard) return true;
      return need.keys.some((key) => keyPresent(key, facts));
  }
}

function keyPresent(key: string, facts: PasteFacts): boolean {
  const value = key.slice(2);
  if (key.startsWith('t:')) return facts.normalized.text.includes(value);
  if (key.startsWith('c:')) return facts.codes.some((c) => c.value === value);
  return facts.statuses.some((s) => s.value === Number(value));
}
