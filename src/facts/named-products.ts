/**
 * Servers, platforms and services a paste can name that carry their own plain 401, 403 or 5xx:
 * a generic HTTP article explains those only loosely, so a generic answer to a paste naming one
 * that no article covers is labelled low. Lower-case names, as rules' `context.products` and
 * articles' `applies_to.products` spell them.
 */
const NAMED_PRODUCTS: [string, RegExp][] = [
  ['nginx', /\bnginx\b/i],
  ['apache', /\bapache(?:2|\/\d)?\b|\bhttpd\b/i],
  ['iis', /\bIIS\b|Microsoft-IIS/],
  ['kubernetes', /\bkubernetes\b|\bkubectl\b|\bk8s\b|\bRBAC\b|serviceaccount|system:serviceaccount/i],
  ['s3', /\bS3\b|\bAccessDenied\b|amazonaws\.com|\bAWS\b|\bIAM\b/],
  ['docker', /\bdocker\b|\bregistry\b|\bcontainerd\b/i],
  ['postgres', /\bpostgres(?:ql)?\b|\bpsql\b/i],
  ['mysql', /\bmysql\b|\bmariadb\b/i],
  ['ldap', /\bldap\b/i],
  ['smtp', /\bsmtp\b/i],
  ['ssh', /\bssh\b|\bpublickey\b/i],
  ['npm', /\bnpm (?:ERR|error)\b/i],
  ['cloudflare', /\bcloudflare\b/i],
  ['gcp', /\bgoogleapis\.com\b|\bgcloud\b|\bgsutil\b/i],
];

/** The products of NAMED_PRODUCTS the paste names (first 64 KiB read). */
export function namedProducts(raw: string): string[] {
  const text = raw.length > 65536 ? raw.slice(0, 65536) : raw;
  const named: string[] = [];
  for (const [name, pattern] of NAMED_PRODUCTS) if (pattern.test(text)) named.push(name);
  return named;
}
