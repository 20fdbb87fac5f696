import type { FactsSummary } from '../facts/paste-facts.js';
import type { Span } from '../facts/types.js';
import type { Suggestion } from '../suggest/suggestion-index.js';
import type { Calibration } from './calibration.js';

export type Confidence = 'high' | 'medium' | 'low';

export interface RenderedStep {
  text: string;
  note?: string;
  warning?: string;
  expect?: string;
  substeps?: RenderedStep[];
}

export interface MatchedCondition {
  /** The test as the author wrote it: `contains "forbidden"`, `status 403`. */
  condition: string;
  fact: string;
  /** Where in the paste it held (original offsets), with the text found there. */
  spans: (Span & { text: string })[];
}

export interface Explanation {
  /** One sentence: why this rule matched, or what the paste resembles. */
  summary: string;
  matched: MatchedCondition[];
  score: { evidence: number; priority: number; context: number };
  /** For a `similar` answer: the example or message of the knowledge base the paste resembles most. */
  resembles?: Resemblance;
}

/** What a `similar` answer resembles: a rule's match example, or an article's error message, title or cause. */
interface Resemblance {
  kind: 'example' | 'error_message' | 'title' | 'cause';
  /** The passage (cut at 400 characters). */
  text: string;
  /** The rule whose example it is. */
  rule?: string;
  /** Words of the passage found in the paste, most telling first. */
  shared: string[];
}

/** How an answer was reached: `rule` when a rule's conditions held, `similar` when the paste resembles an article's examples. */
type Basis = 'rule' | 'similar';

export interface Match {
  rule: { id: string; title: string; file: string };
  article: {
    id: string;
    title: string;
    summary?: string;
    cause: string;
    steps: RenderedStep[];
    escalation?: string;
    references?: { title: string; url: string }[];
    related?: string[];
    tags?: string[];
    /** The article's web page: relative (`/articles/ID`) in a match, absolute in an answer of a server with KB_PUBLIC_URL. Absent for a rule's inline answer, which has no page. */
    url?: string;
  };
  score: number;
  /** The label of `probability`: high ≥ 0.9, medium ≥ 0.6, else low. */
  confidence: Confidence;
  /** Probability that this answer is right, calibrated on real pastes (src/match/calibration.json). */
  probability: number;
  basis: Basis;
  /** A generic rule's answer (plain 401, 403, 429, 5xx, connection refused): nothing more specific held. */
  generic?: boolean;
  captures: Record<string, string>;
  explanation: Explanation;
}

export interface MatchResult {
  matches: Match[];
  facts: FactsSummary;
  /** How many rules the prefilter let through to evaluation. */
  candidates: number;
  /**
   * With the `suggest` option: articles possibly related to a paste that got no answer, or only a
   * generic one, by similarity, shown only above a calibrated score. Guesses, never answers;
   * empty when a specific rule or a similar article answered.
   */
  suggestions?: Suggestion[];
  took_ms: number;
}

export interface MatchOptions {
  context?: { product?: string };
  /** Most matches returned (default 5). */
  limit?: number;
  /** Largest paste accepted, in UTF-8 bytes (default 256 KiB). */
  maxBytes?: number;
  /** Most lines accepted (default 10,000). */
  maxLines?: number;
  /** Deepest `{`/`[` nesting accepted, and the depth JSON fields are read to (default 64). */
  maxJsonDepth?: number;
  /** Time budget of one paste in milliseconds (default 2,000). */
  timeoutMs?: number;
  /** When no rule matches, add `suggestions` (most returned: `suggest.limit`, default 3). */
  suggest?: boolean | { limit?: number };
  /** Scores → probabilities and thresholds (default: the calibration shipped, src/match/calibration.json). */
  calibration?: Calibration;
}
