/**
 * Servers, platforms and services a paste can name that carry their own plain 401, 403 or 5xx:
 * a generic HTTP article explains those only loosely, so a generic answer to a paste naming one
 * that no article covers is labelled low, and a generic answer about access (401, 403) steps
 * aside for them (see match-paste.ts). Lower-case names, as rules' `context.products` and
 * articles' `applies_to.products` spell them.
 */
const NAMED_PRODUCTS: [string, RegExp, string[]][] = [
  ['nginx', /\bnginx\b/i, ['nginx']],
  ['apache', /\bapache(?:2|\/\d)?\b|\bhttpd\b/i, ['apache', 'httpd']],
  ['iis', /\bIIS\b|Microsoft-IIS/, ['iis']],
  ['kubernetes', /\bkubernetes\b|\bkubectl\b|\bk8s\b|\bRBAC\b|serviceaccount|system:serviceaccount|logged in to the server|\bin API group\b/i, ['kube', 'k8s', 'rbac', 'serviceaccount', 'logged in to the server', 'in api group']],
  // AWS's own error codes and wording name it as surely as its host names do.
  [
    's3',
    /\bS3\b|\bAccessDenied\b|amazonaws\.com|\bAWS\b|\bIAM\b|\bboto(?:core|3)?\b|\bExpiredToken(?:Exception)?\b|\bInvalidClientTokenId\b|\bSignatureDoesNotMatch\b|security token included in the request/,
    ['s3', 'accessdenied', 'amazonaws.com', 'aws', 'iam', 'boto', 'expiredtoken', 'invalidclienttokenid', 'signaturedoesnotmatch', 'security token included in the request'],
  ],
  ['docker', /\bdocker\b|\b(?:container|image) registry\b|\bcontainerd\b/i, ['docker', 'registry', 'containerd']],
  // Its own wording names it too: "duplicate key value violates unique constraint".
  ['postgres', /\bpostgres(?:ql)?\b|\bpsql\b|\bviolates (?:unique|foreign key|not-null|check) constraint\b/i, ['postgres', 'psql', 'violates']],
  ['mysql', /\bmysql\b|\bmariadb\b/i, ['mysql', 'mariadb']],
  ['mongodb', /\bmongo(?:db)?\b|\bpymongo\b/i, ['mongo']],
  ['redis', /\bredis\b/i, ['redis']],
  ['rabbitmq', /\brabbitmq\b|\bACCESS_REFUSED\b|\bamqp\b/i, ['rabbitmq', 'access_refused', 'amqp']],
  ['ldap', /\bldap\b/i, ['ldap']],
  ['smtp', /\bsmtp\b/i, ['smtp']],
  ['ssh', /\bssh\b|\bpublickey\b/i, ['ssh', 'publickey']],
  ['npm', /\bnpm (?:ERR|error)\b/i, ['npm']],
  // Package repositories: each has its own credentials and permissions.
  ['maven', /\bmaven\b|\bsonatype\b|\bnexus\b|\borg\.eclipse\.aether\b/i, ['maven', 'sonatype', 'nexus', 'org.eclipse.aether']],
  ['artifactory', /\bartifactory\b|\bjfrog\b/i, ['artifactory', 'jfrog']],
  ['pypi', /\bpypi\b/i, ['pypi']],
  ['nuget', /\bnuget\b/i, ['nuget']],
  ['vault', /\bvault\b/i, ['vault']],
  ['jenkins', /\bjenkins\b|\bcrumb\b/i, ['jenkins', 'crumb']],
  ['gitlab', /\bgitlab\b/i, ['gitlab']],
  ['cloudflare', /\bcloudflare\b/i, ['cloudflare']],
  ['gcp', /\bgoogleapis\.com\b|\bgoogleapi\b|\bgcloud\b|\bgsutil\b|\bfirestore\b|\bfirebase\b/i, ['googleapi', 'gcloud', 'gsutil', 'firestore', 'firebase']],
  [
    'azure-storage',
    /\bWindows-?Azure-?(?:Blob|Storage)\b|\bblob\.core\.windows\.net\b|\bAzure\.?Storage\b|\bAuthorizationPermissionMismatch\b/i,
    ['azure', 'blob.core.windows.net', 'authorizationpermissionmismatch'],
  ],
];

/**
 * Every product's words, lower-case (the third element above): each match of a product's regex
 * holds one of them, in some case. No word begins another, so at any offset at most one matches
 * and a scan that steps one character past each hit finds them all. One scan of the paste
 * lower-cased names the few products whose regex is then tried, where trying all 26 regexes
 * scanned the paste 26 times.
 */
const PRODUCT_WORDS = new RegExp(NAMED_PRODUCTS.flatMap(([, , words]) => words.map((w) => w.replace(/[.]/g, '\\.'))).join('|'), 'g');
const PRODUCT_OF_WORD: ReadonlyMap<string, number> = new Map(NAMED_PRODUCTS.flatMap(([, , words], product) => words.map((w) => [w, product] as const)));

/**
 * Web servers and proxies in front of an application: their 401 or 403 page, in answer to a
 * request the paste shows, is the plain HTTP refusal the generic articles explain.
 */
const FRONT_SERVERS: ReadonlySet<string> = new Set(['nginx', 'apache', 'iis', 'cloudflare']);

/**
 * The products of NAMED_PRODUCTS the paste names (first 64 KiB read), in their order. Held to the
 * plain loop over every regex (test/facts/reference/reference-named-products.ts) by a property test.
 */
export function namedProducts(raw: string): string[] {
  const text = raw.length > 65536 ? raw.slice(0, 65536) : raw;
  // Lower-casing keeps every ASCII letter's place among ASCII characters: a word a regex matches in
  // some case is found here.
  const lower = text.toLowerCase();
  const mentioned = new Array<boolean>(NAMED_PRODUCTS.length).fill(false);
  let any = false;
  PRODUCT_WORDS.lastIndex = 0;
  for (let m = PRODUCT_WORDS.exec(lower); m; m = PRODUCT_WORDS.exec(lower)) {
    mentioned[PRODUCT_OF_WORD.get(m[0])!] = any = true;
    PRODUCT_WORDS.lastIndex = m.index + 1;
  }
  const named: string[] = [];
  if (!any) return named;
  for (let i = 0; i < NAMED_PRODUCTS.length; i++) if (mentioned[i] && NAMED_PRODUCTS[i]![1].test(text)) named.push(NAMED_PRODUCTS[i]![0]);
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
