/**
 * Words that synthetic rules and pastes are built from. Real knowledge bases reuse a small
 * vocabulary (user, token, forbidden, 403, already exists…), so literals collide across rules:
 * the prefilter has to cope with that, not with random strings that never repeat.
 */

export const PRODUCTS = [
  ['okta', 'Okta', 'example.okta.com'],
  ['atlassian', 'Atlassian', 'api.atlassian.com'],
  ['entra', 'Entra ID', 'graph.microsoft.com'],
  ['github', 'GitHub', 'api.github.com'],
  ['slack', 'Slack', 'api.slack.com'],
  ['salesforce', 'Salesforce', 'login.salesforce.com'],
  ['stripe', 'Stripe', 'api.stripe.com'],
  ['google', 'Google Workspace', 'admin.googleapis.com'],
  ['aws', 'AWS IAM Identity Center', 'identitystore.amazonaws.com'],
  ['zoom', 'Zoom', 'api.zoom.us'],
  ['workday', 'Workday', 'wd5-services1.myworkday.com'],
  ['servicenow', 'ServiceNow', 'example.service-now.com'],
  ['jamf', 'Jamf Pro', 'example.jamfcloud.com'],
  ['duo', 'Duo', 'api-1234.duosecurity.com'],
  ['pagerduty', 'PagerDuty', 'api.pagerduty.com'],
  ['datadog', 'Datadog', 'api.datadoghq.com'],
  ['gitlab', 'GitLab', 'gitlab.com'],
  ['box', 'Box', 'api.box.com'],
  ['dropbox', 'Dropbox', 'api.dropboxapi.com'],
  ['zendesk', 'Zendesk', 'example.zendesk.com'],
  ['hubspot', 'HubSpot', 'api.hubapi.com'],
  ['twilio', 'Twilio', 'api.twilio.com'],
  ['cloudflare', 'Cloudflare', 'api.cloudflare.com'],
  ['auth0', 'Auth0', 'example.auth0.com'],
  ['onelogin', 'OneLogin', 'api.us.onelogin.com'],
  ['ping', 'PingFederate', 'sso.example.com'],
  ['jumpcloud', 'JumpCloud', 'console.jumpcloud.com'],
  ['keycloak', 'Keycloak', 'auth.example.com'],
  ['sentry', 'Sentry', 'sentry.io'],
  ['notion', 'Notion', 'api.notion.com'],
] as const;

export const AREAS = ['provisioning', 'sso', 'saml', 'oidc', 'oauth', 'scim', 'api', 'webhook', 'tls', 'dns', 'proxy', 'ldap', 'mfa', 'sync', 'billing', 'export', 'import', 'audit'];

export const OBJECTS = [
  'user', 'group', 'token', 'certificate', 'session', 'client', 'tenant', 'directory', 'app', 'connector',
  'key', 'secret', 'role', 'permission', 'license', 'domain', 'attribute', 'assertion', 'request', 'endpoint',
  'schema', 'policy', 'account', 'invitation', 'device', 'subscription', 'workspace', 'repository',
];

export const STATES = [
  'is invalid', 'has expired', 'was revoked', 'not found', 'already exists', 'access denied', 'is missing',
  'is malformed', 'was rejected', 'timed out', 'is unavailable', 'is locked', 'is disabled', 'does not match',
  'is not supported', 'limit exceeded', 'is deprecated', 'is a duplicate', 'is unreachable', 'is not authorized',
  'failed validation', 'is read-only', 'is out of scope', 'conflicts with an existing one',
];

export const VERBS = ['create', 'update', 'delete', 'push', 'sync', 'import', 'verify', 'refresh', 'assign', 'provision', 'deactivate', 'fetch', 'sign', 'decrypt', 'resolve', 'authenticate'];

/** Reason phrases with their status: rules mix the words and the numbers, as authors do. */
export const REASONS: [string, number][] = [
  ['Bad Request', 400],
  ['Unauthorized', 401],
  ['Forbidden', 403],
  ['Not Found', 404],
  ['Conflict', 409],
  ['Too Many Requests', 429],
  ['Internal Server Error', 500],
  ['Bad Gateway', 502],
  ['Service Unavailable', 503],
  ['Gateway Timeout', 504],
];

export const LEVELS = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'];

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same knowledge bases. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}

export type Random = ReturnType<typeof createRandom>;

export function codeOf(object: string, state: string): string {
  return `${object}_${state.split(' ').filter((w) => !['is', 'a', 'was', 'has', 'with', 'an', 'one'].includes(w)).join('_')}`.toUpperCase().replace(/-/g, '_');
}

export function hex(random: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += '0123456789abcdef'[random.int(16)];
  return out;
}
