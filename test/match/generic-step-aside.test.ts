// Issue 16: a generic 401/403 rule steps aside for a paste naming a product with its own access
// model (no specific rule held, so no article explains that product's refusal), and holds only
// for a status number, not the bare word; a web server's own 403 page answers only a request.
import { describe, expect, it } from 'vitest';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';
import { matchPaste } from '../../src/match/match-paste.js';

const { kb } = await loadKnowledgeBase(BUNDLED_KB_DIR);
const firstArticle = async (text: string) => (await matchPaste(kb!, text, { limit: 3 })).matches[0]?.article.id;

describe('generic access rules step aside', () => {
  it('answer a plain HTTP 401 or 403 that names no other product', async () => {
    expect(await firstArticle('requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: https://api.example.com/v1/items')).toBe('http-403-forbidden');
    expect(await firstArticle('HTTP/1.1 401 Unauthorized')).toBe('http-401-unauthorized');
  });

  it('step aside for Kubernetes, Vault, a package repository or AWS, which have their own access models', async () => {
    expect(await firstArticle('Error from server (Forbidden): HTTP 403: pods is forbidden: User "system:serviceaccount:ci:runner" cannot list resource "pods"')).toBeUndefined();
    expect(await firstArticle('$ vault kv get secret/app\nCode: 403. Errors:\n* permission denied')).toBeUndefined();
    expect(await firstArticle('[ERROR] Failed to deploy artifacts: Could not transfer artifact to nexus: status code: 401, reason phrase: Unauthorized (401)')).toBeUndefined();
    expect(await firstArticle('botocore.exceptions.ClientError: An error occurred (403) when calling the HeadObject operation: Forbidden')).toBeUndefined();
  });

  it('need the status number, not only the word', async () => {
    expect(await firstArticle('directory index of "/srv/www/" is forbidden')).toBeUndefined();
  });

  it("answer a web server's 403 page only when the paste shows the request it answered", async () => {
    expect(await firstArticle('<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center></body></html>')).toBeUndefined();
    expect(await firstArticle('$ curl -s https://files.example.org/report.pdf\n<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center></body></html>')).toBe('http-403-forbidden');
  });

  it('leave connection-level generic rules alone: ECONNREFUSED from a database client is still answered', async () => {
    expect(await firstArticle('Error: connect ECONNREFUSED 127.0.0.1:5432 (PostgreSQL)')).toBe('econnrefused');
  });
});
