/**
 * Words worth searching for: lower-cased, split on anything but letters and digits. Volatile
 * tokens (ids, hashes, counters) and filler words carry no topic, so they are dropped; 3-digit
 * HTTP statuses and error codes (E0000011, AADSTS50011) are kept because they name the error.
 */
export function searchTerms(text: string): string[] {
  const terms: string[] = [];
  for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    const term = keepTerm(raw);
    if (term) terms.push(term);
  }
  return terms;
}

/** The term as indexed, or undefined when it says nothing about the topic. */
export function keepTerm(raw: string): string | undefined {
  if (raw.length < 2 || raw.length > 24 || STOP_WORDS.has(raw)) return undefined;
  // Most tokens are plain words, which none of the tests below for digits can drop: one look at their characters.
  if (!hasAsciiDigit(raw)) return raw;
  if (/^\d+$/.test(raw)) return /^[1-5]\d\d$/.test(raw) ? raw : undefined;
  // Error codes: letters then digits (E0000011, AADSTS50011, ORA-00942 splits into ora and 00942).
  if (/^[a-z]{1,12}\d{2,12}$/.test(raw)) return raw;
  const digits = raw.replace(/\D/g, '').length;
  // A token that is mostly digits, or long and mixed (a hash or request id), is a value, not a word.
  if (digits && (digits * 2 > raw.length || (raw.length >= 12 && !/^[a-z]+\d+$/.test(raw)))) return undefined;
  return raw;
}

/** Whether the text holds 0-9, what `\d` matches (the tests above take other scripts' digits for letters). */
function hasAsciiDigit(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have he her his how i if in into is it its ' +
    'me my no not of on or our she so than that the their them then there these they this those to too us was we were ' +
    'what when where which while who why will with would you your yours also any all each more most other some such only ' +
    'own same just very via per etc ie eg ' +
    // Boilerplate of logs and stack traces: present in any error, so it says nothing about which one.
    'error errors err exception exceptions failed fail fails failure cannot unable must please get set new create ' +
    'value values null undefined true false line file com org net www http https example string object class ' +
    'java lang at main run info warn warning debug trace fatal because using yes'
  ).split(' '),
);
