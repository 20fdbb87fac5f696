#!/usr/bin/env node
// `npm start`: builds dist/ only when a source is newer, then serves in this very process (no
// child to leave behind): SIGTERM or Ctrl-C reaches the server itself, which finishes in-flight
// requests and exits. Arguments after `npm start --` go to `kb serve`.
import { fileURLToPath } from 'node:url';
import { build, buildIsCurrent } from './build.mjs';

if (!buildIsCurrent()) build();
const bin = fileURLToPath(new URL('../bin/kb.js', import.meta.url));
// bin/kb.js reads its arguments from process.argv, and cluster workers are started from argv[1].
process.argv = [process.argv[0], bin, 'serve', ...process.argv.slice(2)];
await import('../bin/kb.js');
