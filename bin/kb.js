#!/usr/bin/env node
import { disableAllocationSitePretenuring } from '../dist/util/serving-heap.js';

// `kb serve` (and `npm start`, which runs it here) turns V8's allocation-site pretenuring off before
// any other module is loaded: their code runs while loading, and the sites it judges then would
// hold for every request (src/util/serving-heap.ts says why). Other commands leave V8 as it is.
if (process.argv[2] === 'serve') disableAllocationSitePretenuring();
const { main } = await import('../dist/cli/main.js');

process.exitCode = await main({ argv: process.argv.slice(2), stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
