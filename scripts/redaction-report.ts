/**
 * `npm run redaction-report`: recall per secret kind and false redactions per look-alike kind,
 * over the corpus in test/fixtures/secrets/. Exits non-zero when a floor is missed (every kind
 * caught in full, fewer than 2% of look-alikes touched), as the test of the same name does.
 */
import { measureRedaction } from '../test/fixtures/secrets/measure-redaction.js';

const m = measureRedaction();
const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;
const out: string[] = [];
out.push(`Secrets: ${m.samples} samples in ${m.formats} formats`, '', '| kind | formats | samples | caught | recall |', '|---|---:|---:|---:|---:|');
for (const r of m.secrets) out.push(`| ${r.kind} | ${r.formats} | ${r.samples} | ${r.caught} | ${pct(r.caught, r.samples)} |`);
const caught = m.secrets.reduce((n, r) => n + r.caught, 0);
out.push(`| **all** | ${m.formats} | ${m.samples} | ${caught} | ${pct(caught, m.samples)} |`);
const looks = m.lookAlikes.reduce((n, r) => n + r.samples, 0);
const touched = m.lookAlikes.reduce((n, r) => n + r.touched.length, 0);
out.push('', `Look-alikes: ${looks} samples`, '', '| kind | samples | touched | false redactions |', '|---|---:|---:|---:|');
for (const r of m.lookAlikes) out.push(`| ${r.kind} | ${r.samples} | ${r.touched.length} | ${pct(r.touched.length, r.samples)} |`);
out.push(`| **all** | ${looks} | ${touched} | ${pct(touched, looks)} |`);
const misses = m.secrets.flatMap((r) => r.missed.map((x) => `  missed ${r.kind} (${x.format}): ${x.redacted.slice(0, 160)}`));
const falses = m.lookAlikes.flatMap((r) => r.touched.map((x) => `  touched ${r.kind}: ${x.redacted.slice(0, 160)}`));
if (misses.length || falses.length) out.push('', ...misses, ...falses);
console.log(out.join('\n'));
process.exitCode = misses.length === 0 && touched / looks < 0.02 ? 0 : 1;
