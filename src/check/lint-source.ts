import { articleLinkDiagnostics, compileRule, duplicateIdDiagnostic } from '../compile/compile-knowledge-base.js';
import type { KnowledgeBase } from '../compile/knowledge-base.js';
import type { CompiledRule } from '../compile/types.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parseArticleSource, parseRuleSource } from '../load/parse-files.js';
import type { LoadedArticle } from '../load/types.js';

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
function guessSourceKind(source: string, file?: string): SourceKind {
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
      const existing = kb.rulesById.get(parsed.value.spec.id)?.file;
      if (!input.replacesSaved && existing && existing !== file) diagnostics.push(duplicateIdDiagnostic(parsed.value, existing, 'rule'));
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
    const existing = kb.articlesById.get(article.spec.id)?.file;
    if (!input.replacesSaved && existing && existing !== file) diagnostics.push(duplicateIdDiagnostic(article, existing, 'article'));
    const referenced = kb.rules.some((r) => r.article?.id === article.spec.id);
    diagnostics.push(...articleLinkDiagnostics(article, referenced, new Set([...kb.articlesById.keys(), article.spec.id])));
  }
  const ok = !hasErrors(diagnostics);
  return { kind, file, ok, diagnostics: sortDiagnostics(diagnostics), article: ok ? parsed.value : undefined };
}

