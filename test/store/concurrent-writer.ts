// Run as a separate process by sqlite-store.test.ts: one server worker hammering the shared file.
import { prepareUnmatched } from '../../src/learn/prepare-records.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';

const [dataDir, times] = process.argv.slice(2);
const store = new SqliteStore(dataDir!);
for (let i = 0; i < Number(times); i++) {
  await store.recordUnmatched(prepareUnmatched(`worker ${process.pid} at ${i}: upstream handshake timed out after ${i} ms`));
  await store.recordServed(['shared-rule']);
  await store.recordFeedback({ rule: 'shared-rule', article: 'shared-article', helpful: i % 2 === 0 });
}
await store.close();
