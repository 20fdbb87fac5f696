import { createHmac, randomBytes } from 'node:crypto';

/**
 * Keys the paste hash in logs. Made afresh by every process and never written anywhere: a plain
 * hash of a short paste lets whoever reads the log confirm a guessed secret; a keyed one still
 * tells repeats apart within one instance's log, and nothing more.
 */
const INSTANCE_KEY = randomBytes(32);

/**
 * What a log may say about a paste: its length and a short keyed hash (to tell repeats apart).
 * Pastes carry secrets (tokens, emails, hostnames), so their text never reaches a log.
 */
export function describePaste(text: string): { length: number; hmac: string } {
  return { length: text.length, hmac: createHmac('sha256', INSTANCE_KEY).update(text).digest('hex').slice(0, 16) };
}
