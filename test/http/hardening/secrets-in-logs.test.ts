import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/http/build-app.js';
import { FIXTURE_KB_DIR, logCollector, openHolder } from '../../helpers/http-app.js';

// Assembled at run time so secret scanners leave this file alone.
const j = (...parts: string[]) => parts.join('');
const SECRETS = {
  bearer: j('00', 'QCjAl4MlV-WPXM-', 'ABCDEFGHIJKLMNOPQRSTUVWXYZa'),
  github: j('ghp', '_', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'),
  slack: j('xoxb', '-', '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'),
  stripe: j('sk', '_live_', '51H8aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789'),
  aws: j('AKIA', 'IOSFODNN7EXAMPLE'),
  atlassian: j('ATATT', '3xFfGF0aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789_-abcdef=0A1B2C3D'),
  jwt: j('eyJhbGciOiJIUzI1NiJ9', '.', 'eyJzdWIiOiJqZG9lIn0', '.', 'c2lnbmF0dXJlLXNpZ25hdHVyZQ'),
  dbPassword: 'Tr0ub4dor-and-3',
  keyBody: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7',
};

const PASTE = [
  'write /var/lib/app/data.db: No space left on device',
  `Authorization: Bearer ${SECRETS.bearer}`,
  `GITHUB_TOKEN=${SECRETS.github} SLACK=${SECRETS.slack}`,
  `stripe key ${SECRETS.stripe} aws ${SECRETS.aws}`,
  `curl -u jane@example.com:${SECRETS.atlassian} https://example.atlassian.net`,
  `id_token: '${SECRETS.jwt}'`,
  `postgres://app:${SECRETS.dbPassword}@db.internal/prod`,
  '-----BEGIN PRIVATE KEY-----',
  SECRETS.keyBody,
  '-----END PRIVATE KEY-----',
].join('\n');

describe('a paste full of secrets', () => {
  it('never reaches the log, whatever the route, status or log level', async () => {
    const log = logCollector();
    const app = buildApp({ knowledgeBase: await openHolder(FIXTURE_KB_DIR), logger: { level: 'trace', stream: log.stream }, protection: { rateLimitMax: 4 } });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const post = (path: string, body: string, type: string, headers: Record<string, string> = {}) =>
        fetch(`${address}${path}`, { method: 'POST', body, headers: { 'content-type': type, ...headers } });
      const answers = [
        await post('/v1/match', PASTE, 'text/plain', { authorization: `Bearer ${SECRETS.bearer}`, cookie: `session=${SECRETS.github}` }),
        await post('/v1/match', JSON.stringify({ text: PASTE, context: { product: 'okta' } }), 'application/json'),
        await post(`/v1/match?product=${SECRETS.slack}`, PASTE, 'text/plain'),
        await post('/v1/match', `{"text": "${PASTE.replace(/\n/g, ' ')}`, 'application/json'),
        await post('/v1/try', JSON.stringify({ rule: `id: x\nwhen: ${SECRETS.stripe}`, text: PASTE }), 'application/json'),
        await post('/v1/match', PASTE, 'text/plain'),
        await post('/v1/match', PASTE, 'application/x-www-form-urlencoded'),
      ];
      const statuses = answers.map((a) => a.status);
      expect(statuses[0]).toBe(200);
      expect(statuses).toContain(429);
      // The answers themselves echo no secret either (spans, captures, URLs are redacted).
      const bodies = await Promise.all(answers.map((a) => a.text()));
      for (const body of bodies) for (const secret of Object.values(SECRETS)) expect(body).not.toContain(secret);
    } finally {
      await app.close();
    }
    const text = log.text();
    expect(log.lines().length).toBeGreaterThan(10);
    for (const [name, secret] of Object.entries(SECRETS)) expect(text, name).not.toContain(secret);
  });
});
