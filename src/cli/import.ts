import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { formatImportReport } from '../import/format-report.js';
import { ImportError, importKnowledgeBase, type ImportInput } from '../import/import-knowledge-base.js';
import { EXIT, readAll, UsageError, write, type CliIo } from './io.js';

const INPUT_FILE = /\.(?:html?|txt|md|markdown|json|csv)$/i;

/** `kb import [PATH…|-] --out DIR [--dry-run] [--force] [--json]`: KB pages and exports in, articles and drafted rules out. */
export async function importCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' }, kb: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, force: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  });
  const cwd = io.cwd ?? process.cwd();
  const target = values.out ?? values.kb ?? (io.env ?? process.env).KB_DIR;
  if (!target) throw new UsageError('say where the articles and rules go: --out DIR (a knowledge-base folder; created if missing)');
  const root = resolve(cwd, target);
  const inputs = await readInputs(positionals.length ? positionals : ['-'], io, cwd);
  if (!inputs.length) throw new UsageError('no input files found (HTML, text, Markdown, JSON or CSV)');
  const existing = await readKnowledgeBaseFiles(root);
  let result;
  try {
    result = await importKnowledgeBase(inputs, { root, existing, force: values.force });
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    write(io.stderr, `kb import: ${error.message}`);
    return EXIT.failed;
  }
  if (!values['dry-run']) {
    for (const file of result.files) {
      if (file.action !== 'create' && file.action !== 'update') continue;
      await mkdir(dirname(join(root, file.path)), { recursive: true });
      await writeFile(join(root, file.path), file.text);
    }
  }
  if (values.json) write(io.stdout, JSON.stringify({ ...result, files: result.files.map(({ previous: _previous, ...file }) => file), dryRun: values['dry-run'] }, null, 2));
  else write(io.stdout, formatImportReport(result, values['dry-run']));
  return result.articles.length ? EXIT.ok : EXIT.failed;
}

async function readInputs(paths: string[], io: CliIo, cwd: string): Promise<ImportInput[]> {
  const inputs: ImportInput[] = [];
  for (const path of paths) {
    if (path === '-') {
      if (!io.stdin) throw new UsageError('no stdin to read from');
      inputs.push({ name: '-', text: (await readAll(io.stdin)).toString('utf8') });
      continue;
    }
    const full = resolve(cwd, path);
    let entries: string[];
    try {
      entries = (await readdir(full, { recursive: true })).map((e) => join(full, e)).filter((f) => INPUT_FILE.test(f)).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`${path}: no such file or folder`);
        throw error;
      }
      entries = [full];
    }
    for (const file of entries) inputs.push({ name: displayName(file, cwd), text: await readFile(file, 'utf8') });
  }
  return inputs;
}

function displayName(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel.startsWith('..') ? file : rel.split(sep).join('/');
}

/** Every article and rule file of a knowledge-base folder (none when it does not exist yet). */
export async function readKnowledgeBaseFiles(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const folder of ['articles', 'rules']) {
    let entries: string[] = [];
    try {
      entries = await readdir(join(root, folder), { recursive: true });
    } catch {
      continue;
    }
    for (const entry of entries.filter((e) => /\.(?:md|ya?ml)$/.test(e)).sort()) {
      files.set(`${folder}/${entry.split(sep).join('/')}`, await readFile(join(root, folder, entry), 'utf8'));
    }
  }
  return files;
}
