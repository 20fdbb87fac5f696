/**
 * The one catalogue of every code the project reports, with what it means and how to solve it:
 * - diagnostics (KB_E_*, KB_W_*): problems in rule and article files, from the loader, the compiler
 *   and lint (docs/errors.md);
 * - request errors (KB_INPUT_*, KB_HTTP_*): what the API answers when it cannot answer, with its
 *   status and a message template filled at the call site, in the manner of @fastify/error's
 *   createError; the KB_INPUT_* ones are also what `kb match` reports when it exits 2
 *   (docs/http-errors.md).
 * test/docs/errors-doc.test.ts checks both pages against this file, row by row.
 */

export type Severity = 'error' | 'warning';

interface DiagnosticSpec {
  severity: Severity;
  title: string;
  /** What it means (docs/errors.md, "what it means"). */
  when: string;
  /** How to fix it, in general; each diagnostic also carries a hint of its own. */
  hint: string;
}

/** Every diagnostic the loader and compiler can report. */
export const DIAGNOSTIC_CODES = {
  KB_E_READ: {
    severity: 'error',
    title: 'File cannot be read',
    when: 'The folder has neither `rules/` nor `articles/`, or a file cannot be read.',
    hint: 'Point `--kb` (or `KB_DIR`) at the folder that holds `rules/` and `articles/`; check file permissions.',
  },
  KB_E_EMPTY_FILE: {
    severity: 'error',
    title: 'File is empty',
    when: 'A rule or article file is empty.',
    hint: 'Delete it, or scaffold it again with `kb new rule ID` / `kb new article ID`.',
  },
  KB_E_YAML_SYNTAX: {
    severity: 'error',
    title: 'YAML syntax error',
    when: 'The YAML cannot be parsed: an unclosed quote, bad indentation, a tab, a duplicate key.',
    hint: 'Fix the YAML at the position shown. Quote strings that contain `: ` or `#`; indent with spaces.',
  },
  KB_E_FRONT_MATTER: {
    severity: 'error',
    title: 'Article has no YAML front matter',
    when: 'An article does not start with YAML front matter between `---` lines.',
    hint: 'Start the file with `---`, the fields, and a closing `---`; the Markdown body follows.',
  },
  KB_E_MISSING_FIELD: {
    severity: 'error',
    title: 'Required field missing',
    when: 'A required field is missing (rule: `id`, `title`, `when`, `examples`, and `article` or `steps`; article: `id`, `title`, `summary`, `cause`, `steps`).',
    hint: 'Add the field named in the message.',
  },
  KB_E_UNKNOWN_FIELD: {
    severity: 'error',
    title: 'Unknown field',
    when: 'A field the schema does not know, usually a typo (`titel`).',
    hint: 'Use the field the hint suggests, or remove it. The schemas in `schemas/` list every field.',
  },
  KB_E_UNKNOWN_FACT: {
    severity: 'error',
    title: 'Unknown fact or operator in a condition',
    when: 'A condition inside `when` uses a key that is neither a fact nor an operator (`stauts: 403`).',
    hint: 'Use one of `all`, `any`, `not`, `contains`, `regex`, `status`, `code`, `host`, `url`, `product`, `json`.',
  },
  KB_E_INVALID_VALUE: {
    severity: 'error',
    title: 'Value has the wrong type or form',
    when: 'A value has the wrong type or form: `priority: high`, a condition with two keys, an id with capitals, a date not in `YYYY-MM-DD`.',
    hint: 'Follow the hint; a condition object has exactly one key, so wrap several in `all:` or `any:`.',
  },
  KB_E_NO_MATCH_EXAMPLE: {
    severity: 'error',
    title: 'Rule has no match example',
    when: 'A rule has no `examples.match`: it cannot be tested.',
    hint: 'Add at least one error text the rule must recognise under `examples.match` (aim for three shapes, and two `no_match` look-alikes).',
  },
  KB_E_ID_FILENAME_MISMATCH: {
    severity: 'error',
    title: 'Id differs from the file name',
    when: 'The `id` differs from the file name (`rules/<area>/<id>.yaml`, `articles/<id>.md`).',
    hint: 'Rename the file or change the id so they agree.',
  },
  KB_E_DUPLICATE_ID: {
    severity: 'error',
    title: 'Id used twice',
    when: 'Two rules, or two articles, share an id.',
    hint: 'Give one of them another id and rename its file.',
  },
  KB_E_UNKNOWN_ARTICLE: {
    severity: 'error',
    title: 'Rule points at a missing article',
    when: 'A rule\'s `article` names an article that does not exist.',
    hint: 'Fix the id (the hint suggests the closest one) or write the article with `kb new article ID`.',
  },
  KB_E_REGEX_INVALID: {
    severity: 'error',
    title: 'Regex not accepted by the linear-time engine',
    when: 'A `regex` (in `when` or `captures`) is not accepted by RE2, the linear-time engine: lookarounds (`(?=`, `(?!`, `(?<=`), backreferences (`\\1`), or a syntax error. The caret underlines the construct RE2 refused where it is written as is.',
    hint: 'Rewrite it without lookarounds or backreferences; express "followed by"/"not" with separate conditions in `all:` and `not:`. Syntax: https://github.com/google/re2/wiki/Syntax',
  },

  KB_W_ORPHAN_ARTICLE: {
    severity: 'warning',
    title: 'No rule points at this article',
    when: 'No rule points at this article, so no paste can reach it.',
    hint: 'Write a rule with `article: <id>`.',
  },
  KB_W_UNKNOWN_RELATED: {
    severity: 'warning',
    title: 'Related article does not exist',
    when: 'An article\'s `related` lists an id that does not exist.',
    hint: 'Fix the id or remove it.',
  },
  KB_W_UNKNOWN_PLACEHOLDER: {
    severity: 'warning',
    title: 'Step placeholder never captured',
    when: 'The article\'s cause or steps use `{{name}}` but the rule has no capture of that name; the reader sees `<name>`.',
    hint: 'Add `captures: { name: { regex: \'...\', default: \'...\' } }` to the rule.',
  },
  KB_W_NO_PREFILTER: {
    severity: 'warning',
    title: 'Rule has no required literal',
    when: 'The prefilter has nothing to index the rule under: along every way the rule can hold there is no required literal text (a phrase, or the literal part of a regex such as `zebra` in `zebra\\d+`), error code or listed status (a range of more than 100 statuses, such as `{gte: 400}`, is not listed), only hosts, URLs, products, JSON fields or a `not`. It is considered for every paste. `compile/requirements.ts` decides this for lint and for the index alike.',
    hint: 'Add a distinctive phrase or code inside `all:`.',
  },
  KB_E_YAML_INDENT: {
    severity: 'error',
    title: 'List item out of line with its list',
    when: 'A list item starts one or two spaces left or right of the other items of its list (`   - status: 403` under `    - Forbidden`); YAML then reads it as something else and fails a line or two later. Reported at the first item out of line, instead of the parser\'s errors.',
    hint: 'Line the `-` up with the item the message names (the hint gives the column).',
  },
  KB_E_MISPLACED_FIELD: {
    severity: 'error',
    title: 'Field indented to the wrong level',
    when: 'A field the rule or article knows, indented to the wrong level: `no_match:` moved left out of `examples:`, `captures:` indented into `when:`.',
    hint: 'Move it as the message says: under `examples:` in line with `match:`, or back to the left edge in line with `when:`.',
  },
  KB_W_SCAFFOLD_TEXT: {
    severity: 'warning',
    title: 'Scaffold text left in place',
    when: 'Example text written by `kb new` or the playground\'s starter rule is still in the file (`Describe the problem in a sentence`, `a phrase the error always contains` …): it passes the schema but says nothing.',
    hint: 'Replace it with the real title, phrase, error message or sentence; the hint says which.',
  },
  KB_W_NO_MATCH_UNRELATED: {
    severity: 'warning',
    title: 'no_match example shares no word with its rule',
    when: 'A `no_match` example shares no word (nor status or code) with the rule\'s title and conditions, so no version of the rule would match it: it proves nothing.',
    hint: 'Use a look-alike: an error with some of the rule\'s words that the rule must not answer.',
  },
} as const satisfies Record<string, DiagnosticSpec>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** A request error: its status, its message from the call site's values, when it happens and how to solve it. */
interface RequestErrorSpec {
  status: number;
  /** The status fastify chose is kept (405, 414, 431 …); docs/http-errors.md shows it as 4xx. */
  statusVaries?: boolean;
  message: (...args: never[]) => string;
  when: string;
  hint: string;
}

/** Every error a request or a paste can get instead of an answer. */
export const REQUEST_ERRORS = {
  KB_HTTP_ROUTE_NOT_FOUND: {
    status: 404,
    message: (method: string, url: string) => `there is no route ${method} ${url}: see /docs for the API`,
    when: 'No route has this method and path.',
    hint: 'Check the path and method against `/docs` (OpenAPI at `/docs/json`).',
  },
  KB_HTTP_ARTICLE_NOT_FOUND: {
    status: 404,
    message: (id: string) => `there is no article "${id}": GET /v1/articles lists them`,
    when: '`GET /v1/articles/:id` with an id no article has.',
    hint: 'List ids with `GET /v1/articles`; ids are lower-case with hyphens.',
  },
  KB_HTTP_FEEDBACK_MISMATCH: {
    status: 400,
    message: (rule: string, answers: string, given: string) => `rule "${rule}" answers with article "${answers}", not "${given}": send the rule and article of the same match`,
    when: '`POST /v1/feedback` names a rule and an article that are not one match: the rule answers with another article.',
    hint: 'Send `matches[i].rule.id` and `matches[i].article.id` of the same match.',
  },
  KB_HTTP_RULE_NOT_FOUND: {
    status: 404,
    message: (id: string) => `there is no rule "${id}": GET /v1/rules lists them`,
    when: '`GET /v1/rules/:id`, or `POST /v1/feedback`, with an id no rule has.',
    hint: 'List ids with `GET /v1/rules`.',
  },
  KB_HTTP_INVALID_REQUEST: {
    status: 400,
    message: (detail: string) => `the request does not fit the API schema: ${detail}`,
    when: 'The body, query string or path does not fit the route\'s schema (missing field, unknown field, wrong type, `limit` out of range). The message names the field.',
    hint: 'Compare the request with the route\'s schema in `/docs`.',
  },
  KB_HTTP_MALFORMED_JSON: {
    status: 400,
    message: () => 'the body is not valid JSON: send a JSON object, or the raw text with content-type text/plain',
    when: '`content-type: application/json` with a body that is not JSON.',
    hint: 'Send valid JSON (`JSON.stringify`, `jq -n --arg text "$PASTE" \'{text: $text}\'`), or send the raw paste with `content-type: text/plain`.',
  },
  KB_HTTP_EMPTY_BODY: {
    status: 400,
    message: () => 'the body is empty: send a JSON object, or the raw text with content-type text/plain',
    when: '`content-type: application/json` with an empty body.',
    hint: 'Send a JSON object, e.g. `{"text": "…"}`.',
  },
  KB_HTTP_INVALID_UTF8: {
    status: 400,
    message: () => 'the body is not valid UTF-8 text: send the error message as UTF-8 text',
    when: 'A `text/plain` body that is not valid UTF-8.',
    hint: 'Convert the text to UTF-8 first (`iconv -f LATIN1 -t UTF-8`).',
  },
  KB_HTTP_BAD_CONTENT_LENGTH: {
    status: 400,
    message: () => 'the body is shorter or longer than its content-length header says',
    when: 'The body is shorter or longer than its `content-length` header.',
    hint: 'Let your HTTP client compute the header.',
  },
  KB_HTTP_BODY_TOO_LARGE: {
    status: 413,
    message: (limit: number) => `the body is larger than the limit of ${limit} bytes: send the lines around the error, not the whole log`,
    when: 'The body is over the server\'s body limit (1 MiB by default).',
    hint: 'Send the lines around the error, not the whole log.',
  },
  KB_HTTP_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: (type: string | undefined, accepted: readonly string[]) => `${type === undefined ? 'this content-type' : `content-type "${type}"`} is not accepted here: send ${accepted.join(' or ')}`,
    when: 'The `content-type` is not one the route accepts (the message lists them).',
    hint: '`/v1/match` and `/v1/lint` take `application/json` or `text/plain`; `/v1/try` takes `application/json`. With curl, pass `-H \'content-type: text/plain\'` (curl\'s `--data` defaults to a form type).',
  },
  KB_HTTP_BAD_REQUEST: {
    status: 400,
    statusVaries: true,
    message: (detail: string) => `the request cannot be handled: ${detail}`,
    when: 'Another request fastify cannot handle (a malformed URL, a header too large); the status is fastify\'s.',
    hint: 'Read the message; check the URL encoding.',
  },
  KB_INPUT_EMPTY: {
    status: 400,
    message: () => 'the paste is empty: paste the error message or log text',
    when: 'The paste (`text`, or the `text/plain` body) is empty or only whitespace.',
    hint: 'Paste the error message or log lines.',
  },
  KB_INPUT_TOO_LARGE: {
    status: 413,
    message: (bytes: number, limit: number) => `the paste is ${bytes} bytes; the limit is ${limit} bytes: paste the lines around the error, not the whole log`,
    when: 'The paste is over the paste limit (256 KiB of UTF-8 by default).',
    hint: 'Send the lines around the error, not the whole log.',
  },
  KB_INPUT_BINARY: {
    status: 400,
    message: () => 'the paste looks like binary data, not text: paste the error message as text',
    when: 'The paste looks like binary data (NUL bytes, many control characters).',
    hint: 'Paste the text of the error; do not upload files or compressed logs.',
  },
  KB_INPUT_TOO_MANY_LINES: {
    status: 413,
    message: (limit: number) => `the paste has more than ${limit} lines: paste the lines around the error, not the whole log`,
    when: 'The paste has more lines than the line limit (10,000 by default, `KB_MAX_LINES`).',
    hint: 'Send the lines around the error, not the whole log.',
  },
  KB_INPUT_TOO_DEEP: {
    status: 422,
    message: (limit: number) => `the paste nests brackets more than ${limit} deep: paste the error object, not the whole document`,
    when: 'The paste nests `{`/`[` deeper than the depth limit (64 by default, `KB_MAX_JSON_DEPTH`).',
    hint: 'Send the error object, not the whole document.',
  },
  KB_INPUT_TIMEOUT: {
    status: 422,
    message: (budgetMs: number) => `matching the paste took longer than ${budgetMs} ms: paste the lines around the error, not the whole log`,
    when: 'Matching the paste, or trying a rule on it (`/v1/try`, the `/try` page), took longer than its time budget (2 s by default, `KB_MATCH_TIMEOUT_MS`); a trial, and a paste long enough that a rule regex could run past the budget, run in a thread stopped at the deadline.',
    hint: 'Send fewer lines: the ones around the error; keep a tried rule\'s regexes simple.',
  },
  KB_HTTP_RATE_LIMITED: {
    status: 429,
    message: (detail: string) => detail,
    when: 'This client sent more pastes than the rate limit allows (120 a minute by default, `KB_RATE_LIMIT_MAX`).',
    hint: 'Wait the seconds in the `Retry-After` header, then retry; batch jobs should pace themselves.',
  },
  KB_HTTP_OVERLOADED: {
    status: 503,
    message: (detail: string) => detail,
    when: 'The server is shedding load: its event loop lags or its memory is over the limit.',
    hint: 'Wait the seconds in the `Retry-After` header, then retry.',
  },
  KB_HTTP_NOT_READY: {
    status: 503,
    message: (detail: string) => `not ready to serve: ${detail}`,
    when: '`GET /readyz`: the learning store (SQLite file or PostgreSQL) does not answer, so this process should get no traffic yet.',
    hint: 'Check the store (`--store`, `KB_STORE_URL`) and the server log; a load balancer retries by itself.',
  },
  KB_HTTP_CROSS_SITE_FORM: {
    status: 403,
    message: (origin: string) => `a form posted from another site (${origin}) is refused: post the form from this server's own pages`,
    when: "A web form (`POST /`, `/try`, `/feedback`) was posted from another site: its `Origin` (or `Referer`) is not this server, or `Sec-Fetch-Site` says cross-site.",
    hint: 'Post the form from this server\'s own pages; scripts and other tools use the JSON API (`/v1/…`), which takes no forms.',
  },
  KB_HTTP_ADMIN_TOKEN_MISSING: {
    status: 401,
    message: () => 'this route needs the admin token: send `Authorization: Bearer <KB_ADMIN_TOKEN>`',
    when: 'An admin route (`POST /v1/reload`, `GET /v1/admin/status`) was called without `Authorization: Bearer …`.',
    hint: 'Send the token the server was started with (`KB_ADMIN_TOKEN`, `KB_ADMIN_TOKEN_FILE` or `--admin-token`). Without a configured token admin routes answer 404.',
  },
  KB_HTTP_ADMIN_TOKEN_INVALID: {
    status: 403,
    message: () => 'the admin token is not the configured one',
    when: 'The bearer token is not the configured admin token.',
    hint: 'Check the token; it is compared in constant time and never logged.',
  },
  KB_HTTP_API_KEY_MISSING: {
    status: 401,
    message: () => 'this server requires an API key: send `x-api-key: <key>` or `Authorization: Bearer <key>` (an operator creates one with `kb keys add NAME`)',
    when: 'The server runs with `KB_REQUIRE_API_KEY=1` and the request to `/v1/…` carried no API key.',
    hint: 'Send `x-api-key: <key>` or `Authorization: Bearer <key>`; an operator creates keys with `kb keys add NAME` (see docs/integrations/api.md).',
  },
  KB_HTTP_API_KEY_INVALID: {
    status: 401,
    message: () => 'the API key is unknown or revoked: ask an operator for a current key (`kb keys list`)',
    when: 'An API key came with the request but no current key matches it (mistyped, or revoked with `kb keys revoke`).',
    hint: 'Use a current key (`kb keys list` shows names and prefixes); a revoked key stops working within 10 seconds.',
  },
  KB_HTTP_SIGNATURE_INVALID: {
    status: 401,
    message: (detail: string) => detail,
    when: 'A request to a chat integration (`/integrations/slack/…`, `/integrations/teams`) is not signed by the platform: the signature header is missing or does not match the body under the configured secret, or (Slack) its timestamp is more than five minutes off.',
    hint: "Check the signing secret (`KB_SLACK_SIGNING_SECRET`) or security token (`KB_TEAMS_SECURITY_TOKEN`) against the app's settings, and the server clock (NTP).",
  },
  KB_HTTP_INTERNAL: {
    status: 500,
    message: (requestId: string) => `the server failed to answer this request; its log has the details under request id ${requestId}`,
    when: 'The server failed; not caused by the request.',
    hint: 'Report it with the request id from the message; the server log has the stack.',
  },
} as const satisfies Record<string, RequestErrorSpec>;

export type RequestErrorCode = keyof typeof REQUEST_ERRORS;
/** The values a code's message template takes. */
export type MessageArgs<C extends RequestErrorCode> = Parameters<(typeof REQUEST_ERRORS)[C]['message']>;

/** The message of `code` with its template filled from `args`. */
export function requestErrorMessage<C extends RequestErrorCode>(code: C, ...args: MessageArgs<C>): string {
  return (REQUEST_ERRORS[code].message as (...a: MessageArgs<C>) => string)(...args);
}
