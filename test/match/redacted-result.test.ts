import { describe, expect, it } from 'vitest';
import { matchPaste } from '../../src/match/match-paste.js';
import { knowledgeBaseOf, ruleSource } from '../helpers/knowledge-base.js';

const TOKEN = ['00', 'QCjAl4MlV-WPXM-', 'ABCDEFGHIJKLMNOPQRSTUVWXYZa'].join('');
const DB_PASSWORD = 'hunter2-prod';

const kb = knowledgeBaseOf({
  'rules/test/echo-token.yaml': ruleSource(
    'echo-token',
    ['all:', '  - Forbidden', "  - regex: 'bearer \\S+'", "  - url: { contains: 'postgres' }"].join('\n'),
    ['captures:', '  token:', "    regex: 'Bearer (\\S+)'"].join('\n'),
  ),
});

describe('matchPaste echoes no secret', () => {
  const paste = `POST /v1/users\nAuthorization: Bearer ${TOKEN}\n403 Forbidden\nwhile connecting to postgres://app:${DB_PASSWORD}@db.internal:5432/prod`;

  it('redacts highlighted spans, captures and URLs, and keeps the rest of the text', async () => {
    const result = await matchPaste(kb, paste);
    expect(result.matches[0]?.rule.id).toBe('echo-token');
    const json = JSON.stringify(result);
    expect(json).not.toContain(TOKEN);
    expect(json).not.toContain(DB_PASSWORD);

    const match = result.matches[0]!;
    expect(match.captures.token).toBe('[REDACTED:bearer-token]');
    const regexSpan = match.explanation.matched.find((m) => m.fact === 'regex')!.spans[0]!;
    expect(regexSpan.text).toBe('Bearer [REDACTED:bearer-token]');
    // Offsets still point into the paste the caller holds, so highlighting lands on the right characters.
    expect(paste.slice(regexSpan.start, regexSpan.end)).toBe(`Bearer ${TOKEN}`);
    expect(result.facts.urls).toEqual(['postgres://app:[REDACTED:url-password]@db.internal:5432/prod']);
    expect(result.facts.hosts).toContain('db.internal');
  });

  it('leaves a paste without secrets exactly as it was', async () => {
    const clean = 'Authorization header missing\n403 Forbidden\nbearer scheme required by postgres://db.internal/prod';
    const result = await matchPaste(kb, clean);
    expect(result.facts.urls).toEqual(['postgres://db.internal/prod']);
    expect(JSON.stringify(result)).not.toContain('REDACTED');
  });
});
