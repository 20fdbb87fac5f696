/**
 * Characters on which a case-folded ASCII regex run natively can disagree with RE2: the long s
 * and the Kelvin sign fold to s and k in RE2 (and lower-case to themselves in JavaScript), dotted
 * and dotless i are folded differently by locale, and a surrogate pair is one character to RE2
 * but two code units to a non-Unicode RegExp. Text without them takes the fast paths; text with
 * them is matched by RE2 alone.
 */
const HAZARD = /[\u017f\u212a\u0130\u0131\ud800-\udfff]/;

export function hasFoldingHazard(text: string): boolean {
  return HAZARD.test(text);
}
