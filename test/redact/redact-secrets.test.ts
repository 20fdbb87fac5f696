import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DETECTORS, PasteSecrets, findSecrets, redactRange, redactSecrets, redactWithOffsets } from '../../src/redact/redact-secrets.js';
import { fuzzRuns } from '../helpers/fuzz-runs.js';
import { secretSamples } from '../fixtures/secrets/secret-samples.js';

// Fake credentials shaped like the real formats; assembled at run time so secret scanners leave this file alone.
const j = (...parts: string[]) => parts.join('');
const JWT = j('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', '.', 'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkphbmUifQ', '.', 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c');
const GHP = j('ghp', '_', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8');
const GITHUB_PAT = j('github', '_pat_', '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ');
const XOXB = j('xoxb', '-', '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx');
const XOXP = j('xoxp', '-', '123456789012-123456789012-123456789012-0123456789abcdef0123456789abcdef');
const SK_LIVE = j('sk', '_live_', '51H8aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789');
const WHSEC = j('whsec', '_', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
const AKIA = j('AKIA', 'IOSFODNN7EXAMPLE');
const OKTA = j('00', 'QCjAl4MlV-WPXM-ABCDEFGHIJKLMNOPQRSTUVWXYZa');
const ATLASSIAN = j('ATATT', '3xFfGF0aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789_-abcdef=0A1B2C3D');
const GLPAT = j('glpat', '-', 'xYz0123456789AbCdEfGh');
const GOOGLE = j('AIza', 'SyA1234567890abcdefghijklmnopqrstuv');
const NPM = j('npm', '_', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8');
const KEY_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\nVJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZH';

interface Case {
  name: string;
  paste: string;
  secret: string;
  kind: string;
  /** Text around the secret that must stay visible. */
  keeps: string;
}

const CASES: Case[] = [
  { name: 'Authorization: Bearer header', paste: `GET /api/v1/users\nAuthorization: Bearer ${OKTA}x1\nHTTP/1.1 401`, secret: `${OKTA}x1`, kind: 'bearer-token', keeps: 'Authorization: Bearer ' },
  { name: 'Authorization: Basic header', paste: 'authorization: Basic dXNlcjpodW50ZXIy\n403 Forbidden', secret: 'dXNlcjpodW50ZXIy', kind: 'authorization', keeps: 'authorization: Basic ' },
  { name: 'curl -H authorization with a short token', paste: `curl -H "Authorization: token abc123" https://api.github.com/user`, secret: 'abc123', kind: 'authorization', keeps: '"Authorization: token ' },
  { name: 'bearer token in prose', paste: `request failed with bearer 9f8e7d6c5b4a39281726354453627180 (401)`, secret: '9f8e7d6c5b4a39281726354453627180', kind: 'bearer-token', keeps: 'request failed with bearer ' },
  { name: 'JWT', paste: `IDX10223: Lifetime validation failed. token: '${JWT}'`, secret: JWT, kind: 'jwt', keeps: "IDX10223: Lifetime validation failed. token: '" },
  { name: 'GitHub classic token', paste: `remote: Invalid username or password. (${GHP})`, secret: GHP, kind: 'github-token', keeps: 'remote: Invalid username or password. (' },
  { name: 'GitHub fine-grained token', paste: `GH_TOKEN=${GITHUB_PAT} gh api /user -> HTTP 401`, secret: GITHUB_PAT, kind: 'github-token', keeps: ' gh api /user -> HTTP 401' },
  { name: 'Slack bot token', paste: `slack: invalid_auth using ${XOXB}`, secret: XOXB, kind: 'slack-token', keeps: 'slack: invalid_auth using ' },
  { name: 'Slack user token', paste: `{"ok":false,"error":"token_revoked","token":"${XOXP}"}`, secret: XOXP, kind: 'slack-token', keeps: '{"ok":false,"error":"token_revoked","token":"' },
  { name: 'Stripe secret key', paste: `Invalid API Key provided: ${SK_LIVE}`, secret: SK_LIVE, kind: 'stripe-key', keeps: 'Invalid API Key provided: ' },
  { name: 'Stripe webhook secret', paste: `No signatures found matching the expected signature for payload (secret ${WHSEC})`, secret: WHSEC, kind: 'stripe-webhook-secret', keeps: 'No signatures found' },
  { name: 'AWS access key id', paste: `InvalidClientTokenId: The security token included in the request is invalid. AccessKeyId ${AKIA}`, secret: AKIA, kind: 'aws-access-key-id', keeps: 'InvalidClientTokenId: The security token' },
  { name: 'Okta SSWS token', paste: `Authorization: SSWS ${OKTA}\nE0000011: Invalid token provided`, secret: OKTA, kind: 'okta-api-token', keeps: 'Authorization: SSWS ' },
  { name: 'Atlassian API token', paste: `curl -u jane@example.com:${ATLASSIAN} https://example.atlassian.net/rest/api/3/myself`, secret: ATLASSIAN, kind: 'atlassian-api-token', keeps: ' https://example.atlassian.net/rest/api/3/myself' },
  { name: 'GitLab token', paste: `PRIVATE-TOKEN ${GLPAT} 401 Unauthorized`, secret: GLPAT, kind: 'gitlab-token', keeps: ' 401 Unauthorized' },
  { name: 'Google API key', paste: `API key not valid. key=${GOOGLE}`, secret: GOOGLE, kind: 'google-api-key', keeps: 'API key not valid. key=' },
  { name: 'npm token', paste: `//registry.npmjs.org/:_authToken=${NPM}`, secret: NPM, kind: 'npm-token', keeps: '//registry.npmjs.org/:_authToken=' },
  { name: 'password in a URL', paste: 'connect ECONNREFUSED postgres://app:hunter2@db.internal:5432/prod', secret: 'hunter2', kind: 'url-password', keeps: 'postgres://app:' },
  { name: 'password in a Redis URL without user', paste: 'Error: redis://:s3cr3t-pass@cache:6379 NOAUTH', secret: 's3cr3t-pass', kind: 'url-password', keeps: '@cache:6379 NOAUTH' },
  { name: 'password in a connection string', paste: 'Login failed for user. Server=db;Database=app;User Id=sa;Password=P@ssw0rd!;Encrypt=true', secret: 'P@ssw0rd!', kind: 'password', keeps: ';Encrypt=true' },
  { name: 'password= pair', paste: 'FATAL: auth failed (user=admin password=correcthorse)', secret: 'correcthorse', kind: 'password', keeps: 'FATAL: auth failed (user=admin password=' },
  { name: 'secret= pair', paste: 'invalid_client: client_secret=Qx8~abcDEF123_ghiJKL456', secret: 'Qx8~abcDEF123_ghiJKL456', kind: 'secret', keeps: 'invalid_client: client_secret=' },
  { name: 'token in a query string', paste: 'GET https://example.com/cb?access_token=abc.DEF123&state=xyz 400', secret: 'abc.DEF123', kind: 'secret', keeps: '&state=xyz 400' },
  { name: 'JSON "password" field', paste: '{"username":"jdoe","password":"pa ss \\"word\\"","error":"invalid_grant"}', secret: 'pa ss \\"word\\"', kind: 'password', keeps: '","error":"invalid_grant"}' },
  { name: 'YAML password: value', paste: 'datasource:\n  password: hunter22\n  url: jdbc:mysql://db/app', secret: 'hunter22', kind: 'password', keeps: '  url: jdbc:mysql://db/app' },
  { name: 'X-API-Key header', paste: 'X-API-Key: 4f3c2b1a-0000-1111-2222-333344445555\n403', secret: '4f3c2b1a-0000-1111-2222-333344445555', kind: 'api-key', keeps: 'X-API-Key: ' },
  { name: 'Cookie header', paste: 'Cookie: session=abc123; csrftoken=def456\nHTTP/1.1 403', secret: 'session=abc123; csrftoken=def456', kind: 'cookie', keeps: 'Cookie: ' },
  {
    name: 'private key block',
    paste: `Error: error:1E08010C:DECODER routines::unsupported\n-----BEGIN RSA PRIVATE KEY-----\n${KEY_BODY}\n-----END RSA PRIVATE KEY-----\n`,
    secret: KEY_BODY,
    kind: 'private-key',
    keeps: '-----BEGIN RSA PRIVATE KEY-----\n',
  },
  { name: 'private key cut off by the paste', paste: `-----BEGIN PRIVATE KEY-----\n${KEY_BODY}`, secret: KEY_BODY, kind: 'private-key', keeps: '-----BEGIN PRIVATE KEY-----' },
];

describe('redactSecrets', () => {
  for (const c of CASES) {
    it(`hides a ${c.name}`, () => {
      const out = redactSecrets(c.paste);
      expect(out).not.toContain(c.secret);
      expect(out).toContain(`[REDACTED:${c.kind}]`);
      expect(out).toContain(c.keeps);
    });
  }

  it('hides every secret of a paste that holds many', () => {
    const paste = CASES.map((c) => c.paste).join('\n');
    const out = redactSecrets(paste);
    for (const c of CASES) expect(out).not.toContain(c.secret);
  });

  it('leaves ordinary error text unchanged', () => {
    const ordinary = [
      'Error authenticating: Forbidden. Errors reported by remote server: Forbidden',
      'password authentication failed for user "postgres"',
      'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
      'E0000011: Invalid token provided',
      '{"error":"invalid_grant","error_description":"The refresh token is invalid or expired"}',
      'WWW-Authenticate: Bearer realm="api", error="invalid_token", error_description="The access token expired"',
      'bearer authentication failed: token expired',
      'The Authorization header is missing',
      'password: must be at least 12 characters',
      'HTTP/1.1 401 Unauthorized\nContent-Type: application/json',
      'git@github.com: Permission denied (publickey).',
      'https://api.atlassian.com/scim/directory/4c5a1e22-8d7b-4bd5-9a61-0f3a2c9e1b77/Users',
      'ssh: connect to host example.com port 22: Connection refused',
      'token_type=Bearer expires_in=3600 password_reset_required=true',
      '"password": "********"',
      'Caused by: java.sql.SQLException: Access denied for user \'app\'@\'%\' (using password: YES)',
      'at com.example.TokenService.refresh(TokenService.java:42)',
    ];
    for (const text of ordinary) expect(redactSecrets(text), text).toBe(text);
  });

  it('hides personal data: the e-mail of a basic-auth user, an IP address unless asked to keep it', () => {
    expect(redactSecrets(`curl -u jane@example.com:${ATLASSIAN} x`)).toBe('curl -u [REDACTED:email]:[REDACTED:atlassian-api-token] x');
    const limit = 'API rate limit exceeded for 198.51.100.23. (But here\'s the good news: Authenticated requests get a higher rate limit.)';
    expect(redactSecrets(limit)).toContain('exceeded for [REDACTED:ip-address].');
    expect(redactSecrets(limit, { keepIpAddresses: true })).toBe(limit);
    expect(redactSecrets('connect ECONNREFUSED 127.0.0.1:5432')).toBe('connect ECONNREFUSED 127.0.0.1:5432');
  });

  it('hides a secret cut by the edge of a highlighted range', () => {
    const paste = `Authorization: Bearer ${OKTA}x1 rejected`;
    const secrets = findSecrets(paste);
    const cut = paste.indexOf(OKTA) + 10;
    expect(redactRange(paste, secrets, 0, cut)).toBe('Authorization: Bearer [REDACTED:bearer-token]');
    expect(redactRange(paste, secrets, cut, paste.length)).toBe('[REDACTED:bearer-token] rejected');
  });

  it('answers quickly on adversarial text (every pattern is linear)', () => {
    const nasty = ['password'.repeat(20_000), 'a-'.repeat(60_000), `Bearer ${'a'.repeat(100_000)}"`, `postgres://${'u'.repeat(100_000)}`, `"secret":"${'\\'.repeat(100_000)}`, 'eyJ'.repeat(40_000)];
    for (const text of nasty) expect(typeof redactSecrets(text)).toBe('string');
  });
});

describe('detector hints', () => {
  // findSecrets skips a detector whose hints are all absent from the lower-cased text, so a hint
  // list that misses a form the pattern accepts would let that secret through unredacted.
  const matchesWithoutHint = (text: string) =>
    DETECTORS.filter((detector) => {
      // A detector without hints always runs: nothing to miss.
      if (!detector.hints) return false;
      const pattern = new RegExp(detector.pattern.source, detector.pattern.flags);
      return pattern.test(text) && !detector.hints.some((hint) => text.toLowerCase().includes(hint));
    }).map((d) => d.kind);

  it('every known secret format carries one of its detector hints', () => {
    for (const c of CASES) expect(matchesWithoutHint(c.paste), c.name).toEqual([]);
    for (const s of secretSamples()) expect(matchesWithoutHint(s.paste), s.format).toEqual([]);
  });

  it('every session cookie name the session-id pattern knows carries one of its hints', () => {
    const names = ['JSESSIONID', 'PHPSESSID', 'ASP.NET_SessionId', 'ASPSESSIONIDQQGGTTAB', 'connect.sid', 'laravel_session', '_session_id', 'sessionid', 'session_id', 'sid', '_gitlab_session', '_my1app_session', 'CFID', 'CFTOKEN', 'AWSALB', 'AWSALBCORS', 'SSESS0a1b2c'];
    for (const name of names) {
      for (const paste of [`sent ${name}=s3cr3tValue99 again`, `curl -b "${name.toLowerCase()}=Ab12Cd34Ef" https://x`]) {
        expect(findSecrets(paste).map((s) => s.kind), paste).toContain('session-id');
        expect(matchesWithoutHint(paste), paste).toEqual([]);
      }
    }
  });

  it('no generated text matches a detector without one of its hints', () => {
    const fragments = [
      'password', 'PassWd', 'pwd', 'Secret', 'TOKEN', 'api-key', 'Api_Key', 'access_key', 'private-key', 'credentials', 'signature', 'sig',
      'Bearer ', 'authorization', 'Proxy-Authorization', 'Set-Cookie', 'cookie', 'x-api-key', 'X-Auth-Token', 'x-access-token',
      'SSWS ', 'eyJ', 'ghp_', 'github_pat_', 'glpat-', 'xoxb-', 'hooks.slack.com/services/', 'sk_live_', 'rk_test_', 'whsec_',
      'AKIA', 'ASIA', 'AIza', 'npm_', 'ATATT', 'ATCTT', '-----BEGIN RSA PRIVATE KEY-----', 'https://', 'redis://:', 'user:', '@host',
      ': ', '=', '"', "'", ' ', '\n', '.', '_', '-', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0', 'abcdefghij0123456789ABCDEFGHIJ',
      'JSESSIONID', 'PHPSESSID', 'ASP.NET_SessionId', 'ASPSESSIONIDQQ', 'connect.sid', 'laravel_session', '_session_id', 'SessionId', 'session_id', 'sid', '_gitlab_session',
      '_my1_session', 'CFID', 'CFTOKEN', 'AWSALBCORS', 'SSESSx1', 'Session', 'abc123xyz',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 12 }), (parts) => {
        expect(matchesWithoutHint(parts.join(''))).toEqual([]);
      }),
      { numRuns: fuzzRuns(3000) },
    );
  });
});

describe('PasteSecrets', () => {
  // It scans only the lines around a range; what it hides must be what a scan of the whole paste hides.
  const lines = [
    ...CASES.map((c) => c.paste),
    'INFO request started', 'WARN retrying in 5s', `Authorization: Bearer`, `  ${JWT}`, 'Authorization: Bearer\n  9f8e7d6c5b4a39281726354453627180', 'password:', 'token = abc123def456ghi789',
    'https://user:hunter2@db.example.com/x', '',
  ].filter((line) => !line.includes('PRIVATE KEY'));
  const padding = 'x'.repeat(500);

  it('hides in any range of a long paste what a whole scan hides', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...lines), { minLength: 20, maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(200)), { minLength: 1, maxLength: 8 }),
        (picked, ranges) => {
          const text = picked.map((line, i) => (i % 2 ? line : `${padding} ${line}`)).join('\n');
          expect(text.length).toBeGreaterThan(4096);
          const whole = findSecrets(text);
          const secrets = new PasteSecrets(text);
          for (const [at, length] of ranges) {
            // Half the ranges start at or near a secret, where a narrow scan would go wrong.
            const near = whole.length && at % 2 ? whole[at % whole.length]!.start - (at % 40) : at;
            const start = Math.max(0, near) % text.length;
            const end = Math.min(text.length, start + length);
            expect(secrets.redact(start, end)).toBe(redactRange(text, whole, start, end));
          }
        },
      ),
      { numRuns: fuzzRuns(300) },
    );
  });

  it('scans a paste holding a private key whole', () => {
    const text = `${'log line\n'.repeat(600)}-----BEGIN PRIVATE KEY-----\n${KEY_BODY}\n-----END PRIVATE KEY-----\n`;
    const secrets = new PasteSecrets(text);
    const inKey = text.indexOf(KEY_BODY.slice(40, 60));
    expect(secrets.redact(inKey, inKey + 10)).toBe('[REDACTED:private-key]');
  });
});

describe('redactWithOffsets (what a page echoes)', () => {
  const token = 'ghp_Q7f9xKm2LwPz8RtV3nBcYd6HsJa1EuGo4Xi5';
  const split = `${token.slice(0, 14)}\u001b[1m${token.slice(14, 30)}\u001b[0m${token.slice(30)}`;

  it('hides a token split by colour codes, every piece of it', () => {
    const paste = `\u001b[31mERROR\u001b[0m: push refused for ${split} (check the token)`;
    const shown = redactWithOffsets(paste);
    expect(shown.text).toContain('[REDACTED:');
    for (const piece of [token.slice(0, 14), token.slice(14, 30), token.slice(30)]) expect(shown.text).not.toContain(piece);
    // Offsets after the secret still land on the same text.
    const after = paste.indexOf('(check');
    expect(shown.text.slice(shown.offset(after))).toBe('(check the token)');
  });

  it('shows a coloured paste with no secret as it came', () => {
    const paste = '\u001b[33mwarn\u001b[0m: retrying request 3 of 5';
    expect(redactWithOffsets(paste).text).toBe(paste);
  });
});
