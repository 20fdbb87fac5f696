import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { namedProducts } from '../../src/facts/named-products.js';
import { bundledExamples } from '../helpers/knowledge-base.js';
import { fuzzRuns } from '../helpers/fuzz-runs.js';
import { referenceNamedProducts } from './reference/reference-named-products.js';

// namedProducts scans the paste lower-cased once for the products' words and tries only the regexes
// of the products mentioned; it must name exactly the products the plain loop over every regex does,
// in the same order.

/** Product names and wordings in several cases, with near misses and look-alike non-ASCII letters. */
const WORDS = [
  'nginx', 'NGINX', 'Apache2', 'apache/2', 'httpd', 'IIS', 'iis', 'Microsoft-IIS', 'Kubernetes', 'kubectl', 'K8s', '\u212a8s', 'RBAC', 'rbac',
  'system:serviceaccount', 'ServiceAccount', 'logged in to the server', 'in API group', 'in api group', 'S3', 's3', 'AccessDenied', 'accessdenied',
  'amazonaws.com', 'AMAZONAWS.COM', 'AWS', 'aws', 'IAM', 'iam', 'botocore', 'boto3', 'BOTO', 'ExpiredTokenException', 'InvalidClientTokenId',
  'SignatureDoesNotMatch', 'security token included in the request', 'Security token included in the request', 'Docker', 'container registry',
  'image  registry', 'containerd', 'PostgreSQL', 'psql', 'violates unique constraint', 'violates not-null constraint', 'MySQL', 'MariaDB',
  'mongodb', 'pymongo', 'Redis', 'RabbitMQ', 'ACCESS_REFUSED', 'access_refused', 'AMQP', 'LDAP', 'SMTP', 'ssh', 'publickey', 'npm ERR', 'npm error',
  'npm WARN', 'Maven', 'sonatype', 'Nexus', 'org.eclipse.aether', 'org-eclipse-aether', 'Artifactory', 'JFrog', 'PyPI', 'NuGet', 'Vault', 'Jenkins',
  'crumb', 'GitLab', 'Cloudflare', 'googleapis.com', 'googleapi', 'gcloud', 'gsutil', 'Firestore', 'Firebase', 'WindowsAzureBlob',
  'Windows-Azure-Storage', 'blob.core.windows.net', 'Azure.Storage', 'AzureStorage', 'Azure', 'AuthorizationPermissionMismatch',
  'nginxx', 'xredis', '\u017fsh', '\u0130IS', 'vaults', 'awsome', 's3cret', 'kube', 'mongo_db', 'npm', 'registry',
];
const SEPARATORS = [' ', '', '-', '_', '.', '/', ':', '\n', '\u00e9', '\u0130', '\ud83d\ude00', '1', 'x'];
const paste = fc.array(fc.oneof(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS)), { maxLength: 16 }).map((parts) => parts.join(''));

describe('namedProducts and its frozen reference', () => {
  let examples: string[] = [];
  beforeAll(async () => {
    examples = await bundledExamples();
  }, 60_000);

  it('name the same products for generated pastes (cases, near misses, non-ASCII look-alikes)', () => {
    fc.assert(
      fc.property(paste, (text) => {
        expect(namedProducts(text)).toEqual(referenceNamedProducts(text));
      }),
      { numRuns: fuzzRuns(5000) },
    );
  });

  it('name the same products for every bundled example, and past the 64 KiB read', () => {
    let named = 0;
    for (const text of examples) {
      expect(namedProducts(text), text).toEqual(referenceNamedProducts(text));
      named += namedProducts(text).length;
    }
    expect(named).toBeGreaterThan(5);
    // A product word across the 64 KiB mark is not read, by either.
    for (const cut of [65530, 65533, 65536]) {
      const long = `${'a '.repeat(cut / 2)}`.slice(0, cut) + 'Kubernetes redis';
      expect(namedProducts(long)).toEqual(referenceNamedProducts(long));
    }
  });

  it('are not vacuously alike: generated pastes name each product', () => {
    const counts = new Map<string, number>();
    for (const text of fc.sample(paste, { numRuns: 2000, seed: 3 })) for (const name of referenceNamedProducts(text)) counts.set(name, (counts.get(name) ?? 0) + 1);
    expect(counts.size).toBe(25);
  });
});
