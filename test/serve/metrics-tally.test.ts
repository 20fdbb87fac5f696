import fc from 'fast-check';
import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { MatchResult } from '../../src/match/types.js';
import { ServiceMetrics } from '../../src/serve/metrics.js';

/**
 * The reference: the four per-request counters as prom-client counts them when each request calls
 * inc() at once (what ServiceMetrics did before it tallied between collections). Same names, help
 * and labels, so their expositions must be byte for byte the same.
 */
class DirectCounts {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'kb_http_requests_total', help: 'HTTP requests answered, by method, route and status code.', labelNames: ['method', 'route', 'status_code'], registers: [this.registry] });
  readonly answers = new Counter({ name: 'kb_answers_total', help: 'Pastes answered, by outcome: rule (a specific rule), generic (a generic rule only), similar (a similar article, no rule), none.', labelNames: ['outcome'], registers: [this.registry] });
  readonly byRule = new Counter({ name: 'kb_answers_by_rule_total', help: 'Pastes answered by each rule (the top match).', labelNames: ['rule'], registers: [this.registry] });
  readonly apiKeys = new Counter({ name: 'kb_api_key_requests_total', help: 'Requests made with an API key, by key name (kb keys list) and status code.', labelNames: ['api_key', 'status_code'], registers: [this.registry] });
}

const COUNTERS = ['kb_http_requests_total', 'kb_answers_total', 'kb_answers_by_rule_total', 'kb_api_key_requests_total'];

type Step =
  | { kind: 'request'; method: string; route: string; status: number }
  | { kind: 'answered'; outcome: 'none' | 'rule' | 'generic' | 'similar'; rule: string }
  | { kind: 'apiKey'; name: string; status: number }
  | { kind: 'scrape' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('request' as const), method: fc.constantFrom('GET', 'POST', 'HEAD'), route: fc.constantFrom('/v1/match', '/v1/articles/:id', 'no route', '/a b', '/x 200'), status: fc.constantFrom(200, 404, 413, 429, 500) }),
  fc.record({ kind: fc.constant('answered' as const), outcome: fc.constantFrom('none' as const, 'rule' as const, 'generic' as const, 'similar' as const), rule: fc.constantFrom('okta-invalid-client', 'github-401', 'x y') }),
  fc.record({ kind: fc.constant('apiKey' as const), name: fc.constantFrom('helpdesk', 'bot 200', 'ci'), status: fc.constantFrom(200, 401, 429) }),
  fc.constant({ kind: 'scrape' as const }),
);

/** A match result with only what the counters read. */
function resultOf(outcome: string, rule: string): MatchResult {
  const matches = outcome === 'none' ? [] : [{ basis: outcome === 'similar' ? 'similar' : 'rule', generic: outcome === 'generic' ? true : undefined, rule: { id: rule } }];
  return { matches, took_ms: 0.25 } as unknown as MatchResult;
}

function applyDirect(direct: DirectCounts, s: Step): void {
  if (s.kind === 'request') direct.requests.inc({ method: s.method, route: s.route, status_code: s.status });
  else if (s.kind === 'apiKey') direct.apiKeys.inc({ api_key: s.name, status_code: String(s.status) });
  else if (s.kind === 'answered') {
    direct.answers.inc({ outcome: s.outcome });
    if (s.outcome === 'rule' || s.outcome === 'generic') direct.byRule.inc({ rule: s.rule });
  }
}

function applyTallied(metrics: ServiceMetrics, s: Step): void {
  if (s.kind === 'request') metrics.request(s.method, s.route, s.status);
  else if (s.kind === 'apiKey') metrics.apiKeyRequest(s.name, s.status);
  else if (s.kind === 'answered') metrics.answered(resultOf(s.outcome, s.rule));
}

const exposition = async (registry: Registry) => (await Promise.all(COUNTERS.map((name) => registry.getSingleMetricAsString(name)))).join('\n');

describe('ServiceMetrics counts requests between collections', () => {
  it('exposes the same counters, in the same order, as counting every request at once, whenever it is scraped', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 60 }), async (steps) => {
        const metrics = new ServiceMetrics();
        const direct = new DirectCounts();
        for (const s of steps) {
          applyDirect(direct, s);
          applyTallied(metrics, s);
          if (s.kind === 'scrape') expect(await exposition(metrics.registry)).toBe(await exposition(direct.registry));
        }
        expect(await exposition(metrics.registry)).toBe(await exposition(direct.registry));
        // A worker's snapshot for its primary holds the same values.
        const snapshot = (await metrics.snapshot()).filter((m) => COUNTERS.includes(m.name));
        const reference = ((await direct.registry.getMetricsAsJSON()) as typeof snapshot).filter((m) => COUNTERS.includes(m.name));
        expect(snapshot.map((m) => m.values)).toEqual(reference.map((m) => m.values));
      }),
      { numRuns: 200 },
    );
  });
});
