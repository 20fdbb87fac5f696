import fc from 'fast-check';

// Fake credentials shaped like the real formats; assembled at run time so secret scanners leave this file alone.
const j = (...parts: string[]) => parts.join('');

/** Pieces of pastes that the status patterns and phrases accept, nearly accept, or must reject. */
const STATUS_FRAGMENTS = [
  'HTTP/1.1 403', 'HTTP/2 404', 'http 401', 'HTTP/1.0"  500', 'HTTP/1.1 200 OK', 'JiraError HTTP 401', 'HTTP', 'HTTP/',
  'status: 401', 'Status=503', 'status_code 429', 'statusCode":"409"', "http_status '502'", 'response code 400', 'httpCode=404', 'status ', 'Response_Code: 302', 'responsecode=200',
  'code: 403', 'error 500', 'returned a 401', 'responded with HTTP 503', 'received 404', 'got an 429', 'failed with 403', 'HttpError: 401', 'HTTPError(',
  '(503)', '(407)', '(200)', '403 Forbidden', '401 - Unauthorized', '404: Not Found', '500Internal Server Error', '409 conflict',
  'bad  request', 'Too\nMany Requests', 'SERVICE UNAVAILABLE', 'gateway timeout', 'Conflict', 'unauthorized', 'Internal\tServer Error',
  'bad gateway', 'Proxy Authentication Required', 'not\u00a0found', 'forbiddenx', 'xforbidden',
  '200', '403', '5000', '4031', '599', '1999', '40', '3', ': ', '=', '-', '"', "'",
];

/** Vendor codes, errno names, UPPER_SNAKE codes and error-field values, with near misses. */
const CODE_FRAGMENTS = [
  'AADSTS50126', 'AADSTS7000215', 'AADSTS12', 'E0000011', 'E00000111', 'IDX10223', 'IDX1022', 'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN',
  'ESOCKETTIMEDOUT', 'EPROTO', 'EFOO', 'EACCES', 'E', 'INVALID_SESSION_ID', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'A_', '_B',
  'error=invalid_grant', '"error":"invalid_client"', "reason: 'token_expired'", 'occurred=some_thing', 'code: rate_limited', 'Error_Code',
  'errorCode: ', 'error', 'code', 'reason', 'occurred', 'invalid_grant', 'x_1', 'snake_', '_',
  // Codes without their prefix, the products that give it back, and near misses.
  'Sign-in error code: 50105', 'Error Code 50126', 'ERROR_CODES":[7000215]', 'error\n  code: 530032', 'errorCode":"0000011', 'errorcode=0000011',
  'login.microsoftonline.com', 'Entra', 'Azure  AD', 'sign-in', 'Okta', 'OKTA', 'ok\u212aa', 'CoDe', '50105', '1234567',
  'Microsoft Entra: Sign-in error code: 50105', 'https://login.microsoftonline.com/x "error_codes":[7000215]', 'Okta {"errorCode":"0000011"}',
  'login.microsoftonline.com ErrorCode: 50126', 'Entra: error\t\u00a0code 7000215',
];

/** URLs, hosts and host fields. */
const URL_FRAGMENTS = [
  'https://user:pass@api.example.com/x?y=1.', 'http://[::1]:8080/', 'redis://:s3cr3t@cache:6379', 'postgres://app:hunter2@db.internal:5432/prod',
  'ftp://a', 'x://b', 'HTTPS://Example.COM/Path).', 'https://', '://', 'https://a.b/c...;;', 'git+ssh://git@github.com:org/repo.git',
  'abcdefghijklmnop://host/x', 'a.bcdefghijklmnopq://h.st/p', 'x-y.z+w-abcdefghijk://u:p@h', 'http://a://b',
  'ENOTFOUND api.example.com.', 'EAI_AGAIN proxy.corp:', 'ENOTFOUND https://x.y/z', 'getaddrinfo ENOTFOUND ', 'host: db.local', 'hostname="Foo.Bar"',
  'Host=_x', 'host:', 'HOST = a-b.c.', 'hostname', '@', '/', '?', '#', ':', '[', ']',
];

/** JSON objects whole and in pieces. */
const JSON_FRAGMENTS = [
  '{"a":1}', '{"error":{"code":"invalid_grant","details":[{"reason":"expired"}]},"status":400}', '[{"x":[1,2]}]', '{', '}', '[', ']', '"', '\\',
  '{"a":"}"}', '{ not json', '{"status": 429, "message": "slow down"}', '{"a":{"b":{"c":null}}}', '{"":true}', '{"a.b":[]}', '{"k":"\\"}"}',
  '{"errorCode":"INVALID_SESSION_ID","message":"Session expired or invalid"}', '{"__proto__":{"x":1}}', '{"a":1,"a":2}',
];

/** Whitespace of every kind isSpace() knows, and characters it must not take for space. */
const SPACE_FRAGMENTS = [
  ' ', '  ', '\t', '\n', '\r\n', '\v', '\f', '\u00a0', '\u0085', '\u1680', '\u2000', '\u2005', '\u200a', '\u2028', '\u2029', '\u202f',
  '\u205f', '\u3000', '\ufeff', '\u200b', '\u180e', '\u0084', '\u0086', '\u009f',
];

/** Characters whose case mapping is odd: length-changing, locale-dependent, outside the BMP, or lone surrogates. */
const CASE_FRAGMENTS = [
  '\u0130', 'İstanbul', '\u0131', '\u017f', '\u212a', 'ẞ', 'ß', 'ﬁ', 'Σ', 'ς', 'ΐ', 'Ǆ', 'ǅ', '😀', '𐐀', '\ud800', '\udc00', 'Ⅻ', 'Ⓐ', 'ſſ', 'K',
];

/** One secret of every detector's kind, and the keys and headers around them. */
export const SECRET_FRAGMENTS = [
  j('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', '.', 'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkphbmUifQ', '.', 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'),
  j('ghp', '_', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'),
  j('github', '_pat_', '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ'),
  j('gho', '_', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'),
  j('glpat', '-', 'xYz0123456789AbCdEfGh'),
  j('xoxb', '-', '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'),
  j('hooks.slack.com/services/', 'T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'),
  j('sk', '_live_', '51H8aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789'),
  j('rk', '_test_', '51H8aBcDeFgHiJkLmNo'),
  j('whsec', '_', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'),
  j('AKIA', 'IOSFODNN7EXAMPLE'), j('ASIA', 'IOSFODNN7EXAMPLE'),
  j('AIza', 'SyA1234567890abcdefghijklmnopqrstuv'),
  j('npm', '_', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'),
  j('ATATT', '3xFfGF0aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789_-abcdef=0A1B2C3D'),
  j('SSWS ', '00QCjAl4MlV-WPXM-ABCDEFGHIJKLMNOPQRSTUVWXYZa'),
  'Bearer 9f8e7d6c5b4a39281726354453627180', 'bearer\n  9f8e7d6c5b4a39281726354453627180', 'Bearer abc',
  'Authorization: Basic dXNlcjpodW50ZXIy', 'Proxy-Authorization: token abc123', '"authorization": "x"', 'Authorization: Bearer',
  'Cookie: session=abc123; csrftoken=def456', 'Set-Cookie: a=b', 'X-API-Key: 4f3c2b1a-0000-1111-2222-333344445555', 'x-auth-token: true',
  '-----BEGIN RSA PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END RSA PRIVATE KEY-----', '-----BEGIN PRIVATE KEY-----\n', '-----END ',
  'Password=P@ssw0rd!;', 'password=correcthorse', 'client_secret=Qx8~abcDEF123_ghiJKL456', 'access_token=abc.DEF123&', '"password":"pa ss \\"word\\""',
  "'secret': 'x'", 'password: hunter22', 'pwd: null', 'api-key: ${KEY}', 'token: expired', 'signature=abc', 'sig=1', 'credentials="c"', 'private_key = k',
  'password', 'PassWd', 'pwd', 'Secret', 'TOKEN', 'api-key', 'Api_Key', 'access_key', 'private-key', 'credentials', 'signature', 'sig',
  'SSWS ', 'eyJ', 'ghp_', 'github_pat_', 'glpat-', 'xoxp-', 'sk_live_', 'whsec_', 'AKIA', 'AIza', 'npm_', 'ATCTT', 'https://', 'user:', '@host', 'a.bcdefghijklmnopq://u:pw0rd@h', 'x-api-key=abcdef123',
  'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0', 'abcdefghij0123456789ABCDEFGHIJ',
];

const FRAGMENT_KINDS = [STATUS_FRAGMENTS, CODE_FRAGMENTS, URL_FRAGMENTS, JSON_FRAGMENTS, SPACE_FRAGMENTS, CASE_FRAGMENTS, SECRET_FRAGMENTS];

/** A fragment as written, upper-cased or lower-cased (most patterns ignore case, some must not); every kind equally often. */
const fragment = fc.tuple(fc.oneof(...FRAGMENT_KINDS.map((kind) => fc.constantFrom(...kind))), fc.constantFrom('as is', 'upper', 'lower')).map(([text, how]) =>
  how === 'upper' ? text.toUpperCase() : how === 'lower' ? text.toLowerCase() : text,
);

/** Random text between fragments: printable ASCII mostly, any code point sometimes. */
const filler = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom(' ', '\n', ': ', '=', '"', '(', ')', '.', ',', '; ') },
);

/** A paste made of fragments that exercise the extractors' patterns, mixed with random text. */
export const pasteArbitrary = fc.array(fc.oneof({ weight: 3, arbitrary: fragment }, { weight: 2, arbitrary: filler }), { maxLength: 24 }).map((parts) => parts.join(''));

/** A paste cut and spliced from real examples: two slices joined, so patterns meet text cut mid-token. */
export function splicedExampleArbitrary(examples: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...examples), fc.constantFrom(...examples), fc.nat(), fc.nat(), fc.nat(), fc.nat(), pasteArbitrary)
    .map(([a, b, i, k, m, n, middle]) => {
      const [from, to] = [i % (a.length + 1), k % (a.length + 1)].sort((x, y) => x - y);
      const [from2, to2] = [m % (b.length + 1), n % (b.length + 1)].sort((x, y) => x - y);
      return a.slice(from!, to!) + middle + b.slice(from2!, to2!);
    });
}
