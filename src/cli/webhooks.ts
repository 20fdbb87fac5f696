import { parseArgs } from 'node:util';
import type { WebhookDelivery } from '../store/learning-store.js';
import { openLearningStore } from '../store/open-store.js';
import { storeConfigOf } from './stats.js';
import { EXIT, UsageError, write, type CliIo } from './io.js';

/** `kb webhooks log [--limit N] [--json]`: the inbox webhook's deliveries, newest first. */
export async function webhooksCommand(args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'log') throw new UsageError('usage: kb webhooks log [--limit N] [--json] [--data DIR | --store URL]');
  const { values } = parseArgs({ args: rest, options: { data: { type: 'string' }, store: { type: 'string' }, json: { type: 'boolean', default: false }, limit: { type: 'string' } } });
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit takes a whole number from 1 up');
  const store = (await openLearningStore({ ...storeConfigOf(values, io), enabled: true }))!;
  const deliveries = await store.listDeliveries({ limit }).finally(() => store.close());
  write(io.stdout, values.json ? JSON.stringify({ deliveries }, null, 2) : formatDeliveries(deliveries));
  return EXIT.ok;
}

/** One line per delivery: when, what, to where, outcome after how many attempts. */
function formatDeliveries(deliveries: readonly WebhookDelivery[]): string {
  if (!deliveries.length) return 'No webhook deliveries yet (KB_WEBHOOK_URL sends one when a new inbox group appears).';
  return deliveries
    .map((d) => {
      const outcome = `${d.status} after ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}${d.last_status_code ? ` (last: HTTP ${d.last_status_code})` : d.last_error ? ` (last: ${d.last_error})` : ''}`;
      return `${d.created_at}  ${d.event.padEnd(19)}  group ${d.group_id.slice(0, 12)}  ${outcome}  → ${d.url}  [${d.id}]`;
    })
    .join('\n');
}
