import { SP, entropyOf, isIdentifier, looksLikeBareValue, looksLikeToken, looksLikeValue, type Detector, type Prescreen, type SecretSpan } from './detector.js';
import type { TextHints } from './hint-scan.js';

/**
 * What a paste holds beyond the files a secret scanner reads: credentials in headers, command
 * lines, URLs, cookies and configuration in every syntax people paste (JSON, YAML, .env, XML,
 * PHP and Ruby hashes, connection strings), tokens wrapped across lines, and key armour in any
 * case. Each detector hides the value and leaves the name, so the answer still says what failed.
 */

/**
 * Names whose value is a secret. Suffixes pass (`password_hash`, `client_secret_value`) and
 * prefixes too (`DB_PASS`, `JWT_SIGNING_KEY`), since the name is not anchored at a word start.
 */
const SECRET_NAME = String.raw`(?:pass(?:word|wd|phrase|code)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?|signature|\bsig|(?:session|signing|encryption|master|app|account|subscription|shared[_-]?access|auth|client|license|storage|sas|aes|hmac|jwt)[_-]?key|client-key-data|key[_-]?data|session[_-]?id|sessid|cookie[_-]?secret|SAMLResponse|salt)[\w.-]{0,30}`;
/** Every name SECRET_NAME accepts contains one of these (lower case); after one, the hint scan watches for `:` or `=` (TextHints.separatorAfter). */
export const SECRET_NAME_HINTS = ['pass', 'pwd', 'secret', 'token', 'key', 'credential', 'sig', 'sessid', 'session', 'samlresponse', 'salt'];
/** Names that hold a secret-like word but describe one (a count, a type, an id, a policy), not a secret. */
const DESCRIBES_A_SECRET =
  /(?:^|[_.-])(?:max|min|num|total|prompt|completion|input|output)[_-]?tokens?|tokens?[_.-]?(?:used|count|limit|type|endpoint|url|uri|expir\w*|ttl|lifetime|name|file|path|validity)$|key[_.-]?(?:id|name|alias|size|length|type|vault\w*|file|path|usage|format|spec|version|fingerprint|hash)$|secret[_.-]?(?:name|id|arn|ref|version|length|type|file|path|provider)s?$|pass(?:word)?[_.-]?(?:reset\w*|policy|expir\w*|length|min\w*|max\w*|required|changed\w*|last\w*|age|hint|strength|file|path|rotation\w*|never\w*|must\w*|auth\w*|prompt)$|signature[_.-]?(?:version|method|algorithm|type)$|(?:exception|error|errors|failed|failure|parameters|params|options|settings|count|number|provider|handler|service|validator|manager|type)$|^(?:pass(?:ed|es|ing)?|bypass|compass|keyboard|keys|tokenizer|signatures|salty?|sig_?alg)$/i;
/** Names too common in prose for an unquoted `name: value` (YAML, log fields) unless the value looks made. */
const NOT_A_NAME = /^(?:pass(?:ed|es|ing)?|bypass|compass|keyboard|keys?|tokens|tokenizer|signatures?|salt(?:y)?)$/i;

/** Keyed values are named after their name: passwords, or secrets of every other kind. */
export const KEYED = 'keyed';

const acceptNamed = (s: string, text: string, start: number) => looksLikeValue(s) && !nameBefore(text, start, DESCRIBES_A_SECRET);
/** An unquoted value after `name:` — more often prose — must look made, not written. */
const acceptBare = (s: string, text: string, start: number) => looksLikeBareValue(s) && !nameBefore(text, start, NOT_A_NAME) && !nameBefore(text, start, DESCRIBES_A_SECRET);

/** Whether the name just before `start` (up to the separator) is one `pattern` rejects. */
function nameBefore(text: string, start: number, pattern: RegExp): boolean {
  const before = text.slice(Math.max(0, start - 60), start);
  const name = /([\w.-]+)["']?\s*(?:=>|:=|[:=,])\s*["'\x60]?$/.exec(before)?.[1];
  return name !== undefined && pattern.test(name);
}

/** `code=7000215` in an error page's URL is the error's number, not an OAuth code (those are long and mixed). */
const isErrorCode = (s: string) => s.length < 12 || /^[\d.-]+$/.test(s) || /^[A-Z]+\d+$/.test(s);

/** The command line before `start`, on its line. */
const lineBefore = (text: string, start: number) => text.slice(Math.max(0, text.lastIndexOf('\n', start - 1) + 1, start - 300), start);

/**
 * `-pSECRET` is a password only to the MySQL tools, and `-u user:secret` only to the HTTP and
 * transfer tools (`docker run -u 1000:1000` is a uid).
 */
function acceptCommandLine(s: string, text: string, start: number): boolean {
  if (!looksLikeValue(s)) return false;
  const before = lineBefore(text, start);
  if (/(?:^|\s)-p$/.test(before)) return /\b(?:mysql\w*|mariadb\w*)\b/i.test(before);
  if (/(?:^|\s)(?:-u|--user|--proxy-user)\s+["']?[^\s:"']+:$/.test(before)) return /\b(?:curl|wget|http|https|httpie|lftp|ftp|svn|git|ab|hey|siege|xh|aria2c)\b/i.test(before);
  return true;
}

/**
 * The part the four `name: value` detectors below share: a secret name, then `:` or `=` (`=>` and
 * `:=` start so). Where it first matches, the first of them can; a text with a secret-like word
 * but no such name before a separator (most error messages that say "token") runs none.
 */
const NAME_THEN_SEPARATOR: Prescreen = { pattern: new RegExp(String.raw`${SECRET_NAME}["']?${SP}*[:=]`, 'gi'), lookBack: 0 };
/**
 * The gate of those four: after the hint inside a name come only the rest of the name and
 * `[\w.-]` (all `[\w.-]`), a quote and spaces (SP's are non-ASCII), then `:` or `=`; the hint
 * scan watches for that after each of SECRET_NAME_HINTS (redact-secrets.ts HINT_INDEX).
 */
const afterNameSeparator = (hints: TextHints) => hints.separatorAfter(SECRET_NAME_HINTS);
/**
 * Where the names before those separators are: a match of the four lies within one line (no
 * pattern of theirs reads a line break, nor `\b` at a line's start anything but a break), on
 * which the hint scan saw the separator after its name, and starts at most 14 characters before
 * the first hint in the name's characters (SECRET_NAME holds a hint at most 14 characters in:
 * `shared_access_key`). On a 2 KiB log with one `token=` line the four search that line, where
 * each searched the log from the first name before a separator on (no literal starts
 * SECRET_NAME: V8 tries it at every position).
 */
const NAMES_BEFORE_SEPARATOR: NonNullable<Detector['anchors']> = { at: (hints) => hints.hintsBeforeSeparator(SECRET_NAME_HINTS), lookBack: 14 };

/**
 * What follows the scheme in a URL with a password (`://user:password@`): its first match is at
 * most a scheme's length (16) after where the URL detector's first match starts. Led by `://`, it
 * skips the text between URLs fast, where the detector tries a scheme at every word.
 */
const URL_CREDENTIALS: Prescreen = { pattern: /:\/\/[^\s:/?#@"'<>]{0,256}:[^\s/?#"'<>]{1,256}@/g, lookBack: 16 };

/** A list of hints for the gates that ask whether a text holds `@` (passwords before a host). */
const AT_SIGN: readonly string[] = ['@'];
/** The hint lists the gates ask about, for the hint scan's index. */
export const GATE_HINT_LISTS: readonly (readonly string[])[] = [AT_SIGN];

export const PASTE_DETECTORS: readonly Detector[] = [
  // An AWS key pair as the console's CSV and `aws configure list` show it: the id, then the secret.
  { kind: 'aws-secret-key', pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}["']?[ \t,;:|]{1,10}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/dg, group: 1, hints: ['akia', 'asia'] },
  { kind: 'okta-api-token', pattern: new RegExp(String.raw`\bSSWS${SP}+\r?\n?${SP}*([A-Za-z0-9_-]{20,})`, 'dg'), group: 1, hints: ['ssws'], crossesLines: true },
  { kind: 'bearer-token', pattern: new RegExp(String.raw`\bbearer(?:${SP}|\+|%20)+\r?\n?${SP}*([A-Za-z0-9._~+/-]{8,}=*)(?![A-Za-z0-9._~+/="-])`, 'dgi'), group: 1, accept: looksLikeToken, hints: ['bearer'], crossesLines: true },
  {
    // Authorization: Basic dXNlcjpwYXNz / Authorization: token abc… / "authorization": "…"; the scheme stays visible.
    kind: 'authorization',
    pattern: new RegExp(String.raw`\b(?:proxy-)?authorization["']?${SP}*[:=]${SP}*["']?(?:(?:bearer|basic|ssws|token|digest|negotiate|ntlm|apikey|sso-key|aws4-hmac-sha256|hmac|dpop|mac)${SP}+)?([^\s"']+(?:${SP}?,${SP}?[^\s"']+)*)`, 'dgi'),
    group: 1,
    accept: looksLikeValue,
    hints: ['authorization'],
  },
  { kind: 'cookie', pattern: new RegExp(String.raw`\b(?:set-)?cookie["']?${SP}*:${SP}*["']?([^\r\n"']+)`, 'dgi'), group: 1, hints: ['cookie'] },
  {
    // Session cookies by name, wherever they appear (a log line, a curl -b, a browser's copy).
    kind: 'session-id',
    pattern: /\b(?:JSESSIONID|PHPSESSID|ASP\.NET_SessionId|ASPSESSIONID\w*|connect\.sid|laravel_session|_session_id|sessionid|session_id|sid|_gitlab_session|_[a-z0-9]+_session|CFID|CFTOKEN|AWSALB\w*|SSESS\w+)=([^\s;,"'&<>]{6,})/dgi,
    group: 1,
    accept: looksLikeValue,
    // Each name with the `=` after it where the name is whole (`session=` for `laravel_session=`,
    // `_gitlab_session=` and `_x_session=`; `sessionid=` for `JSESSIONID=` and `ASP.NET_SessionId=`;
    // `sid=` for `connect.sid=`): an error that says "session" runs it no more.
    hints: ['sessionid=', 'sessid=', 'aspsessionid', 'session=', 'session_id=', 'sid=', 'cfid=', 'cftoken=', 'awsalb', 'ssess'],
  },
  {
    kind: 'api-key',
    pattern: new RegExp(String.raw`\b(?:x-(?:api-key|auth-token|access-token|functions-key|vault-token|goog-api-key|amz-security-token|shopify-access-token|figma-token|postmark-server-token|algolia-api-key|riot-token|apikey|api-token)|ocp-apim-subscription-key|private-token|api-key|apikey|api-token|job-token|deploy-token)["']?${SP}*:${SP}*["']?([^\s"']+)`, 'dgi'),
    group: 1,
    accept: looksLikeValue,
    hints: ['x-', 'ocp-apim-subscription-key', 'private-token', 'api-key', 'apikey', 'api-token', 'job-token', 'deploy-token'],
  },
  // scheme://user:password@host, redis://:password@host; the password may hold `@` (the last `@` before the host ends it).
  {
    kind: 'url-password',
    pattern: /\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s:/?#@"'<>]{0,256}:([^\s/?#"'<>]{1,256})@(?=[^\s@/?#"'<>]{1,256}(?:[\s/?#"'<>]|$))/dgi,
    group: 1,
    accept: looksLikeValue,
    hints: ['://'],
    // Every match holds `@` after the password.
    gate: (hints) => hints.any(AT_SIGN),
    prescreen: URL_CREDENTIALS,
  },
  {
    // curl -u user:password, wget --password=…, mysql -pPASSWORD, --password PASSWORD, --token …
    kind: 'command-line-password',
    pattern: new RegExp(String.raw`(?:\s|^)(?:(?:-u|--user|--proxy-user)${SP}+["']?[^\s:"']{1,128}:([^\s"']{1,256})|-p([^\s"'-][^\s"']{0,255})|--(?:password|passwd|pass|token|api-key|secret|client-secret|auth-token|access-token)(?:=|${SP}+)["']?([^\s"']{1,256}))`, 'dgim'),
    group: [1, 2, 3],
    accept: acceptCommandLine,
    hints: ['-u', '--user', '--proxy-user', '-p', '--pass', '--token', '--api-key', '--secret', '--client-secret', '--auth-token', '--access-token'],
  },
  {
    // Oracle: sqlplus scott/tiger@db, CONNECT user/pw@//host:1521/svc
    kind: 'password',
    pattern: /\b(?:sqlplus|rman|sqlldr|expdp|impdp|exp|imp|dgmgrl|connect|conn)(?:\s+-\w+)*\s+["']?[\w$#.]{1,128}\/([^\s/@"']{1,128})@/dgi,
    group: 1,
    accept: looksLikeValue,
    hints: ['sqlplus', 'rman', 'sqlldr', 'expdp', 'impdp', 'exp', 'imp', 'dgmgrl', 'conn'],
    // `\s+` between the command, its flags and the login.
    crossesLines: true,
    // Every match ends with `@`: without one the prescreen is not run either.
    gate: (hints) => hints.any(AT_SIGN),
    // The password and `@` after the user's `/`: `exp` and `conn` are in most error messages, this is rarely (any number of flags may come before it, so it only gates).
    prescreen: { pattern: /\/[^\s/@"']{1,128}@/g, lookBack: Infinity },
  },
  {
    // <password>…</password>, <Password>…</Password>, <add key="DbPassword" value="…"/>
    kind: KEYED,
    pattern: new RegExp(String.raw`<(?:[\w-]+:)?${SECRET_NAME}(?:\s[^<>]{0,200})?>([^<]{1,512})</|<add\s+key="[^"]*(?:pass|pwd|secret|token|key)[^"]*"\s+value="([^"]{1,512})"`, 'dgi'),
    group: [1, 2],
    accept: acceptNamed,
    hints: ['<'],
    // A tag's text and attributes may hold line breaks.
    crossesLines: true,
  },
  {
    // PHP and Ruby hashes: 'password' => 'x', :password => "x"
    kind: KEYED,
    pattern: new RegExp(String.raw`${SECRET_NAME}["']?${SP}*=>${SP}*(?:"((?:[^"\\\r\n]|\\.){1,512})"|'((?:[^'\\\r\n]|\\.){1,512})')`, 'dgi'),
    group: [1, 2],
    accept: acceptNamed,
    hints: SECRET_NAME_HINTS,
    prescreen: NAME_THEN_SEPARATOR,
    gate: afterNameSeparator,
    anchors: NAMES_BEFORE_SEPARATOR,
  },
  {
    // PHP constants: define('DB_PASSWORD', 'x');
    kind: KEYED,
    pattern: new RegExp(String.raw`\bdefine\(${SP}*["'][\w.-]*${SECRET_NAME}["']${SP}*,${SP}*(?:"((?:[^"\\\r\n]|\\.){1,512})"|'((?:[^'\\\r\n]|\\.){1,512})')`, 'dgi'),
    group: [1, 2],
    accept: looksLikeValue,
    hints: ['define('],
  },
  // "password": "…", password: "…", password = '…' (JSON, YAML, TOML, code, logfmt with quotes).
  {
    kind: KEYED,
    pattern: new RegExp(String.raw`${SECRET_NAME}["']?${SP}*(?::=|[:=])${SP}*(?:"((?:[^"\\\r\n]|\\.){1,512})"|'((?:[^'\\\r\n]|\\.){1,512})'|\x60([^\x60\r\n]{1,512})\x60)`, 'dgi'),
    group: [1, 2, 3],
    accept: acceptNamed,
    hints: SECRET_NAME_HINTS,
    prescreen: NAME_THEN_SEPARATOR,
    gate: afterNameSeparator,
    anchors: NAMES_BEFORE_SEPARATOR,
  },
  // password=… pairs: .env files, query strings, connection strings (Password=…;), export lines.
  { kind: KEYED, pattern: new RegExp(String.raw`${SECRET_NAME}["']?${SP}*=${SP}*([^\s"'&;,<>]{1,512})`, 'dgi'), group: 1, accept: acceptNamed, hints: SECRET_NAME_HINTS, prescreen: NAME_THEN_SEPARATOR, gate: afterNameSeparator, anchors: NAMES_BEFORE_SEPARATOR },
  // password: value, token: value (YAML, log fields) — the value must look made rather than written.
  { kind: KEYED, pattern: new RegExp(String.raw`${SECRET_NAME}["']?${SP}*:${SP}+([^\s"',;()]{1,512})`, 'dgi'), group: 1, accept: acceptBare, hints: SECRET_NAME_HINTS, prescreen: NAME_THEN_SEPARATOR, gate: afterNameSeparator, anchors: NAMES_BEFORE_SEPARATOR },
  {
    // OAuth codes, tokens, passwords and signatures in a query string or a form body.
    kind: 'url-parameter',
    pattern: /[?&;#](?:code|pass|pw|pwd|passwd|password|token|access_token|id_token|refresh_token|auth|auth_token|authkey|key|api_key|apikey|api-key|client_secret|secret|sig|signature|x-amz-signature|x-amz-security-token|x-goog-signature|x-goog-credential|samlresponse|session|sessionid|sid|ticket|jwt|assertion|otp|private_token)=([^\s&#;"'<>]{4,})/dgi,
    group: 1,
    accept: (s, text, start) => looksLikeValue(s) && !/^(?:[a-z]+_)*(?:error|code|denied|invalid|token|true|false)$/i.test(s) && !(isErrorCode(s) && /[?&;#]code=$/i.test(text.slice(start - 6, start))),
    // Each name above with its `=`, or a name ending so (`token=` for `access_token=` and `x-amz-security-token=`, `key=` for `api_key=`).
    hints: ['code=', 'pass=', 'pw=', 'pwd=', 'passwd=', 'password=', 'token=', 'auth=', 'key=', 'secret=', 'sig=', 'signature=', 'credential=', 'samlresponse=', 'session=', 'sessionid=', 'sid=', 'ticket=', 'jwt=', 'assertion=', 'otp='],
  },
];

/** Every name findNamedHighEntropy starts with holds one of these; after one, the hint scan watches for its value (TextHints.valueAfterName). */
export const NAMED_VALUE_HINTS: readonly string[] = ['secret', 'pass', 'token', 'credential', 'key'];

/**
 * A high-entropy value close after a secret-like name with no `=` or `:` in between (a table, a
 * CSV, `aws configure` output, "secret key wJalr…"): what a person pastes when they copy a
 * credentials screen. Identifiers (UUIDs, hashes) stay: they say which request failed.
 */
export function findNamedHighEntropy(text: string): SecretSpan[] {
  const found: SecretSpan[] = [];
  const pattern = /\b(?:secret|password|passwd|token|credential|api[ _-]?key|access[ _-]?key|private[ _-]?key|auth[ _-]?key|account[ _-]?key|signing[ _-]?key|client[ _-]?secret)s?\b[^\n]{0,80}?(?<![A-Za-z0-9+/=_~.-])([A-Za-z0-9+/_~.-]{20,512}={0,3})(?![A-Za-z0-9+/=_~.-])/dgi;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const [start, end] = m.indices![1]!;
    const value = text.slice(start, end);
    pattern.lastIndex = end;
    if (isIdentifier(value) || !/\d/.test(value) || entropyOf(value) < 3.5 || value.includes('[REDACTED') || looksLikeAddress(value)) continue;
    found.push({ start, end, kind: 'high-entropy-secret' });
  }
  return found;
}

/** A path, a URL's remainder or a host name: dots and slashes together, or a leading slash (keys have neither). */
const looksLikeAddress = (s: string) => s.startsWith('/') || (s.includes('/') && s.includes('.')) || /^(?:[a-z0-9-]+\.)+[a-z]{2,}$/i.test(s);

/** Base64url characters, and the space a wrapped or pretty-printed token is broken with. */
const B64URL = /[A-Za-z0-9_-]/;

/**
 * JSON Web Tokens (three parts) and JWE (five parts), also wrapped across lines or broken with
 * spaces, as a terminal or a pretty-printer leaves them. A token starts with `eyJ` (`{"` in
 * base64url); percent-encoded ones are found in the decoded view (redact-secrets.ts).
 */
export function findJsonWebTokens(text: string): SecretSpan[] {
  const found: SecretSpan[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf('eyJ', from);
    if (at === -1) return found;
    from = at + 3;
    if (at > 0 && B64URL.test(text[at - 1]!)) continue;
    let end = at;
    let dots = 0;
    let i = at;
    while (i < text.length && i - at < 65_536) {
      const c = text[i]!;
      if (B64URL.test(c)) {
        end = ++i;
      } else if (c === '.') {
        // A part ends; an empty part (an unsecured JWT's signature, a JWE's key in direct mode) is one too.
        dots++;
        end = ++i;
      } else {
        // A line break or space inside a token: continue only if base64url or a dot goes on after it.
        let j = i;
        while (j < text.length && j - i < 12 && /[\s\\"'+]/.test(text[j]!)) j++;
        if (j > i && j < text.length && (B64URL.test(text[j]!) || text[j] === '.') && /[\r\n]|\\n/.test(text.slice(i, j))) i = j;
        else break;
      }
    }
    // A dot that ends a sentence is not part of the token.
    if (text[end - 1] === '.' && !B64URL.test(text[end] ?? '')) {
      if (dots > 2) {
        end--;
        dots--;
      }
    }
    if (dots >= 2 && end - at >= 30) {
      found.push({ start: at, end, kind: 'jwt' });
      from = end;
    }
  }
}

/**
 * The key material of private keys: PEM, OpenSSH and PGP armour in any case (`-----begin rsa
 * private key-----` from a lower-cased log), and PuTTY key files (everything from
 * `Private-Lines:` to the MAC). A key cut off by the paste runs to the end.
 */
export function findPrivateKeys(text: string): SecretSpan[] {
  const found: SecretSpan[] = [];
  const begin = /-----begin[ a-z0-9_-]{0,60}private key(?: block)?-----/gi;
  for (let m = begin.exec(text); m; m = begin.exec(text)) {
    const headerEnd = m.index + m[0].length;
    const endMarker = text.slice(headerEnd).search(/-----end /i);
    const stop = endMarker === -1 ? text.length : headerEnd + endMarker;
    let start = headerEnd;
    let end = stop;
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    found.push({ start, end: end > start ? end : stop, kind: 'private-key' });
    begin.lastIndex = stop;
  }
  const putty = /^Private-Lines:[ \t]*\d+[ \t]*\r?\n/gim;
  for (let m = putty.exec(text); m; m = putty.exec(text)) {
    const start = m.index + m[0].length;
    const mac = /^Private-MAC:[ \t]*[0-9a-f]*/im.exec(text.slice(start));
    const end = mac ? start + mac.index + mac[0].length : text.length;
    found.push({ start, end, kind: 'private-key' });
  }
  return found;
}

/** A SAML response or assertion pasted as base64 (`PHNhbWxwOlJlc3BvbnNl…` = `<samlp:Response…`). */
export function findSamlResponses(text: string): SecretSpan[] {
  const found: SecretSpan[] = [];
  const pattern = /\bPD94bWwg[A-Za-z0-9+/=%\r\n]{40,}|\bPHNhbWw[A-Za-z0-9+/=%\r\n]{40,}|\bPFJlc3BvbnNl[A-Za-z0-9+/=%\r\n]{40,}|\bPEFzc2VydGlvb[A-Za-z0-9+/=%\r\n]{40,}/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) found.push({ start: m.index, end: m.index + m[0].length, kind: 'saml-response' });
  return found;
}

/**
 * Lower-case fragments of which a text holds one whenever a scanner finds something (as a
 * detector's `hints`): a scanner whose fragments are all absent is not run. Read from each
 * scanner's patterns; test/redact/find-secrets-agrees.test.ts holds findSecrets, which skips
 * them, equal to the reference, which runs every scanner.
 */
export const SCANNER_HINTS: ReadonlyMap<(text: string) => SecretSpan[], readonly string[]> = new Map([
  // PEM/OpenSSH/PGP armour in any case; PuTTY's `Private-Lines:` (matched ignoring ASCII case).
  [findPrivateKeys, ['-----begin', 'private-lines:']],
  // Every token starts with `eyJ`.
  [findJsonWebTokens, ['eyj']],
  // The four base64 openings, case-sensitive: their lower-case forms are among what a text holds.
  [findSamlResponses, ['pd94bwwg', 'phnhbww', 'pfjlc3bvbnnl', 'pefzc2vydglvb']],
  // Every name the pattern starts with holds one of these (`passwd` and `password` hold `pass`, the `… key`s `key`).
  [findNamedHighEntropy, NAMED_VALUE_HINTS],
]);

/**
 * The scanners' gates (see Detector.gate). findNamedHighEntropy: its value follows the name on
 * the name's line, after a character outside the value's characters (the look-behind), and is a
 * run of 20 or more of them (its `=` padding among them, as the look-ahead says) holding a digit,
 * and not an identifier it keeps (hexadecimal alone, a UUID of hexadecimal digits).
 */
export const SCANNER_GATES: ReadonlyMap<(text: string) => SecretSpan[], (hints: TextHints) => boolean> = new Map([[findNamedHighEntropy, (hints: TextHints) => hints.valueAfterName]]);
