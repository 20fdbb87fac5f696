import { createHash } from 'node:crypto';

/**
 * What a log may say about a paste: its length and a short hash (to tell repeats apart).
 * Pastes carry secrets (tokens, emails, hostnames), so their text never reaches a log.
 */
export function describePaste(text: string): { length: number; sha256: string } {
  return { length: text.length, sha256: createHash('sha256').update(text).digest('hex').slice(0, 16) };
}
