// The similarity model reads a rule's multi-line examples for their evidence: the lines on which
// one of the rule's tests holds, not the command, log prefix or names the author put around them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/compile/knowledge-base.js';
import { DEFAULT_CALIBRATION, type Calibration } from '../../src/match/calibration.js';
import { matchPaste } from '../../src/match/match-paste.js';
import { article, loadValidKb, removeTemp, rule, writeTempKb } from '../helpers/temp-kb.js';

const LOG_EXAMPLE = ['$ widgetctl sync --tenant jane-doe-acme', 'INFO starting nightly reconciliation batch', 'ERROR flux capacitor overheated', 'INFO exiting'].join('\n');
const JSON_EXAMPLE = ['{', '  "errorCode": "E0000042",', '  "errorSummary": "Quota used up"', '}'].join('\n');

describe('examples read for their evidence', () => {
  let root: string;
  let kb: KnowledgeBase;
  beforeAll(async () => {
    root = writeTempKb({
      'articles/widget-flux.md': article('widget-flux'),
      'articles/gadget-quota.md': article('gadget-quota'),
      'articles/ledger-lock.md': article('ledger-lock'),
      'rules/widget-flux.yaml': rule('widget-flux', '  all:\n    - "flux capacitor overheated"', { match: [LOG_EXAMPLE, 'flux capacitor overheated on line two'] }),
      'rules/gadget-quota.yaml': rule('gadget-quota', '  all:\n    - json: { path: errorCode, equals: E0000042 }', { match: [JSON_EXAMPLE] }),
      'rules/ledger-lock.yaml': rule('ledger-lock', '  all:\n    - "ledger lock held"', { match: ['ledger lock held by another writer'] }),
    });
    kb = await loadValidKb(root);
  });
  afterAll(() => removeTemp(root));

  const examplesOf = (ruleId: string) => kb.similarity.passages.filter((p) => p.kind === 'example' && p.rule === ruleId).map((p) => p.text);

  it("keeps only the lines of a multi-line example on which the rule's tests hold", () => {
    expect(examplesOf('widget-flux')).toEqual(['ERROR flux capacitor overheated', 'flux capacitor overheated on line two']);
  });

  it('keeps an example whole when no line holds a test on its own (a JSON body whose field is tested)', () => {
    expect(examplesOf('gadget-quota')).toEqual([JSON_EXAMPLE]);
  });

  it('does not take an unrelated paste sharing only the situation around an example for the article', async () => {
    const calibration: Calibration = { ...DEFAULT_CALIBRATION, similar_answer_min_score: 0.1, suggestion_min_score: 0.1 };
    const result = await matchPaste(kb, '$ widgetctl sync --tenant jane-doe-acme\nINFO starting nightly reconciliation batch\nERROR disk quota exceeded', { suggest: true, calibration });
    expect(result.matches.map((m) => m.article.id)).not.toContain('widget-flux');
    expect(result.suggestions?.map((s) => s.article.id)).not.toContain('widget-flux');
  });
});
