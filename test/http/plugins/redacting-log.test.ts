import { describe, expect, it } from 'vitest';
import { redactingLogger } from '../../../src/http/plugins/redacting-log.js';
import { redactSecrets } from '../../../src/redact/redact-secrets.js';
import { secretSamples } from '../../fixtures/secrets/secret-samples.js';

type ReqSerializer = (request: { method: string; url: string; ip?: string }) => { url: string };

function requestSerializer(): ReqSerializer {
  const options = redactingLogger({ level: 'info' }) as { serializers: { req: ReqSerializer } };
  return options.serializers.req;
}

describe('the request log line’s URL', () => {
  it('is what redactSecrets makes of it, however often a URL comes back (clean URLs are remembered, others never)', () => {
    const serialize = requestSerializer();
    // Clean URLs first, some of them the start of URLs with a secret that come later.
    const urls = ['/v1/match', '/healthz', '/articles/okta-sso', '/v1/match?product=okta&limit=3', '/v1/match?token=x', '/articles?q=hello'];
    for (const sample of secretSamples().slice(0, 60)) urls.push(`/articles?q=${encodeURIComponent(sample.paste.slice(0, 200))}`, `/v1/match?token=${sample.secrets[0]}`);
    for (let round = 0; round < 3; round++) {
      for (const url of urls) expect(serialize({ method: 'GET', url }).url, url).toBe(redactSecrets(url));
    }
    const withSecret = urls.filter((url) => redactSecrets(url) !== url);
    expect(withSecret.length).toBeGreaterThan(50);
  });

  it('stays right once more URLs have come than it remembers', () => {
    const serialize = requestSerializer();
    const secretUrl = `/v1/match?token=${secretSamples()[0]!.secrets[0]}`;
    for (let i = 0; i < 1500; i++) {
      const url = i % 100 === 0 ? secretUrl : `/articles/a-${i % 700}`;
      expect(serialize({ method: 'GET', url }).url).toBe(redactSecrets(url));
    }
  });
});
