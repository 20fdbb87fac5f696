import { describe, expect, it } from 'vitest';
import { fillPlaceholders, renderArticle, renderSteps } from '../../src/present/render-steps.js';
import { knowledgeBaseOf } from '../helpers/knowledge-base.js';

const ARTICLE = `---
id: filled
title: Filled article
summary: An article with placeholders.
cause: "{{ tenant }} refused {{user}}."
steps:
  - Plain first step.
  - text: "Open {{tenant}} settings."
    note: "Note for {{user}}."
    expect: Nothing to fill.
  - text: A step with substeps.
    substeps:
      - Plain substep.
      - "Substep for {{user}}."
  - text: A static step with static substeps.
    substeps:
      - Static substep.
---
Body.
`;

const CAPTURES = "captures: { tenant: { regex: 'tenant (\\w+)' }, user: { regex: 'user (\\w+)' } }";

const kb = knowledgeBaseOf(
  {
    'rules/filled.yaml': ['id: filled', 'title: Filled rule', 'article: filled', 'when:', '  contains: refused', CAPTURES, 'examples:', '  match:', '    - "refused"', ''].join('\n'),
    'rules/inline.yaml': ['id: inline', 'title: Inline rule', 'cause: "Inline {{tenant}} stays as written."', 'steps:', '  - "Do {{tenant}}."', 'when:', '  contains: nope', CAPTURES, 'examples:', '  match:', '    - "nope"', ''].join('\n'),
  },
  { 'articles/filled.md': ARTICLE },
);
const filledRule = kb.rulesById.get('filled')!;

describe('fillPlaceholders', () => {
  it('fills captured names, shows the others as <name>, leaves what is not a placeholder', () => {
    expect(fillPlaceholders('a {{x}} b {{ y }} c {{X}} {{x', { x: '1' })).toBe('a 1 b <y> c {{X}} {{x');
    expect(fillPlaceholders('{{x}}{{x}}', { x: '$&' })).toBe('$&$&');
    expect(fillPlaceholders('no placeholder', { x: '1' })).toBe('no placeholder');
  });
});

describe('renderArticle', () => {
  it('gives every paste without captures the same frozen article', () => {
    const first = renderArticle(filledRule, {});
    expect(renderArticle(filledRule, {})).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.steps)).toBe(true);
    expect(first.steps.every((s) => Object.isFrozen(s))).toBe(true);
    expect(Object.isFrozen(first.steps[2]!.substeps)).toBe(true);
    expect(first.cause).toBe('<tenant> refused <user>.');
    expect(first.steps[1]).toEqual({ text: 'Open <tenant> settings.', note: 'Note for <user>.', expect: 'Nothing to fill.' });
  });

  it('fills captures into new objects and shares the steps they do not change', () => {
    const unfilled = renderArticle(filledRule, {});
    const filled = renderArticle(filledRule, { tenant: 'contoso', user: 'ann' });
    expect(filled).not.toBe(unfilled);
    expect(filled.cause).toBe('contoso refused ann.');
    expect(filled.steps[0]).toBe(unfilled.steps[0]);
    expect(filled.steps[1]).toEqual({ text: 'Open contoso settings.', note: 'Note for ann.', expect: 'Nothing to fill.' });
    expect(filled.steps[2]!.substeps).toEqual([{ text: 'Plain substep.' }, { text: 'Substep for ann.' }]);
    expect(filled.steps[2]!.substeps![0]).toBe(unfilled.steps[2]!.substeps![0]);
    expect(filled.steps[3]).toBe(unfilled.steps[3]);
    // The shared article is left as it was.
    expect(unfilled.cause).toBe('<tenant> refused <user>.');
    expect(Object.keys(filled)).toEqual(Object.keys(unfilled));
  });

  it('fills a rule’s inline steps, and shows its inline cause as written', () => {
    const article = renderArticle(kb.rulesById.get('inline')!, { tenant: 'contoso' });
    expect(article).toEqual({ id: 'inline', title: 'Inline rule', cause: 'Inline {{tenant}} stays as written.', steps: [{ text: 'Do contoso.' }] });
  });
});

describe('renderSteps', () => {
  it('renders steps of any shape, leaving out empty notes', () => {
    expect(renderSteps(['a {{x}}', { text: 't', note: '', warning: 'w {{x}}', substeps: ['s'] }], { x: '1' })).toEqual([
      { text: 'a 1' },
      { text: 't', warning: 'w 1', substeps: [{ text: 's' }] },
    ]);
  });
});
