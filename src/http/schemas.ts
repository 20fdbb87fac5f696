/**
 * JSON schemas shared by the routes, registered once with `addSchema` and referenced as
 * `{ $ref: 'Name#' }`: they validate requests, make serialization fast and become the
 * `components.schemas` of the OpenAPI document.
 */

const stringList = { type: 'array', items: { type: 'string' } } as const;

const ErrorSchema = {
  $id: 'Error',
  type: 'object',
  description: 'Every error answer has this shape; `code` is listed in docs/http-errors.md.',
  required: ['statusCode', 'code', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string' },
    error: { type: 'string' },
    message: { type: 'string' },
  },
} as const;

const DiagnosticSchema = {
  $id: 'Diagnostic',
  type: 'object',
  description: 'One problem in one file, as `kb lint --format json` reports it.',
  required: ['file', 'line', 'column', 'length', 'severity', 'code', 'message'],
  properties: {
    file: { type: 'string' },
    line: { type: 'integer' },
    column: { type: 'integer' },
    length: { type: 'integer' },
    severity: { type: 'string', enum: ['error', 'warning'] },
    code: { type: 'string' },
    message: { type: 'string' },
    hint: { type: 'string' },
  },
} as const;

const ServingProcessSchema = {
  $id: 'ServingProcess',
  type: 'object',
  description: 'One process that serves requests (a cluster worker, or the server itself) and the knowledge base it serves.',
  required: ['pid', 'fingerprint', 'loadedAt', 'lastReload'],
  properties: {
    pid: { type: 'integer' },
    fingerprint: { type: 'string' },
    loadedAt: { type: 'string', format: 'date-time' },
    lastReload: {
      type: 'object',
      nullable: true,
      required: ['at', 'ok', 'errors'],
      description: 'The latest reload this process took part in; null before the first. A later good reload replaces an earlier refusal.',
      properties: { at: { type: 'string', format: 'date-time' }, ok: { type: 'boolean' }, errors: { type: 'integer' } },
    },
  },
} as const;

/** A step object whose sub-steps are of the schema `self` (a step as written, or as rendered). */
const stepObject = <Self extends string>(self: Self) =>
  ({
    type: 'object',
    required: ['text'],
    properties: {
      text: { type: 'string' },
      note: { type: 'string' },
      warning: { type: 'string' },
      expect: { type: 'string' },
      substeps: { type: 'array', items: { $ref: `${self}#` } },
    },
  }) as const;

export const RenderedStepSchema = { $id: 'RenderedStep', ...stepObject('RenderedStep') } as const;

/** A step as the author wrote it: a sentence, or an object with details. */
const StepSchema = { $id: 'Step', anyOf: [{ type: 'string' }, stepObject('Step')] } as const;

/** The product a paste came from, in `context.product` or `?product=`. */
export const productSchema = { type: 'string', minLength: 1, maxLength: 100, description: 'The product the error came from (okta, atlassian …); raises rules for it.' } as const;

const reference = { type: 'object', required: ['title', 'url'], properties: { title: { type: 'string' }, url: { type: 'string' } } } as const;

export const MatchSchema = {
  $id: 'Match',
  type: 'object',
  required: ['rule', 'article', 'score', 'confidence', 'probability', 'basis', 'captures', 'explanation'],
  properties: {
    rule: { type: 'object', required: ['id', 'title', 'file'], properties: { id: { type: 'string' }, title: { type: 'string' }, file: { type: 'string' } } },
    article: {
      type: 'object',
      required: ['id', 'title', 'cause', 'steps'],
      properties: {
        id: { type: 'string' },
        title: { type: 'string' },
        summary: { type: 'string' },
        cause: { type: 'string' },
        steps: { type: 'array', items: { $ref: 'RenderedStep#' } },
        escalation: { type: 'string' },
        references: { type: 'array', items: reference },
        related: stringList,
        tags: stringList,
        url: { type: 'string', description: 'The article\'s web page: absolute when the server has KB_PUBLIC_URL, else relative to the server. Absent when a rule answers with inline steps (no page).' },
      },
    },
    score: { type: 'number' },
    confidence: { type: 'string', enum: ['high', 'medium', 'low'], description: 'The label of `probability`: high ≥ 0.9, medium ≥ 0.6, else low.' },
    probability: { type: 'number', description: 'Probability that this answer is right, calibrated on real pastes.' },
    basis: {
      type: 'string',
      enum: ['rule', 'similar'],
      description: '`rule`: the conditions of a rule held. `similar`: no rule matched, but the paste resembles an example or error message of this article closely enough (show it as "Likely", never as certain as a rule).',
    },
    generic: { type: 'boolean', description: 'Present and true for a generic rule (plain 401, 403, 429, 5xx, connection refused): nothing more specific held.' },
    captures: { type: 'object', additionalProperties: { type: 'string' } },
    explanation: {
      type: 'object',
      required: ['summary', 'matched', 'score'],
      properties: {
        summary: { type: 'string' },
        matched: {
          type: 'array',
          items: {
            type: 'object',
            required: ['condition', 'fact', 'spans'],
            properties: {
              condition: { type: 'string' },
              fact: { type: 'string' },
              spans: {
                type: 'array',
                items: { type: 'object', required: ['start', 'end', 'text'], properties: { start: { type: 'integer' }, end: { type: 'integer' }, text: { type: 'string' } } },
              },
            },
          },
        },
        score: {
          type: 'object',
          required: ['evidence', 'priority', 'context'],
          properties: { evidence: { type: 'number' }, priority: { type: 'number' }, context: { type: 'number' } },
        },
        resembles: {
          type: 'object',
          description: 'For a `similar` answer: the example or message the paste resembles most, and the words they share.',
          required: ['kind', 'text', 'shared'],
          properties: {
            kind: { type: 'string', enum: ['example', 'error_message', 'title', 'cause'] },
            text: { type: 'string' },
            rule: { type: 'string' },
            shared: stringList,
          },
        },
      },
    },
  },
} as const;

export const MatchResultSchema = {
  $id: 'MatchResult',
  type: 'object',
  description: 'The same object `kb match --json` prints.',
  required: ['matches', 'facts', 'candidates', 'took_ms'],
  properties: {
    matches: { type: 'array', items: { $ref: 'Match#' } },
    facts: {
      type: 'object',
      required: ['length', 'status', 'codes', 'urls', 'hosts', 'products', 'json_fields'],
      properties: {
        length: { type: 'integer' },
        status: { type: 'array', items: { type: 'integer' } },
        codes: stringList,
        urls: stringList,
        hosts: stringList,
        products: stringList,
        json_fields: stringList,
      },
    },
    candidates: { type: 'integer', description: 'How many rules the prefilter let through to evaluation.' },
    suggestions: {
      type: 'array',
      items: { $ref: 'Suggestion#' },
      description:
        'When no answer, or only a generic one, was given: articles possibly related to the paste, by similarity, above a calibrated score. Guesses to show as "Possibly related", never as an answer; empty when a specific rule or a similar article answered.',
    },
    took_ms: { type: 'number' },
  },
} as const;

export const SuggestionSchema = {
  $id: 'Suggestion',
  type: 'object',
  required: ['article', 'score', 'terms'],
  properties: {
    article: {
      type: 'object',
      required: ['id', 'title', 'summary', 'url'],
      properties: { id: { type: 'string' }, title: { type: 'string' }, summary: { type: 'string' }, url: { type: 'string', description: 'The article\'s web page (absolute with KB_PUBLIC_URL).' } },
    },
    score: { type: 'number', description: 'Similarity to the paste; comparable only within one answer.' },
    terms: { ...stringList, description: 'Words of the paste the article shares, most telling first.' },
    probability: { type: 'number', description: 'Probability that this is the right article, calibrated on real pastes.' },
  },
} as const;

const InboxGroupSchema = {
  $id: 'InboxGroup',
  type: 'object',
  description: 'Unmatched pastes that share a signature (the paste with ids, numbers, times, places and names masked).',
  required: ['id', 'signature', 'count', 'first_seen', 'last_seen', 'sample', 'generic', 'similar'],
  properties: {
    id: { type: 'string', description: 'What `kb inbox draft` takes.' },
    signature: { type: 'string' },
    count: { type: 'integer' },
    first_seen: { type: 'string', format: 'date-time' },
    last_seen: { type: 'string', format: 'date-time' },
    sample: { type: 'string', description: 'The first paste of the group, secrets redacted.' },
    generic: { type: 'integer', description: 'Of `count`, the pastes a generic rule answered (plain 401, 403, 429, 5xx, connection refused): no specific rule knows them.' },
    similar: { type: 'integer', description: 'Of `count`, the pastes answered by similarity ("Likely"): no rule knows them.' },
  },
} as const;

const WebhookDeliverySchema = {
  $id: 'WebhookDelivery',
  type: 'object',
  description: 'One event sent by the inbox webhook (KB_WEBHOOK_URL), with all its attempts.',
  required: ['id', 'event', 'group_id', 'url', 'status', 'attempts', 'created_at', 'updated_at'],
  properties: {
    id: { type: 'string', description: 'Also sent as `x-kb-delivery`.' },
    event: { type: 'string', enum: ['inbox.group_created', 'inbox.group_count'] },
    group_id: { type: 'string' },
    url: { type: 'string', description: 'The receiver, without query or credentials.' },
    status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
    attempts: { type: 'integer' },
    last_status_code: { type: 'integer' },
    last_error: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
  },
} as const;

const RuleStatsSchema = {
  $id: 'RuleStats',
  type: 'object',
  required: ['rule', 'served', 'helpful', 'not_helpful'],
  properties: {
    rule: { type: 'string' },
    served: { type: 'integer', description: 'Answers served with this rule first.' },
    helpful: { type: 'integer' },
    not_helpful: { type: 'integer' },
    last_served: { type: 'string', format: 'date-time' },
    last_feedback: { type: 'string', format: 'date-time' },
  },
} as const;

const ArticleSummarySchema = {
  $id: 'ArticleSummary',
  type: 'object',
  required: ['id', 'title', 'summary', 'tags'],
  properties: { id: { type: 'string' }, title: { type: 'string' }, summary: { type: 'string' }, tags: stringList },
} as const;

const ArticleSchema = {
  $id: 'Article',
  type: 'object',
  required: ['id', 'title', 'summary', 'cause', 'steps', 'body', 'file', 'rules'],
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    summary: { type: 'string' },
    error_messages: stringList,
    applies_to: { type: 'object', properties: { products: stringList, areas: stringList } },
    cause: { type: 'string' },
    steps: { type: 'array', items: { $ref: 'Step#' } },
    escalation: { type: 'string' },
    references: { type: 'array', items: reference },
    related: stringList,
    tags: stringList,
    updated: { type: 'string' },
    body: { type: 'string', description: 'The Markdown after the front matter.' },
    file: { type: 'string', description: 'Path relative to the knowledge-base root.' },
    rules: { ...stringList, description: 'Ids of the rules that answer with this article.' },
  },
} as const;

const ruleSummaryProperties = {
  id: { type: 'string' },
  title: { type: 'string' },
  article: { type: 'string' },
  priority: { type: 'integer' },
  products: stringList,
  file: { type: 'string', description: 'Path relative to the knowledge-base root.' },
} as const;

const RuleSummarySchema = {
  $id: 'RuleSummary',
  type: 'object',
  required: ['id', 'title', 'priority', 'products', 'file'],
  properties: ruleSummaryProperties,
} as const;

const RuleSchema = {
  $id: 'Rule',
  type: 'object',
  required: ['id', 'title', 'priority', 'products', 'file', 'source', 'examples'],
  properties: {
    ...ruleSummaryProperties,
    source: { type: 'string', description: 'The rule file as YAML.' },
    examples: {
      type: 'object',
      required: ['match', 'no_match'],
      properties: { match: stringList, no_match: stringList },
    },
  },
} as const;

export const SHARED_SCHEMAS = [
  ErrorSchema,
  DiagnosticSchema,
  ServingProcessSchema,
  RenderedStepSchema,
  StepSchema,
  MatchSchema,
  SuggestionSchema,
  MatchResultSchema,
  InboxGroupSchema,
  WebhookDeliverySchema,
  RuleStatsSchema,
  ArticleSummarySchema,
  ArticleSchema,
  RuleSummarySchema,
  RuleSchema,
] as const;

/** Error answers a route can give, for its `response` schema. */
export function errorResponses(...statusCodes: number[]): Record<number, { $ref: string; description: string }> {
  const descriptions: Record<number, string> = {
    400: 'The request is malformed (see `code`).',
    404: 'Nothing has that id.',
    413: 'The body or the paste is over the limit.',
    415: 'The content-type is not accepted.',
    401: 'Not authenticated: the admin token or the API key is missing or unknown, or a chat platform’s signature does not hold (see `code`).',
    403: 'The admin bearer token is wrong.',
    422: 'The paste cannot be matched: nested too deep, or over its time budget.',
    429: 'Too many requests from this client or API key: wait the seconds in Retry-After.',
    500: 'The server failed; the message gives the request id to report.',
    503: 'Not ready, or overloaded: retry after the seconds in Retry-After.',
  };
  return Object.fromEntries(statusCodes.map((s) => [s, { $ref: 'Error#', description: descriptions[s] ?? 'Error.' }]));
}

/** The request-body errors every route with a body can give. */
export const BODY_ERRORS = [400, 413, 415] as const;
