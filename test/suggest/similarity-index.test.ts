// The second stage: articles similar to a paste no specific rule matched, from the knowledge base's
// own examples and messages, built when the knowledge base compiles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/compile/knowledge-base.js';
import { DEFAULT_CALIBRATION, type Calibration } from '../../src/match/calibration.js';
import { matchPaste } from '../../src/match/match-paste.js';
import { descriptiveTerms } from '../../src/suggest/descriptive-terms.js';
import { article, loadValidKb, removeTemp, rule, writeTempKb } from '../helpers/temp-kb.js';

const WIDGET_EXAMPLE = 'WidgetSync: flux capacitor overheated while syncing the inventory ledger';

describe('similarity index', () => {
  let root: string;
  let kb: KnowledgeBase;
  beforeAll(async () => {
    root = writeTempKb({
      'articles/widget-flux.md': article('widget-flux', 'error_messages:\n  - "flux capacitor overheated"\n'),
      'articles/gadget-quota.md': article('gadget-quota', 'error_messages:\n  - "gadget quota exhausted for tenant"\n'),
      'articles/plain-403.md': article('plain-403'),
      'rules/widget-flux.yaml': rule('widget-flux', '  all:\n    - "flux capacitor overheated"', { match: [WIDGET_EXAMPLE], extra: 'captures:\n  thing:\n    regex: "syncing the (\\\\w+)"\n    default: "the job"' }),
      'rules/gadget-quota.yaml': rule('gadget-quota', '  all:\n    - "gadget quota exhausted"', { match: ['GadgetClient: gadget quota exhausted for tenant 42'] }),
      'rules/plain-403.yaml': rule('plain-403', '  all:\n    - status: 403', { extra: 'generic: true', match: ['HTTP/1.1 403 Forbidden'] }),
    });
    kb = await loadValidKb(root);
  });
  afterAll(() => removeTemp(root));

  it('is built when the knowledge base compiles, from specific rules and their articles only', () => {
    const ids = new Set(kb.similarity.articles.map((a) => a.id));
    expect(ids).toEqual(new Set(['widget-flux', 'gadget-quota']));
    expect(kb.similarity.passages.some((p) => p.kind === 'example' && p.rule === 'widget-flux' && p.text === WIDGET_EXAMPLE)).toBe(true);
  });

  it('drops stack frames, paths, URLs and dates, which make unrelated errors look alike', () => {
    const terms = descriptiveTerms('2026-11-28T10:00:00Z flux capacitor overheated\n    at Sync.run (/srv/app/dist/sync.js:10:5)\n  File "/opt/x/y.py", line 3, in main\nsee https://docs.example.com/flux');
    expect(terms).toEqual(['flux', 'capacitor', 'overheated', 'flux capacitor', 'capacitor overheated']);
  });

  it('answers "similar" above the threshold, naming the example it resembles and the shared words, highlighted in the paste', async () => {
    const calibration: Calibration = { ...DEFAULT_CALIBRATION, similar_answer_min_score: 0.5, curves: { ...DEFAULT_CALIBRATION.curves, similar: [[0, 0.7]] } };
    const paste = 'the inventory ledger sync stopped: capacitor overheated (flux unit 3)';
    const { matches } = await matchPaste(kb, paste, { calibration });
    const first = matches[0]!;
    expect(first).toMatchObject({ basis: 'similar', probability: 0.7, confidence: 'medium', article: { id: 'widget-flux' }, rule: { id: 'widget-flux' } });
    expect(first.explanation.resembles).toMatchObject({ kind: 'example', rule: 'widget-flux', text: WIDGET_EXAMPLE });
    expect(first.explanation.resembles!.shared).toEqual(expect.arrayContaining(['flux', 'capacitor', 'overheated', 'inventory', 'ledger']));
    expect(first.explanation.summary).toContain('resembles an example of rule "widget-flux"');
    const highlighted = first.explanation.matched[0]!.spans.map((s) => paste.slice(s.start, s.end).toLowerCase());
    expect(highlighted).toEqual(expect.arrayContaining(['capacitor', 'overheated', 'flux']));
    // Rendered through the rule, so its captures fill the steps.
    expect(first.captures).toEqual({ thing: 'the job' });
  });

  it('stays a suggestion below the threshold, and says nothing for a paste it does not resemble', async () => {
    const calibration: Calibration = { ...DEFAULT_CALIBRATION, similar_answer_min_score: 1000, suggestion_min_score: 0.1 };
    const near = await matchPaste(kb, 'the inventory ledger sync stopped: capacitor overheated (flux unit 3)', { calibration, suggest: true });
    expect(near.matches).toEqual([]);
    expect(near.suggestions!.map((s) => s.article.id)).toEqual(['widget-flux']);
    const far = await matchPaste(kb, 'segmentation fault in the print spooler', { calibration, suggest: true });
    expect(far.matches).toEqual([]);
    expect(far.suggestions).toEqual([]);
  });

  it('never puts a similar answer before a generic rule that holds: the similar article is suggested beside it', async () => {
    const paste = 'HTTP/1.1 403 Forbidden: the gadget quota for this tenant is exhausted';
    const calibration: Calibration = { ...DEFAULT_CALIBRATION, similar_answer_min_score: 0.5, suggestion_min_score: 0.1, curves: { ...DEFAULT_CALIBRATION.curves, similar: [[0, 0.95]], generic: [[0, 0.6]] } };
    const result = await matchPaste(kb, paste, { calibration, suggest: true });
    expect(result.matches.map((m) => [m.article.id, m.basis, m.generic ?? false])).toEqual([['plain-403', 'rule', true]]);
    expect(result.suggestions!.map((s) => s.article.id)).toContain('gadget-quota');
  });
});
