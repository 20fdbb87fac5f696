import { compileFiles, verifyDrafts, type Ambiguity } from './verify-drafts.js';
import { detectFormat } from './detect-format.js';
import { draftRules, WordRarity, type DraftedRule, type DraftSubject } from './draft-rules.js';
import { mapArticle } from './map-article.js';
import { isUntouched, readProvenance, stampFile, unstamp } from './provenance.js';
import { readCsv } from './read-csv.js';
import { readHtmlPage } from './read-html-page.js';
import { readMarkdown } from './read-markdown.js';
import { readTextPage } from './read-text-page.js';
import { readZendesk } from './read-zendesk.js';
import { renderArticle, renderRule } from './render-files.js';
import { slugify } from './slug.js';
import type { ImportNote, MappedArticle, SourceDocument } from './types.js';

/** The import cannot start: the knowledge base it goes into is broken. */
export class ImportError extends Error {}

export interface ImportInput {
  /** The file's path as given ("-" for stdin); also its source key. */
  name: string;
  text: string;
}

type FileAction = 'create' | 'update' | 'unchanged' | 'kept-edited' | 'kept-not-imported';

export interface PlannedFile {
  /** Relative to the knowledge base: articles/<id>.md, rules/imported/<id>.yaml. */
  path: string;
  text: string;
  action: FileAction;
  source: string;
  /** The text on disk now, when there is one. */
  previous?: string;
}

interface ImportedSummary {
  id: string;
  title: string;
  source: string;
  file: string;
  format: string;
  steps: number;
  errorMessages: number;
  rule?: string;
}

export interface ImportResult {
  articles: ImportedSummary[];
  files: PlannedFile[];
  notes: ImportNote[];
  ambiguities: Ambiguity[];
}

export interface ImportOptions {
  /** The knowledge base imported into (where files would go). */
  root: string;
  /** Its files now (relative path → text): ids in use, earlier imports, the articles to be told apart from. */
  existing: ReadonlyMap<string, string>;
  /** Overwrite hand-edited files and files that were not imported. */
  force?: boolean;
}

/** Reads every input (format detected by content) into source documents; unreadable inputs become notes. */
function readInputs(inputs: readonly ImportInput[], notes: ImportNote[]): SourceDocument[] {
  return inputs.flatMap((input): SourceDocument[] => {
    const detected = detectFormat(input.text, input.name);
    if ('error' in detected) {
      notes.push({ file: input.name, kind: 'warning', message: `not imported: ${detected.error}` });
      return [];
    }
    const options = { file: input.name, source: input.name };
    switch (detected.format) {
      case 'zendesk-json':
        return readZendesk(input.text, detected.json, input.name);
      case 'csv':
        return readCsv(input.text, input.name);
      case 'html-page':
      case 'confluence-html':
        return [readHtmlPage(input.text, options, detected.format)];
      case 'markdown':
        return [readMarkdown(input.text, options)];
      case 'text-page':
        return [readTextPage(input.text, options)];
    }
  });
}

/**
 * Turns existing KB pages and exports into articles and drafted rules, checked together with the
 * knowledge base they go into, and decides for each file whether it is created, updated or kept
 * (hand edits are kept unless `force`). Writes nothing: the caller writes `files`.
 */
export async function importKnowledgeBase(inputs: readonly ImportInput[], options: ImportOptions): Promise<ImportResult> {
  if (options.existing.size) {
    const { kb, diagnostics } = compileFiles(options.root, options.existing);
    if (!kb) throw new ImportError(`the knowledge base in ${options.root} has errors; fix them first (\`kb lint --kb ${options.root}\`):\n${diagnostics.filter((d) => d.severity === 'error').slice(0, 10).map((d) => `  ${d.file}:${d.line}:${d.column}  ${d.message}`).join('\n')}`);
  }
  const notes: ImportNote[] = [];
  const documents = readInputs(inputs, notes);
  const previousBySource = earlierImports(options.existing);
  const taken = new Set([...options.existing.keys()].filter((p) => p.startsWith('articles/')).map((p) => p.slice('articles/'.length, -'.md'.length)));
  const articles: MappedArticle[] = [];
  for (const document of documents) {
    const mapped = mapArticle(document);
    notes.push(...mapped.notes);
    const earlier = previousBySource.get(document.source)?.article;
    const id = earlier ?? uniqueId(slugify(mapped.spec.title) || 'imported-article', taken);
    taken.add(id);
    articles.push({ ...mapped, spec: { id, ...mapped.spec } } as MappedArticle);
  }

  const files: PlannedFile[] = articles.map((article) => plan(`articles/${article.spec.id}.md`, stampFile(renderArticle(article), article.source), article.source, options));
  const onDisk = new Map(options.existing);
  for (const file of files) onDisk.set(file.path, isKept(file) ? file.previous! : unstamp(file.text));

  const ruleFile = (id: string) => previousBySource.get(articles.find((a) => a.spec.id === id)?.source ?? '')?.rule ?? `rules/imported/${id}.yaml`;
  const subjects: DraftSubject[] = articles
    .filter((a) => !isKept(files.find((f) => f.path === `articles/${a.spec.id}.md`)!))
    .map((a) => ({ id: a.spec.id, title: a.spec.title, messages: a.spec.error_messages ?? [], products: a.spec.applies_to?.products ?? [] }));
  for (const article of articles) if (!article.spec.error_messages?.length) notes.push({ file: article.file, kind: 'warning', message: `article ${article.spec.id}: no error message found, so no rule was drafted` });
  // Rules of earlier imports being redrafted leave the knowledge base they are checked against.
  for (const subject of subjects) onDisk.delete(ruleFile(subject.id));
  const known = knownArticles(options.root, onDisk, new Set(subjects.map((s) => s.id)));
  const withMessages = subjects.filter((s) => s.messages.length);
  const rarity = new WordRarity([...withMessages, ...known]);
  const drafts = draftRules(withMessages, known);
  for (const subject of withMessages) if (!drafts.some((d) => d.id === subject.id)) notes.push({ file: sourceFileOf(articles, subject.id), kind: 'warning', message: `article ${subject.id}: no distinctive words, code or status in its error messages, so no rule was drafted` });
  for (const draft of drafts) for (const skipped of draft.skipped) notes.push({ file: sourceFileOf(articles, draft.article), kind: 'warning', message: `rule ${draft.id}: no condition for "${skipped.message.slice(0, 80)}" (${skipped.why})` });

  const ruleFiles = drafts.map((draft) => plan(ruleFile(draft.id), stampFile(renderRule(draft), sourceOf(articles, draft.article)), sourceOf(articles, draft.article), options));
  const keptRules = new Set(ruleFiles.filter(isKept).map((f) => f.path));
  for (const file of ruleFiles) if (isKept(file)) onDisk.set(file.path, file.previous!);
  const verified = await verifyDrafts({ root: options.root, files: onDisk, drafts: drafts.filter((d) => !keptRules.has(ruleFile(d.id))), subjects: withMessages, rarity, rulePath: (d) => ruleFile(d.id) });
  for (const { rule, why } of verified.dropped) notes.push({ file: sourceFileOf(articles, rule), kind: 'warning', message: `no rule drafted for ${rule}: ${why}` });
  const finalRules = new Map(verified.drafts.map((d) => [ruleFile(d.id), d] as const));
  const ruleOutcome = ruleFiles.filter((f) => keptRules.has(f.path) || finalRules.has(f.path)).map((f) => (finalRules.has(f.path) ? plan(f.path, stampFile(renderRule(finalRules.get(f.path)!), f.source), f.source, options) : f));
  files.push(...ruleOutcome);

  return {
    articles: articles.map((a) => ({
      id: a.spec.id,
      title: a.spec.title,
      source: a.source,
      file: a.file,
      format: a.format,
      steps: a.spec.steps.length,
      errorMessages: a.spec.error_messages?.length ?? 0,
      rule: ruleOutcome.find((f) => f.path.endsWith(`/${a.spec.id}.yaml`))?.path,
    })),
    files,
    notes,
    ambiguities: verified.ambiguities,
  };
}

function isKept(file: PlannedFile): boolean {
  return file.action === 'kept-edited' || file.action === 'kept-not-imported';
}

/** What happens to one file: new, the same, an untouched earlier import updated, or a hand-edited file kept. */
function plan(path: string, text: string, source: string, options: ImportOptions): PlannedFile {
  const previous = options.existing.get(path);
  if (previous === undefined) return { path, text, action: 'create', source };
  if (unstamp(previous) === unstamp(text)) return { path, text, action: 'unchanged', source, previous };
  if (options.force) return { path, text, action: 'update', source, previous };
  if (!readProvenance(previous)) return { path, text, action: 'kept-not-imported', source, previous };
  return { path, text, action: isUntouched(previous) ? 'update' : 'kept-edited', source, previous };
}

/** Files of earlier imports by their source: which article id and rule file each source became. */
function earlierImports(existing: ReadonlyMap<string, string>): Map<string, { article?: string; rule?: string }> {
  const bySource = new Map<string, { article?: string; rule?: string }>();
  for (const [path, text] of existing) {
    const provenance = readProvenance(text);
    if (!provenance) continue;
    const entry = bySource.get(provenance.source) ?? {};
    if (path.startsWith('articles/')) entry.article = path.slice('articles/'.length, -'.md'.length);
    else entry.rule = path;
    bySource.set(provenance.source, entry);
  }
  return bySource;
}

function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Articles already in the knowledge base (not being re-imported): the drafts must be told apart from them. */
function knownArticles(root: string, files: ReadonlyMap<string, string>, replaced: ReadonlySet<string>): DraftSubject[] {
  const { kb } = compileFiles(root, files);
  return (kb?.articles ?? [])
    .filter((a) => !replaced.has(a.id))
    .map((a) => ({ id: a.id, title: a.title, messages: a.error_messages ?? [], products: a.applies_to?.products ?? [] }));
}

function sourceOf(articles: MappedArticle[], id: string): string {
  return articles.find((a) => a.spec.id === id)?.source ?? id;
}

function sourceFileOf(articles: MappedArticle[], id: string): string {
  return articles.find((a) => a.spec.id === id)?.file ?? id;
}
