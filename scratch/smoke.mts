import { SqliteStore } from '../src/store/sqlite-store.js';
import { prepareUnmatched } from '../src/learn/prepare-records.js';
const s = new SqliteStore(process.argv[2]!);
for (const t of ['2026-11-29T13:37:00.120Z ERROR [billing] Payment gateway handshake failed for merchant 84721 (request 7f3a9c2e-1b2c-4d5e-8f90-123456789abc) HTTP 502 Authorization: Bearer abcdefgh12345678ijkl',
 '2026-11-30T08:01:12.004Z ERROR [billing] Payment gateway handshake failed for merchant 99120 (request 0a1b2c3d-1b2c-4d5e-8f90-abcdefabcdef) HTTP 502 Authorization: Bearer zzzzzzzz99999999yyyy']) console.log(await s.recordUnmatched(prepareUnmatched(t)));
await s.close();
