import { describe, expect, it } from 'vitest';
import { highlightPaste } from '../../src/web/browser/highlight.js';
import { escapeHtml, html, safeHref, trustedHtml } from '../../src/web/browser/html.js';
import { stepsAsText } from '../../src/web/browser/result-view.js';

describe('html template', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const evil = `<img src=x onerror="alert('x')">&`;
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;">&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;</p>',
    );
  });

  it('keeps nested templates and trusted markup as they are, joins arrays, drops null, undefined and false', () => {
    const items = ['a<', 'b'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}${trustedHtml('<b>ok</b>')}`.value).toBe('<ul><li>a&lt;</li><li>b</li></ul>0<b>ok</b>');
  });

  it('lets only http(s) and same-site links through', () => {
    expect(safeHref('https://support.example.com/x')).toBe('https://support.example.com/x');
    expect(safeHref('/articles/x')).toBe('/articles/x');
    expect(safeHref('javascript:alert(1)')).toBe('#');
    expect(safeHref('//evil.example')).toBe('#');
    expect(escapeHtml('"\'')).toBe('&quot;&#39;');
  });
});

describe('highlightPaste', () => {
  it('marks spans, merging overlapping ones and listing every condition in the title', () => {
    const text = 'Error authenticating: Forbidden <x>';
    const out = highlightPaste(text, [
      { start: 22, end: 31, label: 'contains "forbidden"' },
      { start: 0, end: 20, label: 'contains "error authenticating"' },
      { start: 28, end: 35, label: 'regex' },
    ]).value;
    expect(out).toBe('<mark title="contains &quot;error authenticating&quot;">Error authenticating</mark>: <mark title="contains &quot;forbidden&quot;; regex">Forbidden &lt;x&gt;</mark>');
  });

  it('ignores spans outside the text', () => {
    expect(highlightPaste('abc', [{ start: 5, end: 9, label: 'x' }, { start: 1, end: 1, label: 'empty' }]).value).toBe('abc');
  });
});

describe('stepsAsText', () => {
  it('numbers steps and substeps and keeps notes, warnings and expectations', () => {
    const text = stepsAsText([{ text: 'Open it.', warning: 'Careful.' }, { text: 'Fix it.', expect: 'It works.', substeps: [{ text: 'Sub.' }] }]);
    expect(text).toBe('1. Open it.\n   Warning: Careful.\n2. Fix it.\n   Expected: It works.\n   2.1. Sub.');
  });
});
