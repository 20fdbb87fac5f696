import { describe, expect, it } from 'vitest';
import { ConfigError, resolvePasteLimits } from '../../src/config.js';
import { matchPaste } from '../../src/match/match-paste.js';
import { DEFAULT_PASTE_LIMITS, PasteInputError } from '../../src/match/paste-input.js';
import { knowledgeBaseOf, ruleSource } from '../helpers/knowledge-base.js';

const kb = knowledgeBaseOf({
  'rules/test/forbidden.yaml': ruleSource('forbidden', ['all:', '  - Forbidden', '  - json: { path: error.code, equals: denied }'].join('\n')),
});

async function rejection(text: string, options: Parameters<typeof matchPaste>[2]): Promise<PasteInputError> {
  const error = await matchPaste(kb, text, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PasteInputError);
  return error as PasteInputError;
}

describe('paste limits', () => {
  it('answers within the limits', async () => {
    const result = await matchPaste(kb, 'Forbidden {"error":{"code":"denied"}}', { maxBytes: 100, maxLines: 1, maxJsonDepth: 2 });
    expect(result.matches.map((m) => m.rule.id)).toEqual(['forbidden']);
  });

  it('rejects a paste over the byte limit with 413', async () => {
    const error = await rejection('Forbidden '.repeat(20), { maxBytes: 100 });
    expect([error.code, error.statusCode]).toEqual(['KB_INPUT_TOO_LARGE', 413]);
  });

  it('rejects a paste over the line limit with 413', async () => {
    const error = await rejection('Forbidden\n'.repeat(11), { maxLines: 10 });
    expect([error.code, error.statusCode]).toEqual(['KB_INPUT_TOO_MANY_LINES', 413]);
  });

  it('rejects JSON nested deeper than the limit with 422', async () => {
    const deep = `Forbidden ${'['.repeat(1000)}${']'.repeat(1000)}`;
    const error = await rejection(deep, {});
    expect([error.code, error.statusCode]).toEqual(['KB_INPUT_TOO_DEEP', 422]);
    await expect(matchPaste(kb, 'Forbidden {"error":{"code":"denied"}}', { maxJsonDepth: 1 })).rejects.toMatchObject({ code: 'KB_INPUT_TOO_DEEP' });
  });

  it('reads JSON fields down to the depth limit', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}`);
    const deepKb = knowledgeBaseOf({ 'rules/test/deep.yaml': ruleSource('deep', ['all:', '  - Forbidden', `  - json: { path: ${keys.join('.')}.code, equals: denied }`].join('\n')) });
    const nested = keys.reduceRight((inner, key) => `{"${key}":${inner}}`, '{"code":"denied"}');
    expect((await matchPaste(deepKb, `Forbidden ${nested}`, { maxJsonDepth: 21 })).matches).toHaveLength(1);
    await expect(matchPaste(deepKb, `Forbidden ${nested}`, { maxJsonDepth: 20 })).rejects.toMatchObject({ code: 'KB_INPUT_TOO_DEEP' });
  });

  it('abandons a paste that exceeds its time budget with 422', async () => {
    const error = await rejection('Forbidden {"error":{"code":"denied"}}', { timeoutMs: 0 });
    expect([error.code, error.statusCode]).toEqual(['KB_INPUT_TIMEOUT', 422]);
  });

  it('counts depth, not brackets: many shallow objects pass, one deep one does not', async () => {
    const shallow = `Forbidden ${'{"a":[1,{"b":2}]} '.repeat(200)}`;
    await expect(matchPaste(kb, shallow, { maxJsonDepth: 3 })).resolves.toBeDefined();
    await expect(matchPaste(kb, `${shallow}{"a":[{"b":[1]}]}`, { maxJsonDepth: 3 })).rejects.toMatchObject({ code: 'KB_INPUT_TOO_DEEP' });
    // Closing brackets with nothing open do not make later nesting look shallower.
    await expect(matchPaste(kb, `Forbidden ]]]]]] {"a":{"b":{"c":{}}}}`, { maxJsonDepth: 3 })).rejects.toMatchObject({ code: 'KB_INPUT_TOO_DEEP' });
  });

  it('tells text with a few control characters from binary data', async () => {
    const log = `Forbidden\u001b[31m red \u001b[0m\f\t${'line\r\n'.repeat(100)}`;
    await expect(matchPaste(kb, log)).resolves.toBeDefined();
    expect((await rejection(`Forbidden ${'\u0001\u0002\u0003'.repeat(20)}`, {})).code).toBe('KB_INPUT_BINARY');
    expect((await rejection(`Forbidden ${'\ufffd'.repeat(40)}`, {})).code).toBe('KB_INPUT_BINARY');
  });

  it('still rejects empty and binary pastes with 400', async () => {
    expect((await rejection('   \n', {})).statusCode).toBe(400);
    expect((await rejection('Forbidden\u0000\u0001', {})).code).toBe('KB_INPUT_BINARY');
  });
});

describe('resolvePasteLimits', () => {
  it('takes flags over environment over defaults', () => {
    const env = { KB_MAX_BYTES: '2048', KB_MAX_LINES: '50', KB_MATCH_TIMEOUT_MS: '300' };
    expect(resolvePasteLimits({ maxLines: '7' }, env)).toEqual({ ...DEFAULT_PASTE_LIMITS, maxBytes: 2048, maxLines: 7, timeoutMs: 300 });
    expect(resolvePasteLimits({}, {})).toEqual(DEFAULT_PASTE_LIMITS);
  });

  it('names the setting that has a value it cannot take', () => {
    expect(() => resolvePasteLimits({}, { KB_MAX_JSON_DEPTH: 'deep' })).toThrow(ConfigError);
    expect(() => resolvePasteLimits({}, { KB_MAX_JSON_DEPTH: 'deep' })).toThrow(/KB_MAX_JSON_DEPTH/);
    expect(() => resolvePasteLimits({ maxBytes: '0' }, {})).toThrow(/at least 1/);
  });
});
