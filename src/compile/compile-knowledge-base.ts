import { scaffoldTextDiagnostics, unrelatedNoMatchDiagnostics } from './authoring-warnings.js';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { createDiagnostic, hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { LoadedFiles } from '../load/read-knowledge-base.js';
import type { LoadedArticle, LoadedRule, StepSpec } from '../load/types.js';
import { compileWhen } from './compile-condition.js';
import { isAnchored } from './requirements.js';
import { isPlainInline, RuleAnswer, type AnswerSource } from './rule-answer.js';
import { SuggestionIndex } from '../suggest/suggestion-index.js';
import { createCompiledRule } from './compiled-rule.js';
import { regexCostPerChar, type KnowledgeBase } from './knowledge-base.js';
import { PrefilterBuilder } from './prefilter-builder.js';
import { PrefilterIndex } from './prefilter-index.js';
import { similarityIndexOf } from '../suggest/example-evidence.js';
import { KnowledgeBaseParts, UNSHARED, type SharedParts } from './shared-parts.js';
import type { ArticleRecord, Capture, CompiledRule } from './types.js';
import type { SafeRegex } from './safe-regex.js';

export interface CompileResult {
  /** Absent when any error was found. */
  kb?: KnowledgeBase;
  diagnostics: Diagnostic[];
}

/** Cross-checks and compiles loaded files. Every problem of every file is reported, not only the first. */
export function compileKnowledgeBase(files: LoadedFiles): CompileResult {
  const compiler = new KnowledgeBaseCompiler(files.root);
  compiler.addLoadDiagnostics(files.diagnostics);
  for (const [file, text] of files.sources) compiler.addSource(file, text);
  for (const article of files.articles) compiler.addArticle(article);
  for (const rule of files.rules) compiler.addRule(rule);
  return compiler.finish();
}

interface KnownArticles {
  list: LoadedArticle[];
  byId: Map<string, ArticleRecord>;
  /** Ids of article files that failed to load. */
  broken: Set<string>;
}

/**
 * Compiles a knowledge base file by file: every article, then each rule as it is parsed, so a
 * loader that streams files keeps nothing of a rule's parse once it is compiled (tens of
 * thousands of parsed files alive at once made loading slow and left memory that never came
 * back). Every problem of every file is reported, not only the first.
 */
export class KnowledgeBaseCompiler {
  readonly #root: string;
  readonly #diagnostics: Diagnostic[] = [];
  /** Source text by relative path, for code frames and the fingerprint. */
  readonly sources = new Map<string, string>();
  readonly #loadedArticles: LoadedArticle[] = [];
  /** Set when the first rule arrives: rules compile against these articles. */
  #articles: KnownArticles | undefined;
  /** Compiled rules by id; the file of a rule that did not compile, to report duplicates of it too. */
  readonly #rulesById = new Map<string, CompiledRule>();
  readonly #failedRuleFiles = new Map<string, string>();
  /** Articles some rule points at. */
  readonly #referenced = new Set<string>();
  readonly #compiled: CompiledRule[] = [];
  /** Literals, regexes, step lists and article answers, one of each for every rule that has it. */
  readonly #shared = new KnowledgeBaseParts();
  /** The prefilter's view of each compiled rule, taken while the rule is at hand. */
  readonly #prefilter = new PrefilterBuilder();
  /** A rule file failed to load: it may be the one pointing at an article, so no orphan warnings. */
  #ruleFileFailed = false;

  constructor(root: string) {
    this.#root = root;
  }

  /** Problems found while reading and parsing files. */
  addLoadDiagnostics(diagnostics: readonly Diagnostic[]): void {
    for (const d of diagnostics) {
      this.#diagnostics.push(d);
      if (d.severity === 'error' && d.file.startsWith('rules/')) this.#ruleFileFailed = true;
    }
  }

  addSource(file: string, text: string): void {
    this.sources.set(file, text);
  }

  /** Every article comes before the first rule. */
  addArticle(article: LoadedArticle): void {
    if (this.#articles) throw new Error('articles are added before rules');
    this.#loadedArticles.push(article);
  }

  /** Compiles the rule now (a later rule with the same id is reported, not compiled). */
  addRule(loaded: LoadedRule): void {
    const articles = this.#freezeArticles();
    const existing = this.#rulesById.get(loaded.spec.id)?.file ?? this.#failedRuleFiles.get(loaded.spec.id);
    if (existing !== undefined) {
      this.#diagnostics.push(duplicateIdDiagnostic(loaded, existing, 'rule'));
      return;
    }
    if (loaded.spec.article) this.#referenced.add(loaded.spec.article);
    const result = compileRule(loaded, articles.byId, articles.broken, this.#shared);
    this.#diagnostics.push(...result.diagnostics);
    if (result.rule) {
      this.#compiled.push(result.rule);
      this.#rulesById.set(result.rule.id, result.rule);
      this.#prefilter.add(result.rule);
    } else this.#failedRuleFiles.set(loaded.spec.id, loaded.file);
  }

  /** The knowledge base, or the diagnostics that stop it, sorted by file and position. */
  finish(): CompileResult {
    const articles = this.#freezeArticles();
    const diagnostics = this.#diagnostics;
    diagnostics.push(...checkArticles(articles.list, this.#referenced, articles.byId, !this.#ruleFileFailed));
    sortDiagnostics(diagnostics);
    if (hasErrors(diagnostics)) return { diagnostics };
    const compiled = this.#compiled;
    const articleList = [...articles.byId.values()];
    const kb: KnowledgeBase = {
      root: this.#root,
      rules: compiled,
      rulesById: this.#rulesById,
      articles: articleList,
      articlesById: articles.byId,
      prefilter: new PrefilterIndex(compiled, this.#prefilter),
      suggestions: new SuggestionIndex(articleList),
      similarity: similarityIndexOf(articles.byId, compiled),
      regexCost: regexCostPerChar(compiled),
      products: productsOf(compiled),
      warnings: diagnostics,
      fingerprint: fingerprintOf(this.sources),
      loadedAt: new Date().toISOString(),
    };
    return { kb, diagnostics };
  }

  #freezeArticles(): KnownArticles {
    if (!this.#articles) {
      const list = dedupe(this.#loadedArticles, 'article', this.#diagnostics);
      const byId = new Map<string, ArticleRecord>(list.map((a) => [a.spec.id, { ...a.spec, body: a.body, file: a.file }]));
      // An article file that failed to load has reported its own error; rules pointing at it should not add another.
      const broken = new Set(this.#diagnostics.filter((d) => d.severity === 'error' && d.file.startsWith('articles/')).map((d) => basename(d.file, '.md')));
      this.#articles = { list, byId, broken };
    }
    return this.#articles;
  }
}

/** Products specific rules are about: their context, and their articles' applies_to and tags, lower-cased. */
function productsOf(rules: readonly CompiledRule[]): Set<string> {
  const products = new Set<string>();
  for (const rule of rules) {
    if (rule.generic) continue;
    for (const p of rule.products) products.add(p);
    for (const p of [...(rule.article?.applies_to?.products ?? []), ...(rule.article?.tags ?? [])]) products.add(p.toLowerCase());
  }
  return products;
}

/** Compiles one rule against the known articles. */
export function compileRule(
  loaded: LoadedRule,
  articlesById: ReadonlyMap<string, ArticleRecord>,
  brokenArticles: ReadonlySet<string> = new Set(),
  shared: SharedParts = UNSHARED,
): { rule?: CompiledRule; diagnostics: Diagnostic[] } {
  const { spec, file, locate } = loaded;
  const diagnostics: Diagnostic[] = [];
  let article: ArticleRecord | undefined;
  if (spec.article) {
    article = articlesById.get(spec.article);
    if (!article && !brokenArticles.has(spec.article)) {
      diagnostics.push(
        createDiagnostic({
          file,
          ...locate(['article']),
          code: 'KB_E_UNKNOWN_ARTICLE',
          message: `rule "${spec.id}" points at article "${spec.article}", which does not exist`,
          hint: didYouMean(spec.article, articlesById.keys()) ?? `create it with \`kb new article ${spec.article}\``,
        }),
      );
    }
  }
  const when = compileWhen(spec.when, file, locate, shared);
  diagnostics.push(...when.diagnostics, ...scaffoldTextDiagnostics(loaded), ...unrelatedNoMatchDiagnostics(loaded));
  if (!isAnchored(when.condition)) {
    diagnostics.push(
      createDiagnostic({
        file,
        ...locate(['when'], true),
        code: 'KB_W_NO_PREFILTER',
        message: `rule "${spec.id}" requires no literal text, error code or listed status, so the prefilter considers it for every paste`,
        hint: 'add a distinctive phrase or error code inside `all:` so the prefilter can skip this rule for unrelated pastes',
      }),
    );
  }
  const captures: Capture[] = [];
  for (const [name, capture] of Object.entries(spec.captures ?? {})) {
    const result = shared.regex(capture.regex);
    if (result.error) {
      const { construct, ...error } = result.error;
      diagnostics.push(createDiagnostic({ file, ...locate(['captures', name, 'regex'], false, construct), code: 'KB_E_REGEX_INVALID', ...error }));
    }
    else captures.push(captureOf(name, result.regex!, capture.default));
  }
  if (article) diagnostics.push(...checkPlaceholders(loaded, article, captures));
  if (hasErrors(diagnostics)) return { diagnostics };
  const steps = spec.steps && shared.steps(spec.steps);
  return {
    rule: createCompiledRule({
      id: spec.id,
      title: spec.title,
      file,
      source: loaded.source,
      priority: spec.priority ?? 0,
      generic: spec.generic ?? false,
      products: spec.context?.products?.length ? spec.context.products.map((p) => p.toLowerCase()) : NONE,
      article,
      steps,
      cause: spec.cause === undefined ? undefined : shared.intern(spec.cause),
      condition: when.condition,
      leaves: when.leaves,
      captures: captures.length ? captures.slice() : NONE,
      answer: article ? shared.articleAnswer(article) : inlineAnswer({ id: spec.id, title: spec.title, cause: spec.cause, steps }),
      examples: { match: spec.examples.match.slice(), no_match: spec.examples.no_match?.length ? spec.examples.no_match.slice() : NONE },
    }),
    diagnostics,
  };
}

const inlineAnswer = (source: AnswerSource) => (isPlainInline(source) ? undefined : new RuleAnswer(source));

/** One empty list for every rule that has none (frozen: it is shared). */
const NONE = Object.freeze([]) as unknown as never[];

function dedupe<T extends LoadedArticle>(items: T[], kind: 'article', diagnostics: Diagnostic[]): T[] {
  const first = new Map<string, T>();
  for (const item of items) {
    const previous = first.get(item.spec.id);
    if (previous) diagnostics.push(duplicateIdDiagnostic(item, previous.file, kind));
    else first.set(item.spec.id, item);
  }
  return [...first.values()];
}

/** The id of `item` is already used by `existingFile`. */
export function duplicateIdDiagnostic(item: LoadedRule | LoadedArticle, existingFile: string, kind: 'rule' | 'article'): Diagnostic {
  return createDiagnostic({
    file: item.file,
    ...item.locate(['id']),
    code: 'KB_E_DUPLICATE_ID',
    message: `${kind} id "${item.spec.id}" is already used by ${existingFile}`,
    hint: `give one of the two ${kind}s another id (and rename its file to match)`,
  });
}

function checkArticles(articles: LoadedArticle[], referenced: ReadonlySet<string>, articlesById: ReadonlyMap<string, ArticleRecord>, reportOrphans: boolean): Diagnostic[] {
  const known = new Set(articlesById.keys());
  return articles.flatMap((article) => articleLinkDiagnostics(article, !reportOrphans || referenced.has(article.spec.id), known));
}

/** Warnings about how an article links into the knowledge base: no rule reaches it, or a related id is unknown. */
export function articleLinkDiagnostics(article: LoadedArticle, referenced: boolean, knownIds: ReadonlySet<string>): Diagnostic[] {
  const diagnostics: Diagnostic[] = scaffoldTextDiagnostics(article);
  if (!referenced) {
    diagnostics.push(
      createDiagnostic({
        file: article.file,
        ...article.locate(['id']),
        code: 'KB_W_ORPHAN_ARTICLE',
        message: `no rule points at article "${article.spec.id}", so no paste can reach it`,
        hint: `write a rule with \`article: ${article.spec.id}\` (\`kb new rule ${article.spec.id}\`)`,
      }),
    );
  }
  (article.spec.related ?? []).forEach((id, i) => {
    if (knownIds.has(id)) return;
    diagnostics.push(
      createDiagnostic({
        file: article.file,
        ...article.locate(['related', i]),
        code: 'KB_W_UNKNOWN_RELATED',
        message: `related article "${id}" does not exist`,
        hint: didYouMean(id, knownIds) ?? 'remove it, or write that article',
      }),
    );
  });
  return diagnostics;
}

const PLACEHOLDER = /\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g;

function placeholdersOf(steps: readonly StepSpec[], cause: string): Set<string> {
  const names = new Set<string>();
  for (const m of cause.matchAll(PLACEHOLDER)) names.add(m[1]!);
  const visit = (step: StepSpec) => {
    const texts = typeof step === 'string' ? [step] : [step.text, step.note, step.warning, step.expect];
    for (const text of texts) for (const m of (text ?? '').matchAll(PLACEHOLDER)) names.add(m[1]!);
    if (typeof step !== 'string') step.substeps?.forEach(visit);
  };
  steps.forEach(visit);
  return names;
}

function checkPlaceholders(loaded: LoadedRule, article: ArticleRecord, captures: Capture[]): Diagnostic[] {
  const captured = new Set(captures.map((c) => c.name));
  return [...placeholdersOf(article.steps, article.cause)]
    .filter((name) => !captured.has(name))
    .map((name) =>
      createDiagnostic({
        file: loaded.file,
        ...loaded.locate(['article']),
        code: 'KB_W_UNKNOWN_PLACEHOLDER',
        message: `article "${article.id}" uses {{${name}}} but this rule captures no "${name}"`,
        hint: `add \`captures: { ${name}: { regex: '...', default: '...' } }\` to the rule`,
      }),
    );
}

function fingerprintOf(sources: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  for (const file of [...sources.keys()].sort()) hash.update(file).update('\0').update(sources.get(file)!).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** A capture with its regex's `d` twin made now, at load (see Capture.withIndices). */
function captureOf(name: string, regex: SafeRegex, fallback: string | undefined): Capture {
  return { name, regex, withIndices: regex.native && new RegExp(regex.native, 'd'), default: fallback };
}
