import { createDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Locator } from './types.js';

/**
 * Where each field of a rule or an article lives, by the path of the mapping that holds it ('' is
 * the top level). A field the schema does not allow where it was written, but allows in another
 * of these mappings, was indented to the wrong level: the usual mistake behind "unknown field".
 */
const HOMES: Record<'rule' | 'article', Record<string, readonly string[]>> = {
  rule: {
    '': ['id', 'title', 'article', 'priority', 'context', 'when', 'captures', 'steps', 'cause', 'examples'],
    examples: ['match', 'no_match'],
    context: ['products'],
  },
  article: {
    '': ['id', 'title', 'summary', 'error_messages', 'applies_to', 'cause', 'steps', 'escalation', 'references', 'related', 'tags', 'updated'],
    applies_to: ['products', 'areas'],
  },
};

/** The mapping where `name` belongs, if it belongs in exactly one ('' for the top level). */
function homeOf(kind: 'rule' | 'article', name: string): string | undefined {
  const homes = Object.entries(HOMES[kind]).filter(([, fields]) => fields.includes(name));
  return homes.length === 1 ? homes[0]![0] : undefined;
}

/**
 * "`no_match` belongs under `examples:` — indent it to line up with `match:`": a known field
 * written under the wrong parent, explained in the author's terms with the move that fixes it.
 * Undefined when the field belongs nowhere else (a typo: the caller says "unknown field").
 */
export function misplacedFieldDiagnostic(
  kind: 'rule' | 'article',
  value: unknown,
  parentPath: readonly (string | number)[],
  name: string,
  file: string,
  locate: Locator,
): Diagnostic | undefined {
  const home = homeOf(kind, name);
  const here = parentPath.filter((s) => typeof s === 'string').join('.');
  if (home === undefined || home === here) return undefined;
  const at = locate([...parentPath, name], true);
  const written = at.column;
  if (home === '') {
    const outer = String(parentPath[0]);
    return createDiagnostic({
      file,
      ...at,
      code: 'KB_E_MISPLACED_FIELD',
      message: `\`${name}\` belongs at the top level of the ${kind}, not inside \`${outer}:\` — move it left to line up with \`${outer}:\``,
      hint: `remove ${plural(written - 1, 'space')} before \`${name}:\` (and as many before each line under it)`,
    });
  }
  const siblings = Object.keys(((value as Record<string, unknown>)[home] as Record<string, unknown> | undefined) ?? {}).filter((k) => k !== name);
  const sibling = siblings[0];
  const target = sibling !== undefined ? locate([home, sibling], true).column : locate([home], true).column + 2;
  const move = target > written ? `add ${plural(target - written, 'space')} before` : `remove ${plural(written - target, 'space')} before`;
  return createDiagnostic({
    file,
    ...at,
    code: 'KB_E_MISPLACED_FIELD',
    message: `\`${name}\` belongs under \`${home}:\` — ${sibling !== undefined ? `indent it to line up with \`${sibling}:\`` : `indent it two spaces under \`${home}:\``}`,
    hint: `${move} \`${name}:\` (and as many before each line under it)${homeWritten(value, home) ? '' : `, below a line \`${home}:\``}`,
  });
}

function homeWritten(value: unknown, home: string): boolean {
  return typeof value === 'object' && value !== null && home in value;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
