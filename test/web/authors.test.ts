import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { main } from '../../src/cli/main.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import type { KnowledgeBase } from '../../src/compile/knowledge-base.js';
import { loadValidKb } from '../helpers/temp-kb.js';
import { ADMIN_TOKEN, authorsApp, SECRET } from './authors-fixture.js';

// The authors' workspace as fastify answers it (no browser): sign-in, session cookie, the pages, the JSON.
let kb: KnowledgeBase;
let app: FastifyInstance;
let ledgerGroup: string;
let close: () => Promise<void>;
let dataDir: string;
let session: Record<string, string>;

const ORIGIN = 'http://localhost:80';

function signIn(token: string, headers: Record<string, string> = { origin: ORIGIN }) {
  return app.inject({ method: 'POST', url: '/authors/sign-in', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: new URLSearchParams({ token }).toString() });
}

function postForm(url: string, fields: Record<string, string>, cookies = session) {
  return app.inject({ method: 'POST', url, cookies, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN }, payload: new URLSearchParams(fields).toString() });
}

beforeAll(async () => {
  kb = await loadValidKb(BUNDLED_KB_DIR);
  ({ app, ledgerGroup, close, dir: dataDir } = await authorsApp(kb));
  const response = await signIn(ADMIN_TOKEN);
  const cookie = response.cookies.find((c) => c.name === 'kb_author')!;
  session = { kb_author: cookie.value };
});

afterAll(async () => close?.());

describe('signing in', () => {
  it('sends an author without a session to the sign-in form, which posts the token in the body', async () => {
    const page = await app.inject({ url: '/authors' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/authors/sign-in');
    const form = await app.inject({ url: '/authors/sign-in' });
    expect(form.body).toContain('<form class="card sign-in" method="post" action="/authors/sign-in">');
    expect(form.body).toContain('<input id="token" name="token" type="password" required autocomplete="current-password"');
  });

  it('sets a signed, HttpOnly, SameSite=Strict session cookie for the right token', async () => {
    const response = await signIn(ADMIN_TOKEN);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/authors');
    const header = String(response.headers['set-cookie']);
    expect(header).toMatch(/^kb_author=\d+\.[\w-]+\.[\w%+/=-]+; Max-Age=28800; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(header).not.toContain(ADMIN_TOKEN);
  });

  it('refuses a wrong token with the form again, and sets no cookie', async () => {
    const response = await signIn('not-the-token');
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('<p class="form-error" role="alert" id="sign-in-error">That is not the admin token of this server.</p>');
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a sign-in posted from another site, even with the right token', async () => {
    for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'null', 'sec-fetch-site': 'cross-site' }, { origin: 'null' }]) {
      const response = await signIn(ADMIN_TOKEN, headers);
      expect(response.statusCode).toBe(403);
      expect(response.body).toContain('This form was sent from another site.');
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });

  it('does not take a cookie whose signature or expiry was changed', async () => {
    const [expires, nonce, signature] = session.kb_author!.split('.');
    for (const value of [`${Number(expires) + 1000}.${nonce}.${signature}`, `${expires}.${nonce}.AAAA${signature!.slice(4)}`, 'garbage']) {
      expect((await app.inject({ url: '/authors', cookies: { kb_author: value } })).statusCode).toBe(303);
    }
  });

  it('signs out by clearing the cookie', async () => {
    const response = await postForm('/authors/sign-out', {});
    expect(response.statusCode).toBe(303);
    expect(String(response.headers['set-cookie'])).toMatch(/^kb_author=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970/);
  });
});

describe("the authors' page", () => {
  it('lists the inbox by count, with a redacted sample, first and last seen, and a sparkline of arrivals per day', async () => {
    const page = await app.inject({ url: '/authors', cookies: session });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    const inbox = page.body.slice(page.body.indexOf('id="inbox"'), page.body.indexOf('id="generic"'));
    const counts = [...inbox.matchAll(/<strong>(\d+) pastes?<\/strong>/g)].map((m) => Number(m[1]));
    expect(counts).toEqual([7, 2]);
    expect(inbox).toMatch(/aria-label="7 pastes in the last 30 days; most on \d{4}-\d\d-\d\d \(3\); 2 today"/);
    expect(inbox).toContain(`<a class="button" href="/authors/draft/${ledgerGroup}">Draft a rule</a>`);
    expect(inbox).toContain('reconciliation batch 40 aborted');
    const recent = await app.inject({ url: '/authors?inbox=recent', cookies: session });
    const first = recent.body.slice(recent.body.indexOf('id="inbox"')).match(/<strong>(\d+) pastes?<\/strong>/)![1];
    expect(first).toBe('2');
  });

  it('lists groups answered only generically apart', async () => {
    const page = (await app.inject({ url: '/authors', cookies: session })).body;
    const generic = page.slice(page.indexOf('id="generic"'), page.indexOf('id="rules"'));
    expect(generic).toContain('invoicing gateway');
    expect(page.slice(page.indexOf('id="inbox"'), page.indexOf('id="generic"'))).not.toContain('invoicing gateway');
  });

  it('shows answers per rule over time and "did this fix it?", sortable, and comments redacted', async () => {
    const [first, second, third] = kb.rules;
    const page = (await app.inject({ url: '/authors', cookies: session })).body;
    const rows = (body: string) => [...body.slice(body.indexOf('id="rules"')).matchAll(/<th scope="row"><code>([^<]+)<\/code>/g)].map((m) => m[1]);
    expect(rows(page)).toEqual([first!.id, second!.id, third!.id]);
    expect(page).toContain('<th scope="col" aria-sort="descending"><a href="/authors?inbox=count&amp;sort=served#rules">Answers<span aria-hidden="true"> ▼</span></a></th>');
    expect(page).toContain('aria-label="1 said it fixed it, 0 said it did not"');
    const byUnhelpful = (await app.inject({ url: '/authors?sort=not_helpful', cookies: session })).body;
    expect(rows(byUnhelpful)[0]).toBe(second!.id);
    const unhelpful = page.slice(page.indexOf('id="unhelpful"'), page.indexOf('id="never"'));
    expect(unhelpful).toContain(`<code>${second!.id}</code>`);
    expect(page).toContain('Step 2 fixed it: the key had expired.');
    expect(page).toContain('Still failing after rotating [REDACTED');
    expect(page).not.toContain(SECRET);
    expect(page).toContain(`Never answered <span class="muted">(${kb.rules.length - 3})</span>`);
  });

  it('gives the same as JSON under /v1/authors, with the admin token', async () => {
    expect((await app.inject({ url: '/v1/authors' })).statusCode).toBe(401);
    const response = await app.inject({ url: '/v1/authors?sort=not_helpful', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.days).toHaveLength(30);
    expect(body.inbox.map((g: { count: number }) => g.count)).toEqual([7, 2]);
    expect(body.inbox[0].arrivals.reduce((a: number, b: number) => a + b, 0)).toBe(7);
    expect(body.generic).toHaveLength(1);
    expect(body.rules[0]).toMatchObject({ rule: kb.rules[1]!.id, not_helpful: 2, unhelpful_share: 1, in_kb: true });
    expect(body.comments.map((c: { comment: string }) => c.comment)).toEqual([expect.stringContaining('Still failing after rotating [REDACTED'), 'Step 2 fixed it: the key had expired.']);
    expect(body.never_answered).toHaveLength(kb.rules.length - 3);
  });
});

describe('drafting a rule from the inbox in the playground', () => {
  it('opens the playground with the draft, a new article to write and the sample', async () => {
    const page = await app.inject({ url: `/authors/draft/${ledgerGroup}`, cookies: session });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Drafted from inbox group <code>${ledgerGroup}</code>`);
    expect(page.body).toContain('    - Reconciliation\n    - ledger\n    - writer\n');
    expect(page.body).toContain('title: &quot;Describe the problem in a sentence&quot;');
    expect(page.body).toContain('data-plain-post="true"');
    expect((await app.inject({ url: `/authors/draft/${ledgerGroup}` })).statusCode).toBe(303);
  });

  it('tries the draft with its new article: both linted, and the preview names the stored pastes it would answer', async () => {
    const draft = (await app.inject({ url: `/authors/draft/${ledgerGroup}`, cookies: session })).body;
    const field = (name: string) => decode(new RegExp(`<textarea id="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(draft)![1]!);
    const page = await postForm('/try', { rule: field('rule'), article: field('article'), text: field('sample') });
    expect(page.statusCode).toBe(200);
    const result = page.body.slice(page.body.indexOf('<div id="result"'));
    expect(result).toContain('<h2 id="try-title" tabindex="-1">The rule matches this sample</h2>');
    expect(result).toContain('<p class="lint-ok" role="status">No problems found in the rule.</p>');
    expect(result).toContain('<h3 class="lint-title">The article: 0 errors, 9 warnings</h3>');
    expect(result).toContain('&quot;Describe the problem in a sentence&quot; is the scaffold&#39;s example text, left in place');
    expect(result).toContain('The rule is tried with the new article <code>aborted-ledger-snapshot-is-locked-by</code>, which is not saved yet.');
    expect(result).toContain('<p class="outcome outcome-yes">It would now answer 1 group of the 3 stored paste groups nothing answered.</p>');
    expect(result).toContain(`<code>${ledgerGroup}</code> 7 pastes`);
    expect(result).toMatch(/<p>It takes over no answer of another rule \(\d+ examples of the served rules checked\)\.<\/p>/);
    expect(result).toContain('<p>Its one example behaves: each match example is answered first by it, and no no_match example matches.</p>');
  });
});

describe('without an admin token, and in the CLI', () => {
  it('serves no authors\' pages at all without an admin token', async () => {
    const bare = await authorsApp(kb, {});
    try {
      for (const url of ['/authors', '/authors/sign-in', `/authors/draft/${bare.ledgerGroup}`]) expect((await bare.app.inject({ url })).statusCode).toBe(404);
    } finally {
      await bare.close();
    }
  });

  it('kb stats --comments prints the comments, newest first, redacted', async () => {
    let out = '';
    const stdout = new Writable({ write: (chunk, _enc, done) => ((out += String(chunk)), done()) });
    const code = await main({ argv: ['stats', '--comments', '--data', dataDir], stdout, stderr: stdout, env: {} });
    expect(code).toBe(0);
    const [second, first] = [kb.rules[1]!.id, kb.rules[0]!.id];
    expect(out).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  did not fix  ${second}\n  Still failing after rotating \\[REDACTED:[a-z-]+\\]\n\n\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  fixed it     ${first}\n  Step 2 fixed it: the key had expired\\.\n$`));
    expect(out).not.toContain(SECRET);
  });
});

function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}
