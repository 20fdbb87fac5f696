/**
 * Servers, platforms and services a paste can name that carry their own plain 401, 403 or 5xx:
 * a generic HTTP article explains those only loosely, so a generic answer to a paste naming one
 * that no article covers is labelled low, and a generic answer about access (401, 403) steps
 * aside for them (see match-paste.ts). Lower-case names, as rules' `context.products` and
 * articles' `applies_to.products` spell them.
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

/**
 * Web servers and proxies in front of an application: their 401 or 403 page, in answer to a
 * request the paste shows, is the plain HTTP refusal the generic articles explain.
 */
const FRONT_SERVERS: ReadonlySet<string> = new Set(['nginx', 'apache', 'iis', 'cloudflare']);

/** The products of NAMED_PRODUCTS the paste names (first 64 KiB read). */
export function namedProducts(raw: string): string[] {
  const text = raw.length > 65536 ? raw.slice(0, 65536) : raw;
  const named: string[] = [];
  for (const [name, pattern] of NAMED_PRODUCTS) if (pattern.test(text)) named.push(name);
  return named;
}

/**
 * Whether a paste naming these products (namedProducts) names one with its own access model (Kubernetes RBAC, Vault policies,
 * a package repository, AWS IAM, a database login …), whose 401 or 403 the generic article does
 * not explain. A web server in front of an application counts only when no request URL shows
 * that the refusal answered a client (its own error log, or its error page alone).
 */
export function namesOwnAccessModel(named: readonly string[], requestsUrl: () => boolean): boolean {
  return named.some((name) => !FRONT_SERVERS.has(name) || !requestsUrl());
}

/** The named products other than web servers in front of an application: platforms with errors of their own. */
export function platformsNamed(named: readonly string[]): string[] {
  return named.filter((name) => !FRONT_SERVERS.has(name));
}
