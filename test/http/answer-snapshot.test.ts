// The answers /v1/match sends, byte for byte, for every bundled rule example, held-out paste and
// out-of-domain paste, against a snapshot taken before the core was reworked: refactoring the
// pipeline must not change a single byte of an answer. `took_ms` is the one value that varies
// from run to run and is written as 0.
//
// A change that is meant to change answers regenerates the snapshot, and the diff shows what changed:
//   UPDATE_SNAPSHOTS=1 npx vitest run test/http/answer-snapshot.test.ts
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';
import { appFor, BUNDLED_KB_DIR } from '../helpers/http-app.js';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const SNAPSHOT = join(FIXTURES, 'answer-snapshots/match-answers.json');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';

/** Every paste of the snapshot, by a name that says where it comes from. */
async function pastes(): Promise<Map<string, string>> {
  const { kb } = await loadKnowledgeBase(BUNDLED_KB_DIR);
  if (!kb) throw new Error('the bundled knowledge base does not load');
  const byName = new Map<string, string>();
  for (const rule of kb.rules) {
    rule.examples.match.forEach((text, i) => byName.set(`rule ${rule.id} › match #${i + 1}`, text));
    rule.examples.no_match.forEach((text, i) => byName.set(`rule ${rule.id} › no_match #${i + 1}`, text));
  }
  const heldOut = join(FIXTURES, 'held-out');
  for (const id of readdirSync(heldOut).sort()) {
    if (!statSync(join(heldOut, id)).isDirectory()) continue;
    for (const file of readdirSync(join(heldOut, id)).filter((f) => f.endsWith('.txt')).sort()) {
      byName.set(`held-out ${id}/${file}`, readFileSync(join(heldOut, id, file), 'utf8'));
    }
  }
  const outOfDomain = join(FIXTURES, 'out-of-domain');
  for (const file of readdirSync(outOfDomain).filter((f) => f.endsWith('.txt')).sort()) {
    byName.set(`out-of-domain ${file}`, readFileSync(join(outOfDomain, file), 'utf8'));
  }
  return byName;
}

const byName = await pastes();
const stored: Record<string, string> = existsSync(SNAPSHOT) ? (JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as Record<string, string>) : {};

describe('/v1/match answers are byte-identical to the snapshot', () => {
  let app: FastifyInstance;
  const answers: Record<string, string> = {};

  beforeAll(async () => {
    app = await appFor(BUNDLED_KB_DIR);
  });

  afterAll(async () => {
    await app.close();
    if (UPDATE) writeFileSync(SNAPSHOT, JSON.stringify(answers, null, 1) + '\n');
  });

  it('covers every paste, and only those', () => {
    expect(byName.size).toBeGreaterThan(300);
    if (!UPDATE) expect(Object.keys(stored).sort()).toEqual([...byName.keys()].sort());
  });

  for (const [name, text] of byName) {
    it(name, async () => {
      const response = await app.inject({ method: 'POST', url: '/v1/match', payload: { text } });
      expect(response.statusCode).toBe(200);
      const answer = response.body.replace(/"took_ms":[0-9.e+-]+/, '"took_ms":0');
      answers[name] = answer;
      if (!UPDATE) expect(answer).toBe(stored[name]);
    });
  }
});
