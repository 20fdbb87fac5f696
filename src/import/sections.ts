/** What a section of a KB page holds, by its heading. */
export type SectionKind = 'summary' | 'error' | 'applies' | 'cause' | 'steps' | 'escalation' | 'references' | 'chrome';

/** Headings, lower-case and without punctuation, that KB pages use for each kind of section. */
const HEADINGS: [SectionKind, string[]][] = [
  ['summary', ['overview', 'summary', 'description', 'problem', 'issue', 'symptom', 'symptoms', 'problem description', 'issue description', 'about', 'introduction', 'question', 'situation']],
  ['error', ['error message', 'error messages', 'error', 'errors', 'the error looks like', 'error text', 'error details', 'what you see', 'message']],
  ['applies', ['applies to', 'environment', 'product', 'products', 'affected products', 'applicable to', 'platform', 'versions', 'affected versions']],
  ['cause', ['cause', 'causes', 'root cause', 'reason', 'cause of the issue', 'explanation', 'why it happens', 'why this happens', 'why', 'diagnosis']],
  ['steps', ['solution', 'solutions', 'resolution', 'steps', 'fix', 'how to fix', 'how to fix it', 'workaround', 'steps to resolve', 'resolution steps', 'remedy', 'procedure', 'instructions', 'answer', 'to fix this', 'how to resolve']],
  ['escalation', ['escalation', 'if this does not fix it', 'if the issue persists', 'still not working', 'further help', 'need more help', 'still need help', 'next steps']],
  ['references', ['references', 'related references', 'related articles', 'see also', 'related links', 'related', 'more information', 'additional resources', 'related documentation', 'learn more', 'related content']],
  ['chrome', ['was this article helpful', 'comments', 'attachments', 'article feedback', 'recently viewed articles', 'share this article', 'table of contents', 'on this page', 'in this article']],
];

const BY_HEADING = new Map(HEADINGS.flatMap(([kind, names]) => names.map((name) => [name, kind] as const)));

/** The kind of section a heading starts, or undefined for a heading we have no field for. */
export function sectionKind(heading: string): SectionKind | undefined {
  const key = heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return BY_HEADING.get(key);
}
