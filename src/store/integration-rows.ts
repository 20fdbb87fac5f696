import type { ApiKey, WebhookDelivery } from './learning-store.js';

type Row = Record<string, unknown>;

/** A row of api_keys as an ApiKey: absent columns left out rather than null. */
export function apiKeyOf(r: Row): ApiKey {
  return {
    name: String(r.name),
    prefix: String(r.prefix),
    created_at: String(r.created_at),
    ...(r.revoked_at ? { revoked_at: String(r.revoked_at) } : {}),
    ...(r.rate_limit !== null && r.rate_limit !== undefined ? { rate_limit: Number(r.rate_limit) } : {}),
  };
}

/** A row of webhook_deliveries as a WebhookDelivery. */
export function deliveryOf(r: Row): WebhookDelivery {
  return {
    id: String(r.id),
    event: String(r.event),
    group_id: String(r.group_id),
    url: String(r.url),
    status: String(r.status) as WebhookDelivery['status'],
    attempts: Number(r.attempts),
    ...(r.last_status_code !== null && r.last_status_code !== undefined ? { last_status_code: Number(r.last_status_code) } : {}),
    ...(r.last_error ? { last_error: String(r.last_error) } : {}),
    created_at: String(r.created_at),
    updated_at: String(r.updated_at),
  };
}
