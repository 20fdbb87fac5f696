/**
 * The evaluation sets of `npm run quality` and of the calibration fit: real pastes in the
 * catalog's domain (each with the article it should reach) and real unrelated errors (which
 * should get no answer), read from test/fixtures.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface InDomainPaste {
  id: string;
  text: string;
  article: string;
}

export interface UnrelatedPaste {
  id: string;
  text: string;
  kind?: string;
}

export interface EvaluationSet {
  name: string;
  inDomain: InDomainPaste[];
  unrelated: UnrelatedPaste[];
}

const FIXTURES = join(import.meta.dirname, '../test/fixtures');

/** One JSON object a line; blank lines skipped. Missing file: no lines. */
function readJsonLines<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      try {
        return JSON.parse(line) as T;
      } catch (error) {
        throw new Error(`${file}:${i + 1}: not JSON (${(error as Error).message})`);
      }
    });
}

/** The real-paste corpus half `tuning` or `reporting` (empty until the corpus is in). */
export function realSet(half: 'tuning' | 'reporting'): EvaluationSet {
  const dir = join(FIXTURES, 'real');
  return {
    name: half,
    inDomain: readJsonLines<InDomainPaste>(join(dir, `${half}.jsonl`)),
    unrelated: readJsonLines<UnrelatedPaste>(join(dir, `unrelated-${half}.jsonl`)),
  };
}

/** The hand-written held-out pastes and the out-of-domain guard, as one set. */
export function fixtureSet(): EvaluationSet {
  const heldOut = join(FIXTURES, 'held-out');
  const outOfDomain = join(FIXTURES, 'out-of-domain');
  const inDomain: InDomainPaste[] = [];
  for (const article of readdirSync(heldOut).sort()) {
    if (!statSync(join(heldOut, article)).isDirectory()) continue;
    for (const file of readdirSync(join(heldOut, article)).filter((f) => f.endsWith('.txt')).sort()) {
      inDomain.push({ id: `${article}/${file}`, text: readFileSync(join(heldOut, article, file), 'utf8'), article });
    }
  }
  const unrelated = readdirSync(outOfDomain)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((file) => ({ id: file, text: readFileSync(join(outOfDomain, file), 'utf8') }));
  return { name: 'fixtures', inDomain, unrelated };
}
