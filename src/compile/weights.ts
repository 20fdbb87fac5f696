/** A phrase weighs more the longer it is: "invalid client secret" is better evidence than "invalid". */
export function phraseWeight(literal: string): number {
  let spaces = 0;
  for (let at = literal.indexOf(' '); at !== -1 && spaces < 3; at = literal.indexOf(' ', at + 1)) spaces++;
  return 1 + 0.25 * spaces;
}
