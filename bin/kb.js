#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

process.exitCode = await main({ argv: process.argv.slice(2), stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
