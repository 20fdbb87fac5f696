/**
 * FROZEN REFERENCE — not imported from src/; edited only to change behaviour on purpose.
 *
 * Whether `{` and `[` nest deeper than `limit` (src/match/paste-input.ts nestsDeeperThan) as the
 * plain loop over every character it was before it was made to visit the brackets only.
 */
export function referenceNestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // ESC [ opens a terminal colour or cursor sequence (coloured output), not a nesting level.
    if (c === 91 && i > 0 && text.charCodeAt(i - 1) === 27) continue;
    if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if ((c === 125 || c === 93) && depth > 0) depth--;
  }
  return false;
}
