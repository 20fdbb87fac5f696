import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import { parsePlainYaml } from '../../src/load/plain-yaml.js';
import { fuzzRuns, fuzzTimeout } from '../helpers/fuzz-runs.js';
import { mutate } from '../fuzz/mutate-source.js';

/** What the `yaml` package answers, as the loader asks it: the reference the fast path must agree with. */
function reference(text: string): { ok: true; value: unknown } | { ok: false } {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) return { ok: false };
  try {
    return { ok: true, value: doc.toJS() };
  } catch {
    // An alias to no anchor passes parseDocument and throws here.
    return { ok: false };
  }
}

/** The fast path either declines, or gives exactly the value `yaml` gives for a file `yaml` accepts. */
function expectAgreement(text: string): boolean {
  const fast = parsePlainYaml(text);
  if (!fast) return false;
  const expected = reference(text);
  expect(expected.ok, `yaml rejects what the fast path accepted: ${JSON.stringify(text)}`).toBe(true);
  if (expected.ok) expect(fast.value, JSON.stringify(text)).toStrictEqual(expected.value);
  return true;
}

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

function yamlFiles(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(ya?ml|md)$/.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    const text = readFileSync(path, 'utf8');
    // Articles: the front matter is the YAML the loader parses.
    const yaml = entry.name.endsWith('.md') ? FRONT_MATTER.exec(text)?.[1] : text;
    if (yaml !== undefined) out.push({ file: relative(dir, path), text: yaml });
  }
  return out;
}

describe('parsePlainYaml', () => {
  it('agrees with `yaml` on every bundled rule and article, and takes the fast path for nearly all', () => {
    const files = [...yamlFiles(join(BUNDLED_KB_DIR, 'rules')), ...yamlFiles(join(BUNDLED_KB_DIR, 'articles'))];
    expect(files.length).toBeGreaterThan(100);
    const fast = files.filter(({ text }) => expectAgreement(text));
    expect(fast.length / files.length).toBeGreaterThan(0.9);
  });

  it('agrees with `yaml` on every test fixture', () => {
    const files = yamlFiles(new URL('../fixtures/', import.meta.url).pathname);
    expect(files.length).toBeGreaterThan(20);
    for (const { text } of files) expectAgreement(text);
  });

  it('declines what the parsers read differently, so `yaml` decides', () => {
    const unsure = [
      '[a, b]: c\n', // a collection as a key
      '{a: 1}: c\n',
      'a: [x, : y]\n', // an empty key: "" in yaml, "null" in js-yaml
      'null: a\n',
      '? a\n: b\n', // explicit keys
      'a: &x 1\nb: *x\n', // anchors and aliases
      'a: !!str 1\n', // tags
      'a: ! 1\n',
      '%YAML 1.1\n---\na: yes\n', // directives and document markers
      '---\na: 1\n',
      'a: 1\n...\n',
      'a: x\tb\n', // tabs
      'a: "x"# c\n', // a comment glued to a quote: an error in yaml only
      'a: [1]# c\n',
      'x:\n  - a:\n      - b\n      -\n  - c\n', // an empty entry js-yaml nests under the wrong list
      'x:\n  - a:\n      - b\n      - # c\n  - c\n',
      '<<: {a: 1}\n', // merge keys
      'a: 1\rb: 2\n', // a lone CR
      '\ufeffa: 1\n',
      'a: |+\n  x\n\n', // keep chomping and indentation indicators
      'a: >2\n   x\n',
      '- a\n- b\n', // a document that is no mapping is an error, which yaml reports
      '>1\n>1',
      'just text\n',
      'a: "unclosed\n', // every error goes to yaml, which reports it
      'a: b: c\n',
      'a: 1\na: 2\n',
    ];
    for (const text of unsure) expect(parsePlainYaml(text), JSON.stringify(text)).toBeUndefined();
  });

  it('reads the core schema scalars as `yaml` does', () => {
    const text = 'a: 1\nb: 0x1F\nc: 0o17\nd: 1_000\ne: 0b11\nf: +5\ng: .5\nh: 1e3\ni: 1.\nj: -.inf\nk: .NaN\nl: 012\nm: 1:20\nn: 2026-11-29\no: yes\np: ~\nq:\nr: "1"\ns: True\nt: NULL\n';
    expect(expectAgreement(text)).toBe(true);
    expect(parsePlainYaml(text)!.value).toMatchObject({ b: 31, c: 15, d: '1_000', e: '0b11', l: 12, n: '2026-11-29', o: 'yes', p: null, q: null, r: '1', s: true, t: null });
  });

  it('takes the fast path for the YAML authors write: flow collections, block scalars, quotes, comments', () => {
    const text = [
      '# yaml-language-server: $schema=../../schemas/rule.schema.json',
      'id: r',
      'when:',
      '  all:',
      '    - any: ["a", b, { status: [401, 403] }]',
      "    - regex: 'x\\d+ ''q'''",
      '    - json: { path: error.code, equals: "E1" }   # a comment',
      'examples:',
      '  match:',
      '    - |',
      '      line one',
      '        indented: "quoted"',
      '    - >-',
      '      folded',
      '      text',
      '    - "escaped \\u00e9 \\" \\\\ \\t"',
      '',
    ].join('\n');
    expect(expectAgreement(text)).toBe(true);
  });

  const RUNS = fuzzRuns(200);
  it(
    'agrees with `yaml` on generated rule-like YAML, mutated or not',
    () => {
      let accepted = 0;
      let fast = 0;
      fc.assert(
        fc.property(yamlDocument, fc.array(mutation, { maxLength: 3 }), (generated, edits) => {
          const text = mutate(generated, edits);
          if (reference(text).ok) accepted++;
          if (expectAgreement(text)) fast++;
        }),
        { numRuns: RUNS },
      );
      // The property proves something only if the fast path takes most of what `yaml` accepts.
      expect(fast / accepted).toBeGreaterThan(0.6);
    },
    fuzzTimeout(RUNS, 20),
  );
});

// Generated YAML: trees of rule-like values written in every style an author might use.

const WORDS = [
  'error', 'Forbidden', 'status', 'a b', 'x: y', 'a:b', 'x #y', '#x', 'x#y', 'true', 'False', 'null', '~', 'yes', '1', '-2', '0x1F', '0o17', '1_000', '1.5',
  '.5', '1e3', '-.inf', '.nan', '2026-11-29', '12:30', '-', '- x', ':', '? q', '[a]', '{b}', 'a, b', "it's", 'say "hi"', 'back\\slash', 'é🙂', '',
  ' lead', 'trail ', '*a', '&a', '!t', '%p', '@x', '`x`', '|', '>', 'line\nbreak', 'two\n\nparagraphs', 'ends\n', 'https://x.example/a?b=c&d=e#f',
];
const KEYS = ['id', 'title', 'when', 'all', 'any', 'not', 'regex', 'status', 'code', 'match', 'no_match', 'steps', 'text', 'a b', '1', 'true', 'x-y', 'k:v', '"q"'];
/** Keys the parsers write differently, or that are no key at all when written plain. */
const ODD_KEYS = ['null', '~', '', '[a, b]', '{k: v}', '<<', '? k', '- k', 'k: v'];

const key = fc.oneof({ arbitrary: fc.constantFrom(...KEYS), weight: 6 }, { arbitrary: fc.string({ maxLength: 6 }), weight: 2 }, { arbitrary: fc.constantFrom(...ODD_KEYS), weight: 1 });

type Tree = string | number | boolean | null | Tree[] | { [key: string]: Tree };

const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Tree>(...WORDS),
    fc.string({ maxLength: 12 }),
    fc.integer({ min: -1000, max: 100000 }),
    fc.constantFrom<Tree>(true, false, null, 1.5, 0),
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.dictionary(key, tie('tree'), { maxKeys: 4 }),
  ),
})).tree;

interface Style {
  indent: number;
  flowBias: number;
  plainBias: number;
  comments: boolean;
  seed: number;
}

/** Writes a tree as YAML; style choices come from a small deterministic generator so shrinking stays stable. */
function writeYaml(value: Tree, style: Style): string {
  let state = style.seed || 1;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) / 0x1000000;
  };
  const pad = (depth: number) => ' '.repeat(style.indent * depth);
  const comment = () => (style.comments && next() < 0.2 ? '  # note: x' : '');

  const scalar = (v: string | number | boolean | null, inFlow: boolean, depth: number): string => {
    if (v === null) return next() < 0.5 ? '' : next() < 0.5 ? '~' : 'null';
    if (typeof v !== 'string') return String(v);
    const r = next();
    if (v.includes('\n') && !inFlow && r < 0.4) {
      const indicator = ['|', '|-', '|+', '>', '>-', '>+'][Math.floor(next() * 6)]!;
      return `${indicator}\n${v.split('\n').map((line) => (line ? pad(depth + 1) + line : '')).join('\n')}`;
    }
    if (r < style.plainBias) return v; // as it stands: valid or not, plain or not
    if (r < style.plainBias + 0.3) return `'${v.replace(/'/g, "''")}'`;
    return JSON.stringify(v);
  };

  const flow = (v: Tree, depth: number): string => {
    if (Array.isArray(v)) return `[${v.map((x) => flow(x, depth)).join(', ')}]`;
    if (v !== null && typeof v === 'object') return `{ ${Object.entries(v).map(([k, x]) => `${scalar(k, true, depth)}: ${flow(x, depth)}`).join(', ')} }`;
    return scalar(v, true, depth);
  };

  const block = (v: Tree, depth: number): string[] => {
    if (Array.isArray(v) && v.length && next() >= style.flowBias) {
      return v.flatMap((item) => {
        const lines = nested(item, depth + 1);
        return [`${pad(depth)}- ${lines[0]!.trimStart()}`, ...lines.slice(1)];
      });
    }
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length && next() >= style.flowBias) {
      return Object.entries(v).flatMap(([k, x]) => {
        const key = scalar(k, true, depth);
        if (x !== null && typeof x === 'object' && (Array.isArray(x) ? x.length : Object.keys(x).length) && next() < 0.7) {
          return [`${pad(depth)}${key}:${comment()}`, ...block(x, depth + 1)];
        }
        const lines = inline(x, depth);
        return [`${pad(depth)}${key}: ${lines[0]}`.trimEnd(), ...lines.slice(1)];
      });
    }
    return [pad(depth) + inline(v, depth).join('\n')];
  };

  const nested = (v: Tree, depth: number): string[] => (v !== null && typeof v === 'object' && next() < 0.6 ? block(v, depth) : [pad(depth) + inline(v, depth - 1).join('\n')]);

  const inline = (v: Tree, depth: number): string[] => {
    const text = v !== null && typeof v === 'object' ? flow(v, depth) : scalar(v, false, depth);
    return `${text}${text.includes('\n') ? '' : comment()}`.split('\n');
  };

  return `${block(value, 0).join('\n')}\n`;
}

const yamlDocument = fc
  .tuple(
    fc.dictionary(key, tree, { minKeys: 1, maxKeys: 5 }),
    fc.record({ indent: fc.integer({ min: 1, max: 4 }), flowBias: fc.double({ min: 0, max: 0.6, noNaN: true }), plainBias: fc.double({ min: 0, max: 0.7, noNaN: true }), comments: fc.boolean(), seed: fc.nat() }),
  )
  .map(([value, style]) => writeYaml(value, style));

const NOISE = [':', '- ', '  ', ' ', '"', "'", '{', '}', '[', ']', ',', '#', ' #', '\n', '|', '>', '? ', '\\', '-', '~', '\r\n', 'é', ': ', '{a: 1}', '[a, b]', '\\u0041'];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...NOISE) }),
  fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
);

