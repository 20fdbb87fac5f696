import { compileRule } from '../compile/compile-knowledge-base.js';
import type { KnowledgeBase } from '../compile/knowledge-base.js';
import type { CompiledRule } from '../compile/types.js';
import { createDiagnostic, hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { parseArticleSource, parseRuleSource } from '../load/parse-files.js';
import type { LoadedArticle, LoadedRule } from '../load/types.js';

export type SourceKind = 'rule' | 'article';

export interface LintSourceInput {
  /** The file's text. */
  source: string;
  /** Where the file would live, relative to the knowledge-base root; checks that the id equals the file name when given. */
  file?: string;
  /** Rule or article; guessed from `file`, then from the text (front matter means an article), when absent. */
  kind?: SourceKind;
  /** The text is an edit of the saved file with the same id (the try playground), so its id is no duplicate. */
  replacesSaved?: boolean;
}

export interface LintSourceResult {
  kind: SourceKind;
  file: string;
  ok: boolean;
  diagnostics: Diagnostic[];
  /** The compiled rule, when `kind` is rule and it has no errors. */
  rule?: CompiledRule;
  /** The parsed article, when `kind` is article and it has no errors. */
  article?: LoadedArticle;
}

/** Which kind of file a text is: by its extension, else an article when it opens with front matter. */
export function guessSourceKind(source: string, file?: string): SourceKind {
  if (file && /\.md$/i.test(file)) return 'article';
  if (file && /\.ya?ml$/i.test(file)) return 'rule';
  return /^\s*---[ \t]*\r?\n/.test(source) && /\r?\n---[ \t]*(\r?\n|$)/.test(source.replace(/^\s*---/, '')) ? 'article' : 'rule';
}

/**
 * Lints one rule or article file against a loaded knowledge base, as `kb lint` would if the
 * file were saved there: parse and schema errors, then what depends on the other files (the
 * article a rule points at, duplicate ids, related articles, orphan articles).
 */
export function lintSource(kb: KnowledgeBase, input: LintSourceInput): LintSourceResult {
  const kind = input.kind ?? guessSourceKind(input.source, input.file);
  const file = input.file ?? (kind === 'rule' ? 'rules/untitled.yaml' : 'articles/untitled.md');
  const checkFileName = input.file !== undefined;
  if (kind === 'rule') {
    const parsed = parseRuleSource(file, input.source, { checkFileName });
    const diagnostics = [...parsed.diagnostics];
    let rule: CompiledRule | undefined;
    if (parsed.value) {
      if (!input.replacesSaved) diagnostics.push(...duplicateId(parsed.value, kb.rulesById.get(parsed.value.spec.id)?.file, 'rule'));
      const compiled = compileRule(parsed.value, kb.articlesById);
      diagnostics.push(...compiled.diagnostics);
      rule = compiled.rule;
    }
    const ok = !hasErrors(diagnostics);
    return { kind, file, ok, diagnostics: sortDiagnostics(diagnostics), rule: ok ? rule : undefined };
  }
  const parsed = parseArticleSource(file, input.source, { checkFileName });
  const diagnostics = [...parsed.diagnostics];
  if (parsed.value) {
    const article = parsed.value;
    if (!input.replacesSaved) diagnostics.push(...duplicateId(article, kb.articlesById.get(article.spec.id)?.file, 'article'));
    diagnostics.push(...articleLinks(kb, article));
  }
  const ok = !hasErrors(diagnostics);
  return { kind, file, ok, diagnostics: sortDiagnostics(diagnostics), article: ok ? parsed.value : undefined };
}

/** An id another file already uses; the file itself (an edit of a saved file) is no duplicate. */
function duplicateId(item: LoadedRule | LoadedArticle, existingFile: string | undefined, kind: SourceKind): Diagnostic[] {
  if (!existingFile || existingFile === item.file) return [];
  return [
    createDiagnostic({
      file: item.file,
      ...item.locate(['id']),
      code: 'KB_E_DUPLICATE_ID',
      message: `${kind} id "${item.spec.id}" is already used by ${existingFile}`,
      hint: `give one of the two ${kind}s another id (and rename its file to match)`,
    }),
  ];
}

/** The warnings `kb lint` gives an article about the rest of the knowledge base. */
function articleLinks(kb: KnowledgeBase, article: LoadedArticle): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const id = article.spec.id;
  if (!kb.rules.some((r) => r.article?.id === id)) {
    diagnostics.push(
      createDiagnostic({
        file: article.file,
        ...article.locate(['id']),
        code: 'KB_W_ORPHAN_ARTICLE',
        message: `no rule points at article "${id}", so no paste can reach it`,
        hint: `write a rule with \`article: ${id}\` (\`kb new rule ${id}\`)`,
      }),
    );
  }
  const known = new Set([...kb.articlesById.keys(), id]);
  (article.spec.related ?? []).forEach((related, i) => {
    if (known.has(related)) return;
    diagnostics.push(
      createDiagnostic({
        file: article.file,
        ...article.locate(['related', i]),
        code: 'KB_W_UNKNOWN_RELATED',
        message: `related article "${related}" does not exist`,
        hint: didYouMean(related, known) ?? 'remove it, or write that article',
      }),
    );
  });
  return diagnostics;
}
