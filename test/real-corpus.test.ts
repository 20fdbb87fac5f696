// The real-paste corpus (test/fixtures/real): pastes copied from public issue threads, forums and
// vendor pages, each labelled with the article it should reach, plus unrelated errors. This test
// only checks that the corpus is well formed and big enough; how well the engine answers it is
// measured by `npm run quality`, never asserted here (the reporting half must stay unseen).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = path.resolve('test/fixtures/real');
const ARTICLES = new Set(readdirSync(path.resolve('articles')).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)));

// Floors the corpus must not fall below (issue 16: at least 300 in-domain and 150 unrelated).
const FLOORS = { inDomain: 300, unrelated: 150 }; // raised as the corpus grows
const MAX_PER_ARTICLE = 5;
const SHAPES = new Set(['bare', 'log', 'traceback', 'json', 'prose', 'cli', 'page', 'other-language', 'xml', 'html']);

type Row = Record<string, unknown>;

function readJsonl(name: string): Row[] {
  const file = path.join(DIR, name);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as Row;
      } catch (error) {
        throw new Error(`${name}:${i + 1}: not JSON (${(error as Error).message})`);
      }
    });
}

const sets = {
  tuning: readJsonl('tuning.jsonl'),
  reporting: readJsonl('reporting.jsonl'),
  unrelatedTuning: readJsonl('unrelated-tuning.jsonl'),
  unrelatedReporting: readJsonl('unrelated-reporting.jsonl'),
};
const inDomain = [...sets.tuning, ...sets.reporting];
const unrelated = [...sets.unrelatedTuning, ...sets.unrelatedReporting];

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

function countBy(rows: Row[], key: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(String(row[key]), (counts.get(String(row[key])) ?? 0) + 1);
  return counts;
}

describe('real-paste corpus', () => {
  it('meets the size floors', () => {
    expect(inDomain.length).toBeGreaterThanOrEqual(FLOORS.inDomain);
    expect(unrelated.length).toBeGreaterThanOrEqual(FLOORS.unrelated);
  });

  it('in-domain rows have every field, a known article, a URL source and a known shape', () => {
    const problems: string[] = [];
    for (const row of inDomain) {
      for (const key of ['id', 'text', 'article', 'source', 'product', 'runtime', 'shape']) {
        if (typeof row[key] !== 'string' || (row[key] as string).trim() === '') problems.push(`${String(row.id)}: ${key} missing`);
      }
      if (!ARTICLES.has(String(row.article))) problems.push(`${String(row.id)}: no article ${String(row.article)}`);
      if (!isHttpUrl(row.source)) problems.push(`${String(row.id)}: source is not a URL`);
      if (!SHAPES.has(String(row.shape))) problems.push(`${String(row.id)}: unknown shape ${String(row.shape)}`);
    }
    expect(problems).toEqual([]);
  });

  it('unrelated rows have id, text, a URL source and a kind', () => {
    const problems: string[] = [];
    for (const row of unrelated) {
      for (const key of ['id', 'text', 'source', 'kind']) {
        if (typeof row[key] !== 'string' || (row[key] as string).trim() === '') problems.push(`${String(row.id)}: ${key} missing`);
      }
      if ('article' in row) problems.push(`${String(row.id)}: an unrelated paste names an article`);
      if (!isHttpUrl(row.source)) problems.push(`${String(row.id)}: source is not a URL`);
    }
    expect(problems).toEqual([]);
  });

  it('ids are unique across all four files, and no text is in two rows', () => {
    const all = [...inDomain, ...unrelated];
    const dupIds = [...countBy(all, 'id')].filter(([, n]) => n > 1).map(([id]) => id);
    const dupTexts = [...countBy(all, 'text')].filter(([, n]) => n > 1).map(([text]) => text.slice(0, 60));
    expect(dupIds).toEqual([]);
    expect(dupTexts).toEqual([]);
  });

  it(`holds at most ${MAX_PER_ARTICLE} pastes per article`, () => {
    const over = [...countBy(inDomain, 'article')].filter(([, n]) => n > MAX_PER_ARTICLE);
    expect(over).toEqual([]);
  });

  it('splits each article (and each unrelated kind) half and half between tuning and reporting', () => {
    const uneven: string[] = [];
    const check = (tuning: Row[], reporting: Row[], key: string) => {
      const t = countBy(tuning, key);
      const r = countBy(reporting, key);
      for (const group of new Set([...t.keys(), ...r.keys()])) {
        if (Math.abs((t.get(group) ?? 0) - (r.get(group) ?? 0)) > 1) uneven.push(`${key} ${group}: ${t.get(group) ?? 0}/${r.get(group) ?? 0}`);
      }
    };
    check(sets.tuning, sets.reporting, 'article');
    check(sets.unrelatedTuning, sets.unrelatedReporting, 'kind');
    expect(uneven).toEqual([]);
    expect(Math.abs(sets.tuning.length - sets.reporting.length)).toBeLessThanOrEqual(2);
    expect(Math.abs(sets.unrelatedTuning.length - sets.unrelatedReporting.length)).toBeLessThanOrEqual(2);
  });

  it('carries no live-looking secrets (they were replaced by fakes of the same shape)', () => {
    const secret = /gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{40,}|xox[abpr]-\d+-\d+|AKIA[0-9A-Z]{16}|sk_live_[A-Za-z0-9]{20,}|-----BEGIN (?:RSA |EC )?PRIVATE KEY-----/;
    const leaks = [...inDomain, ...unrelated].filter((row) => secret.test(String(row.text))).map((row) => row.id);
    expect(leaks).toEqual([]);
  });
});
