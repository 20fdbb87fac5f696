import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, startServe } from '../helpers/serve-process.js';

// V8 prints a line for each allocation site it judges with these flags (to stdout).
const TRACE = ['--trace-pretenuring', '--trace-pretenuring-statistics'];

/** A process that keeps 300,000 objects made by one object literal: V8 judges that site long-lived, unless pretenuring is off. */
function keepObjects(disable: boolean): string {
  const script = `
    ${disable ? `(await import(${JSON.stringify(join(ROOT, 'dist/util/serving-heap.js'))})).disableAllocationSitePretenuring();` : ''}
    const kept = [];
    const make = (i) => ({ i, name: 'x' + i });
    for (let i = 0; i < 300000; i++) kept.push(make(i));
    console.log('kept', kept.length);`;
  const run = spawnSync(process.execPath, [...TRACE, '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

describe('allocation-site pretenuring (util/serving-heap.ts)', () => {
  it('is on by default, and off once disableAllocationSitePretenuring is called', () => {
    expect(keepObjects(false)).toMatch(/pretenuring: AllocationSite/);
    const off = keepObjects(true);
    expect(off).toContain('kept 300000');
    expect(off).not.toMatch(/pretenuring:/);
  });

  it('is off in kb serve (bin/kb.js), from before any other module loads', async () => {
    const served = await startServe(['--no-store'], { nodeArgs: TRACE });
    try {
      const answer = await fetch(`${served.url}/v1/match`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'HTTP/1.1 401 Unauthorized' }) });
      expect(answer.status).toBe(200);
    } finally {
      await served.stop();
    }
    expect(served.output()).toContain('serving the knowledge base');
    expect(served.output()).not.toMatch(/pretenuring:/);
  });
});
