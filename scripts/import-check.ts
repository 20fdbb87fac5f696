// npm run import-check: every bundled article rendered with the app's own /articles/:id page,
// imported into an empty knowledge base, and the drafted rules measured alone on the held-out and
// unrelated pastes, beside the hand-written rules. Exits 1 below the floors.
import { resolve } from 'node:path';
import { BUNDLED_KB_DIR } from '../src/config.js';
import { buildApp } from '../src/http/build-app.js';
import { formatImportCheck, runImportCheck } from '../src/import/import-check.js';
import { KnowledgeBaseHolder } from '../src/serve/knowledge-base-holder.js';

const { holder } = await KnowledgeBaseHolder.open(BUNDLED_KB_DIR);
if (!holder) throw new Error('the bundled knowledge base has errors: run kb lint');
const app = buildApp({ knowledgeBase: holder });
await app.ready();
const check = await runImportCheck(app, { heldOut: resolve('test/fixtures/held-out'), outOfDomain: resolve('test/fixtures/out-of-domain') });
await app.close();
console.log(formatImportCheck(check));
console.log(`\n${check.drafted.articles} articles imported, ${check.drafted.ambiguities} look-alike pairs reported. Floors: top-1 ≥ 60%, unrelated answered ≤ 5%.`);
process.exitCode = check.drafted.top1 >= 0.6 && check.drafted.answered <= 0.05 ? 0 : 1;
