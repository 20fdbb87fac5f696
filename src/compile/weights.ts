/** A phrase weighs more the longer it is: "invalid client secret" is better evidence than "invalid". */
export function phraseWeight(literal: string): number {
  return 1 + 0.25 * (Math.min(literal.split(' ').length, 4) - 1);
}
