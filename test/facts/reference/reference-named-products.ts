/**
 * FROZEN PRE-OPTIMIZATION REFERENCE — not imported from src/; edited only to change behaviour on purpose.
 *
 * namedProducts (src/facts/named-products.ts) as it was before one scan for the products' words
 * picked the regexes to try: every product's regex tried on the paste, in order. The property
 * test in test/facts/named-products-agree.test.ts holds the optimized one to exactly these results.
 */
const NAMED_PRODUCTS: [string, RegExp][] = [
  ['nginx', /\bnginx\b/i],
  ['apache', /\bapache(?:2|\/\d)?\b|\bhttpd\b/i],
  ['iis', /\bIIS\b|Microsoft-IIS/],
  ['kubernetes', /\bkubernetes\b|\bkubectl\b|\bk8s\b|\bRBAC\b|serviceaccount|system:serviceaccount|logged in to the server|\bin API group\b/i],
  // AWS's own error codes and wording name it as surely as its host names do.
  ['s3', /\bS3\b|\bAccessDenied\b|amazonaws\.com|\bAWS\b|\bIAM\b|\bboto(?:core|3)?\b|\bExpiredToken(?:Exception)?\b|\bInvalidClientTokenId\b|\bSignatureDoesNotMatch\b|security token included in the request/],
  ['docker', /\bdocker\b|\b(?:container|image) registry\b|\bcontainerd\b/i],
  // Its own wording names it too: "duplicate key value violates unique constraint".
  ['postgres', /\bpostgres(?:ql)?\b|\bpsql\b|\bviolates (?:unique|foreign key|not-null|check) constraint\b/i],
  ['mysql', /\bmysql\b|\bmariadb\b/i],
  ['mongodb', /\bmongo(?:db)?\b|\bpymongo\b/i],
  ['redis', /\bredis\b/i],
  ['rabbitmq', /\brabbitmq\b|\bACCESS_REFUSED\b|\bamqp\b/i],
  ['ldap', /\bldap\b/i],
  ['smtp', /\bsmtp\b/i],
  ['ssh', /\bssh\b|\bpublickey\b/i],
  ['npm', /\bnpm (?:ERR|error)\b/i],
  // Package repositories: each has its own credentials and permissions.
  ['maven', /\bmaven\b|\bsonatype\b|\bnexus\b|\borg\.eclipse\.aether\b/i],
  ['artifactory', /\bartifactory\b|\bjfrog\b/i],
  ['pypi', /\bpypi\b/i],
  ['nuget', /\bnuget\b/i],
  ['vault', /\bvault\b/i],
  ['jenkins', /\bjenkins\b|\bcrumb\b/i],
  ['gitlab', /\bgitlab\b/i],
  ['cloudflare', /\bcloudflare\b/i],
  ['gcp', /\bgoogleapis\.com\b|\bgoogleapi\b|\bgcloud\b|\bgsutil\b|\bfirestore\b|\bfirebase\b/i],
  ['azure-storage', /\bWindows-?Azure-?(?:Blob|Storage)\b|\bblob\.core\.windows\.net\b|\bAzure\.?Storage\b|\bAuthorizationPermissionMismatch\b/i],
];

/** The products of NAMED_PRODUCTS the paste names (first 64 KiB read). */
export function referenceNamedProducts(raw: string): string[] {
  const text = raw.length > 65536 ? raw.slice(0, 65536) : raw;
  const named: string[] = [];
  for (const [name, pattern] of NAMED_PRODUCTS) if (pattern.test(text)) named.push(name);
  return named;
}
