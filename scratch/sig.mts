import { pasteSignature, maskVolatile } from '../src/inbox/paste-signature.js';
import { redactSecrets } from '../src/redact/redact-secrets.js';
const samples = [
  '2026-11-29T13:37:00.120Z ERROR [billing] Payment gateway handshake failed for merchant 84721 (request 7f3a9c2e-1b2c-4d5e-8f90-123456789abc) user=jdoe@example.com',
  '2026-11-30T08:01:12.004Z ERROR [billing] Payment gateway handshake failed for merchant 99120 (request 0a1b2c3d-1b2c-4d5e-8f90-abcdefabcdef) user=ann@corp.example.org',
  'Error: ENOENT: no such file or directory, open \'/home/alice/app/config/settings.json\' at Object.openSync (node:fs:596:3)',
  'Access denied for user \'root\'@\'localhost\' (using password: YES) ORA-00942 HTTP/1.1 503 Service Unavailable',
  'Sun, 29 Nov 2026 02:56:32 GMT reqId=c0ffee01 trace=AbCdEf0123456789XyZ CORP\\jsmith C:\\Users\\jsmith\\AppData\\x.log Nov 29 13:37:00 E0000011 AADSTS50011 token: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc',
  'GET https://api.example.com/v1/users/123?x=1 -> 401; see /var/log/app.log line 58, 12 ms',
];
for (const s of samples) { const r = redactSecrets(s); console.log(maskVolatile(r)); console.log('  ', JSON.stringify(pasteSignature(r))); }
