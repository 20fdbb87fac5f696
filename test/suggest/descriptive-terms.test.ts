// The similarity stage reads a paste's words in one pass (WordNumbers) and tries the path/URL
// regex only where a match can start (withoutScaffolding). Both must give what the plain code
// gives: the regexes applied as global replaces, and descriptiveWords' words looked up one by one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { descriptiveWords, withoutScaffolding } from '../../src/suggest/descriptive-terms.js';
import { NOT_A_TERM, WordNumbers } from '../../src/suggest/word-numbers.js';
import { fuzzRuns } from '../helpers/fuzz-runs.js';
import { pasteArbitrary } from '../helpers/paste-fragments.js';

// The frozen model's regexes (test/suggest/reference/reference-similarity-index.ts), applied as it applies them.
const STACK_FRAME = /^[ \t]*(?:at [^\n]*|File "[^\n]*", line \d+[^\n]*|\.\.\. \d+ more|Traceback \(most recent call last\):?|[\w.$]+\.(?:java|kt|scala|cs|go|py|rb|js|ts):\d+[^\n]*)$/gm;
const PATH_OR_URL = /(?:[a-z][a-z0-9+.-]*:\/\/|[~.]?\/|[a-z]:\\)[^\s'"`)\]]*|\b\d{4}-\d\d-\d\d[t ][\d:.]+z?\b/gi;
const IP_ADDRESS = /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g;
const plainWithoutScaffolding = (text: string) => text.replace(STACK_FRAME, ' ').replace(PATH_OR_URL, ' ').replace(IP_ADDRESS, ' ');

/** Characters and pieces around which paths, URLs, drive letters and dates start, end or nearly match. */
const TRICKY = [
  'a', 'b', 'z', 'Z', 't', 'T', 'h', 'é', 'ß', '1', '2', '0', '9', '-', ':', '/', '\\', '.', '~', '+', '_', ' ', '\n', '\t', '"', "'", '`', ')', ']', '(',
  'https://', 'HTTP://', 'x-y.z+w://', '1a.b://', ':\\', 'c:\\', 'C:\\Users\\x', '~/', './', '../', '//', '2024-01-02', '2024-01-02T10:11:12Z',
  '2024-01-02 10:11:12.', '12024-01-02t1', '2024-01-02t10:00z9', '10.0.0.1:443', '192.168.1.1', 'e-mail', 'foo-bar-baz', '--', 'a-b-c://x',
  'at ', '    at Sync.run (/srv/app/sync.js:10:5)', 'File "/x.py", line 3, in f', '... 4 more', 'Traceback (most recent call last):', 'Foo.java:12',
];
const trickyText = fc.array(fc.constantFrom(...TRICKY), { maxLength: 24 }).map((parts) => parts.join(''));

describe('withoutScaffolding', () => {
  it('removes what the global replaces remove, from tricky text and from pastes', () => {
    fc.assert(
      fc.property(fc.oneof(trickyText, pasteArbitrary), (text) => {
        expect(withoutScaffolding(text)).toBe(plainWithoutScaffolding(text));
      }),
      { numRuns: fuzzRuns(3000) },
    );
  });
});

const VOCABULARY = ['token', 'expired', 'signature', 'status', 'access', 'class', 'aadsts50105', '403', 'e0000011', 'caf', 'naïve', 'straße'];
/** Words the vocabulary's terms come from, and words that are not terms: stop words, boilerplate, values, plurals, other scripts. */
const WORDS = [...VOCABULARY, 'tokens', 'signatures', 'statuses', 'accesses', 'classes', 'the', 'error', 'python3', 'logs', 'abc123def456', '12345', 'x', 'a'.repeat(25), 'TOKEN', 'Expired', 'İstanbul', 'ΣΊΣΥΦΟΣ', 'ﬁle', '٣٤٥', 'café'];

describe('WordNumbers', () => {
  const termIds = new Map(VOCABULARY.map((word, id) => [word, id]));
  const words = new WordNumbers(VOCABULARY, termIds);
  it('numbers the words descriptiveWords takes, in order', () => {
    const separator = fc.constantFrom(' ', '-', '\n', '.', '_', ': ', '"', '\u00a0', '');
    const text = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 6 })), separator), { maxLength: 16 }).map((parts) => parts.map(([w, s]) => w + s).join(''));
    fc.assert(
      fc.property(fc.oneof(text, pasteArbitrary), (t) => {
        expect(words.of(t)).toEqual(descriptiveWords(t).map((word) => termIds.get(word) ?? NOT_A_TERM));
      }),
      { numRuns: fuzzRuns(3000) },
    );
  });
});
