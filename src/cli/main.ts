import { ConfigError } from '../config.js';
import { EXIT, UsageError, write, type CliIo, type Command } from './io.js';
import { importCommand } from './import.js';
import { inboxCommand } from './inbox.js';
import { keysCommand } from './keys.js';
import { webhooksCommand } from './webhooks.js';
import { lintCommand } from './lint.js';
import { matchCommand } from './match.js';
import { newCommand } from './new.js';
import { statsCommand } from './stats.js';
import { serveCommand } from './serve.js';
import { testCommand } from './test.js';

export const HELP = `kb — paste an error, get the knowledge-base article that fixes it

Usage:
  kb match [TEXT|-] [--kb DIR] [--json] [--context product=NAME] [--limit N]
  kb lint [--kb DIR] [--format text|json]
  kb test [--kb DIR] [--report] [--format text|json]
  kb new rule ID [--area AREA] [--kb DIR]
  kb new article ID [--kb DIR]
  kb import [PATH…|-] --out DIR [--dry-run] [--force] [--json]
  kb inbox [--top N] [--json] [--data DIR]
  kb inbox draft GROUP [--article ID] [--id RULE_ID] [--area AREA] [--kb DIR] [--data DIR] [--stdout]
  kb stats [--comments] [--json] [--data DIR]
  kb keys add NAME [--rate-limit N] [--data DIR]    (prints the new API key once)
  kb keys list [--json] [--data DIR]
  kb keys revoke NAME [--data DIR]
  kb webhooks log [--limit N] [--json] [--data DIR]   (the inbox webhook's deliveries)
  kb serve [--port 3000] [--host 127.0.0.1] [--kb DIR] [--watch] [--admin-token TOKEN] [--data DIR] [--no-store] [--workers N]

--kb defaults to $KB_DIR, then to the bundled knowledge base; --port to $PORT, --host to $HOST.
kb serve answers HTTP until SIGTERM/SIGINT; --watch reloads edits under rules/ and articles/;
--workers N serves from N processes (default: one per core), each reloading on its own.
--data (the learning store's folder) defaults to $KB_DATA_DIR, then to ./data/; --no-store or KB_STORE=off stores nothing.
Exit codes: 0 ok (a rule matched), 1 no match / lint or test failures, 2 usage or input error.
`;

const COMMANDS: Record<string, Command> = {
  match: matchCommand,
  lint: lintCommand,
  test: testCommand,
  new: newCommand,
  import: importCommand,
  inbox: inboxCommand,
  stats: statsCommand,
  keys: keysCommand,
  webhooks: webhooksCommand,
  serve: serveCommand,
};

/** Runs the CLI and returns its exit code; never calls process.exit, so tests can drive it. */
export async function main(io: CliIo): Promise<number> {
  const [name, ...rest] = io.argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    write(io.stdout, HELP);
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS[name];
  if (!command) {
    write(io.stderr, `kb: unknown command "${name}"\n\n${HELP}`);
    return EXIT.usage;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      write(io.stderr, `kb ${name}: ${(error as Error).message}\nRun \`kb --help\` for usage.`);
      return EXIT.usage;
    }
    throw error;
  }
}
