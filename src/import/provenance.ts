import { createHash } from 'node:crypto';

/**
 * Each imported file carries one comment line naming its source and a hash of the text as it
 * was imported; a later import compares the file's text with that hash to tell an untouched file
 * (safe to update) from a hand-edited one (kept unless --force).
 */
const MARK = /^# kb import: source=("(?:[^"\\]|\\.)*") sha256=([0-9a-f]{16})$/m;

export interface Provenance {
  source: string;
  hash: string;
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The file's text with the provenance line inserted after its first comment line (the schema line). */
export function stampFile(text: string, source: string): string {
  const hash = hashOf(text);
  const line = `# kb import: source=${JSON.stringify(source)} sha256=${hash}`;
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith('# yaml-language-server'));
  lines.splice(at + 1, 0, line);
  return lines.join('\n');
}

export function readProvenance(text: string): Provenance | undefined {
  const m = MARK.exec(text);
  return m ? { source: JSON.parse(m[1]!) as string, hash: m[2]! } : undefined;
}

/** Whether a stamped file is still exactly what was imported. */
export function isUntouched(text: string): boolean {
  const provenance = readProvenance(text);
  if (!provenance) return false;
  return hashOf(unstamp(text)) === provenance.hash;
}

/** The text as it was before stampFile. */
export function unstamp(text: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => MARK.test(l));
  if (at >= 0) lines.splice(at, 1);
  return lines.join('\n');
}
