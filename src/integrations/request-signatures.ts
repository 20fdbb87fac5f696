import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack refuses nothing older itself; it asks apps to refuse requests more than five minutes off. */
const SLACK_MAX_SKEW_SECONDS = 5 * 60;

/** Why a signed request was refused, in words for the error message (never the secret or the body). */
type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** Equal in constant time for equal lengths; different lengths are simply unequal (the length is public). */
function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Slack's signature of a request: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` under the signing secret. */
export function slackSignature(signingSecret: string, timestamp: string, rawBody: string | Buffer): string {
  return 'v0=' + createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(rawBody).digest('hex');
}

/**
 * Checks `x-slack-signature` and `x-slack-request-timestamp` as Slack documents: the timestamp
 * within five minutes of `nowSeconds` (a replayed request is refused), then the signature of the
 * raw body, compared in constant time.
 */
export function verifySlackRequest(input: { signingSecret: string; timestamp: unknown; signature: unknown; rawBody: string | Buffer; nowSeconds: number }): SignatureCheck {
  const { timestamp, signature } = input;
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return { ok: false, reason: 'the x-slack-signature and x-slack-request-timestamp headers are missing' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'x-slack-request-timestamp is not a Unix time in seconds' };
  if (Math.abs(input.nowSeconds - Number(timestamp)) > SLACK_MAX_SKEW_SECONDS) {
    return { ok: false, reason: 'x-slack-request-timestamp is more than five minutes away from the server clock (a replayed request, or a clock out of sync)' };
  }
  const expected = Buffer.from(slackSignature(input.signingSecret, timestamp, input.rawBody));
  if (!sameBytes(Buffer.from(signature), expected)) return { ok: false, reason: 'x-slack-signature does not match the body under the configured signing secret' };
  return { ok: true };
}

/** A Teams outgoing webhook's signature: base64 HMAC-SHA256 of the raw body, keyed with the base64-decoded security token. */
export function teamsSignature(securityToken: string, rawBody: string | Buffer): string {
  return createHmac('sha256', Buffer.from(securityToken, 'base64')).update(rawBody).digest('base64');
}

/** Checks `authorization: HMAC <signature>` of a Teams outgoing webhook request, in constant time. */
export function verifyTeamsRequest(input: { securityToken: string; authorization: unknown; rawBody: string | Buffer }): SignatureCheck {
  const m = typeof input.authorization === 'string' ? /^HMAC[ \t]+(\S+)[ \t]*$/.exec(input.authorization) : null;
  if (!m) return { ok: false, reason: 'the authorization header is missing or is not `HMAC <signature>`' };
  const expected = Buffer.from(teamsSignature(input.securityToken, input.rawBody));
  if (!sameBytes(Buffer.from(m[1]!), expected)) return { ok: false, reason: 'the HMAC signature does not match the body under the configured security token' };
  return { ok: true };
}
