import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveKbDir } from '../config.js';
import { articleTemplate, ruleTemplate } from '../learn/scaffold-templates.js';
import { EXIT, UsageError, write, type CliIo } from './io.js';

export { articleTemplate, ruleTemplate };

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** `kb new rule ID` / `kb new article ID`: writes a valid file to start from; never overwrites. */
export async function newCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { kb: { type: 'string' }, area: { type: 'string', default: 'general' } } });
  const [kind, id] = positionals;
  if ((kind !== 'rule' && kind !== 'article') || !id) throw new UsageError('usage: kb new rule ID [--area AREA] | kb new article ID');
  if (!ID.test(id)) throw new UsageError(`"${id}" is not a valid id: use lower-case letters, digits and single hyphens (okta-api-token-invalid)`);
  if (!ID.test(values.area)) throw new UsageError(`"${values.area}" is not a valid area name`);
  const root = resolveKbDir(values.kb, io.env ?? process.env);
  const file = kind === 'rule' ? join(root, 'rules', values.area, `${id}.yaml`) : join(root, 'articles', `${id}.md`);
  await mkdir(dirname(file), { recursive: true });
  try {
    await writeFile(file, kind === 'rule' ? ruleTemplate(id) : articleTemplate(id), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      write(io.stderr, `kb new: ${relative(root, file)} already exists; nothing was written`);
      return EXIT.failed;
    }
    throw error;
  }
  write(io.stdout, `created ${relative(root, file)}\nnext: edit it, then run \`kb lint\` and \`kb test\``);
  return EXIT.ok;
}
