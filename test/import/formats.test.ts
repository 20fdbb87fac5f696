// Each input format on realistic samples (test/fixtures/import/<format>/): what lands in which
// field, what is reported with its line, and that the drafted rules pass lint and their examples.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExamples } from '../../src/check/run-examples.js';
import { importKnowledgeBase, type ImportResult } from '../../src/import/import-knowledge-base.js';
import { compileFiles } from '../../src/import/verify-drafts.js';
import { parse } from 'yaml';

const FIXTURES = join(import.meta.dirname, '../fixtures/import');

async function importFolder(folder: string): Promise<ImportResult> {
  const dir = join(FIXTURES, folder);
  const inputs = readdirSync(dir).sort().map((name) => ({ name: `${folder}/${name}`, text: readFileSync(join(dir, name), 'utf8') }));
  return importKnowledgeBase(inputs, { root: '/tmp/import-formats', existing: new Map() });
}

function articleOf(result: ImportResult, id: string): Record<string, any> {
  const file = result.files.find((f) => f.path === `articles/${id}.md`);
  expect(file, `articles/${id}.md`).toBeDefined();
  return parse(file!.text.split(/^---$/m)[1]!) as Record<string, any>;
}

async function expectCleanKb(result: ImportResult) {
  const { kb, diagnostics } = compileFiles('/tmp/import-formats', new Map(result.files.map((f) => [f.path, f.text])));
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const failed = (await runExamples(kb!)).filter((o) => !o.passed);
  expect(failed.map((f) => `${f.name}: ${f.message}`)).toEqual([]);
  return kb!;
}

describe('saved KB web pages (HTML)', async () => {
  const result = await importFolder('html');
  it('maps title, error, cause, steps with notes and expected results, escalation and references; drops chrome and screenshots', () => {
    const slack = articleOf(result, 'slack-bot-stops-posting-an-api-error-occurred-token-revoked');
    expect(slack.error_messages).toEqual(['An API error occurred: token_revoked', '{"ok":false,"error":"token_revoked"}']);
    expect(slack.steps).toHaveLength(3);
    expect(slack.steps[1]).toEqual({ text: 'Click Reconnect and approve the app in Slack with an account that will stay in the workspace.', note: 'a workspace owner or admin is the safest choice.' });
    expect(slack.steps[2].expect).toBe('the message appears in the channel within a few seconds.');
    expect(slack.escalation).toMatch(/^If the issue persists after reconnecting/);
    expect(slack.references[0]).toEqual({ title: expect.stringMatching(/^Source: Slack bot stops posting/), url: 'https://help.acme.example/hc/en-us/articles/3101-slack-token-revoked' });
    expect(slack.references[1].url).toBe('https://api.slack.com/methods/auth.test');
    expect(slack.updated).toBe('2026-10-02');
    expect(slack.applies_to).toEqual({ products: ['slack'], areas: ['notifications'] });
    const notes = result.notes.filter((n) => n.file === 'html/slack-token-revoked.html');
    expect(notes).toContainEqual({ file: 'html/slack-token-revoked.html', line: 31, kind: 'dropped', message: 'image (alt text "Reconnect button in the Slack settings")' });
    expect(notes.some((n) => n.line === 15 && /breadcrumbs/.test(n.message))).toBe(true);
    expect(notes.some((n) => /no web address/.test(n.message))).toBe(true);
    expect(JSON.stringify(slack)).not.toMatch(/Loading|Was this article helpful|dataLayer/);
  });

  it('reads pages with odd structure: no <h1>, bullets for steps, a blockquoted error, an unknown section', () => {
    const saml = articleOf(result, 'git-push-refused-with-resource-protected-by-organization');
    expect(saml.title).toBe('Git push refused with "Resource protected by organization SAML enforcement"');
    expect(saml.steps.map((s: any) => (typeof s === 'string' ? s : s.text))).toEqual([expect.stringMatching(/^In GitHub open Settings/), expect.stringMatching(/^Next to the token choose Configure SSO/), 'Retry the push.']);
    expect(saml.steps[1].substeps).toEqual(['Complete the SSO sign-in when asked.']);
    expect(saml.error_messages[0]).toMatch(/^remote: Resource protected by organization SAML enforcement/);
    const stripe = articleOf(result, 'stripe-webhooks-fail-signature-verification');
    expect(stripe.error_messages).toEqual(['StripeSignatureVerificationError: No signatures found matching the expected signature for payload']);
    expect(stripe.steps[1].warning).toBe('test mode and live mode endpoints have different secrets.');
    expect(stripe.updated).toBe('2026-09-14');
    expect(result.notes).toContainEqual(expect.objectContaining({ file: 'html/stripe-webhook.html', line: 20, kind: 'unmapped' }));
  });

  it('drafts rules that pass lint and their examples', async () => {
    await expectCleanKb(result);
  });
});

describe('Confluence page exports', async () => {
  const result = await importFolder('confluence');
  it('takes the title without the space name, the modified date, code panels as errors; drops breadcrumbs, attachments and footer', () => {
    const proxy = articleOf(result, 'proxy-returns-407-proxy-authentication-required');
    expect(proxy.title).toBe('Proxy returns 407 Proxy Authentication Required');
    expect(proxy.updated).toBe('2026-11-20');
    expect(proxy.error_messages).toContain('Error: tunneling socket could not be established, statusCode=407');
    expect(proxy.steps[1].warning).toBe('percent-encode special characters in the password.');
    const cert = articleOf(result, 'certificate-expired-on-the-billing-api');
    expect(cert.error_messages[0]).toMatch(/^Error: certificate has expired\n/);
    expect(cert.steps).toHaveLength(2);
    expect(JSON.stringify(result.files.map((f) => f.text))).not.toMatch(/Document generated by Confluence|Attachments:|proxy\.png/);
  });

  it('drafts rules that pass lint and their examples', async () => {
    const kb = await expectCleanKb(result);
    expect(kb.rules.length).toBe(2);
  });
});

describe('Markdown with headings', async () => {
  const result = await importFolder('markdown');
  it('reads front matter, fenced and inline-code errors, nested sub-steps and "Root cause"/"Symptoms" headings', () => {
    const entra = articleOf(result, 'sign-in-fails-with-aadsts50011-redirect-uri-mismatch');
    expect(entra.references[0].url).toBe('https://wiki.acme.example/kb/entra-redirect-uri');
    expect(entra.tags).toEqual(expect.arrayContaining(['entra', 'sso']));
    expect(entra.updated).toBe('2026-08-30');
    expect(entra.steps[1].substeps).toEqual(['Keep the scheme, host, path and trailing slash identical.']);
    expect(entra.escalation).toMatch(/^If the error persists/);
    const okta = articleOf(result, 'okta-api-calls-fail-with-e0000047-rate-limit');
    expect(okta.error_messages).toEqual(['{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}']);
    expect(okta.steps[1]).toEqual({ text: "Lower the job's concurrency.", warning: 'other integrations share the same limit.' });
    expect(result.notes).toContainEqual(expect.objectContaining({ file: 'markdown/okta-rate-limit.md', line: 22, kind: 'unmapped' }));
    const odd = articleOf(result, 'webhook-deliveries-rejected-x-hub-signature-256-mismatch');
    expect(odd.error_messages).toContain('X-Hub-Signature-256 mismatch');
    expect(odd.steps).toHaveLength(2);
  });

  it('drafts rules with codes as facts that pass lint and their examples', async () => {
    const kb = await expectCleanKb(result);
    expect(kb.rules.find((r) => r.id.startsWith('okta-api-calls'))!.source).toMatch(/code: E0000047/);
  });
});

describe('Zendesk Help Center articles export (JSON)', async () => {
  const result = await importFolder('zendesk');
  it('reads title, HTML body, html_url, label_names and edited_at of every article', () => {
    expect(result.articles.map((a) => a.source)).toEqual(['zendesk:360001234501', 'zendesk:360001234502', 'zendesk:360001234503']);
    const sf = articleOf(result, 'salesforce-sync-fails-with-invalid-session-id');
    expect(sf.references[0].url).toBe('https://acme.zendesk.com/hc/en-us/articles/360001234501-Salesforce-sync-fails-with-INVALID-SESSION-ID');
    expect(sf.tags).toEqual(expect.arrayContaining(['salesforce', 'sync']));
    expect(sf.updated).toBe('2026-11-01');
    const agent = articleOf(result, 'connection-refused-to-the-local-agent');
    expect(agent.cause).toBe('The agent service is stopped or listens on another port.');
    expect(agent.steps[0].substeps[0]).toBe('If it is stopped, start it with acme-agent start.');
    expect(result.notes).toContainEqual(expect.objectContaining({ kind: 'warning', message: 'Zendesk article 360001234502 is marked outdated' }));
    expect(result.notes).toContainEqual(expect.objectContaining({ kind: 'dropped', message: 'image (alt text "agent status output")' }));
    expect(result.notes).toContainEqual(expect.objectContaining({ kind: 'warning', message: 'Zendesk article 360001234503 is a draft' }));
  });

  it('drafts rules that pass lint and their examples', async () => {
    await expectCleanKb(result);
  });
});

describe('CSV, one article per row', async () => {
  const result = await importFolder('csv');
  it('reads HTML and Markdown bodies, labels and urls; a row without structure is reported', () => {
    const jira = articleOf(result, 'jira-api-returns-401-basic-auth-with-password');
    expect(jira.error_messages).toEqual(['Basic authentication with passwords is deprecated.']);
    expect(jira.tags).toEqual(expect.arrayContaining(['atlassian', 'api']));
    expect(jira.references[0].url).toBe('https://kb.acme.example/jira-basic-auth');
    const github = articleOf(result, 'github-api-bad-credentials');
    expect(github.steps).toEqual(['Create a new fine-grained token.', 'Update the CI secret.', 'Re-run the job.']);
    expect(result.notes).toContainEqual(expect.objectContaining({ file: 'csv/knowledge-export.csv', kind: 'warning', message: expect.stringMatching(/no numbered steps/) }));
  });

  it('drafts rules that pass lint and their examples', async () => {
    await expectCleanKb(result);
  });
});

describe('secrets quoted on a page', async () => {
  it('are redacted before they become error messages and rule examples', async () => {
    const page = '# Okta API rejects the token\n\n## Error message\n\n```\nGET /api/v1/users Authorization: SSWS 00abcdefghijklmnopqrstuvwxyz0123456789ABCD -> 401 Invalid token provided\n```\n\n## Cause\n\nThe token was revoked.\n\n## Solution\n\n1. Create a new token.\n2. Test it: `curl -H "Authorization: SSWS 00abcdefghijklmnopqrstuvwxyz0123456789ABCD" https://acme.okta.com/api/v1/users/me`\n';
    const result = await importKnowledgeBase([{ name: 'secret.md', text: page }], { root: '/tmp/import-formats', existing: new Map() });
    const all = result.files.map((f) => f.text).join('\n');
    expect(all).not.toContain('00abcdefghijklmnopqrstuvwxyz0123456789ABCD');
    expect(all).toContain('[REDACTED:');
    expect(result.notes).toContainEqual(expect.objectContaining({ kind: 'warning', message: expect.stringMatching(/looks like a secret/) }));
  });
});
