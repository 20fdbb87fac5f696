import type { StepSpec } from '../load/types.js';
import { articlePath } from '../present/article-url.js';
import type { Match, RenderedStep } from '../match/types.js';
import type { ArticleRecord } from './types.js';

type RenderedArticle = Match['article'];

/** `{{name}}`; split() puts the captured name between the pieces of text around it. */
const PLACEHOLDER = /\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/;

/**
 * A text with its placeholders found once: the text itself when it has none, else the pieces of
 * text with the placeholder names between them (at the odd indexes).
 */
type TextTemplate = string | readonly string[];

function textTemplate(text: string): TextTemplate {
  if (!text.includes('{{')) return text;
  const pieces = text.split(PLACEHOLDER);
  return pieces.length === 1 ? text : pieces;
}

function fill(template: TextTemplate, values: Readonly<Record<string, string>>): string {
  if (typeof template === 'string') return template;
  let text = template[0]!;
  for (let i = 1; i < template.length; i += 2) {
    const name = template[i]!;
    text += (values[name] ?? `<${name}>`) + template[i + 1]!;
  }
  return text;
}

/** Fills `{{name}}` placeholders from captured values; an uncaptured name is shown as `<name>`. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return fill(textTemplate(text), values);
}

/** A step with its placeholders found, and as it reads with none filled. */
interface StepTemplate {
  /** Rendered with no values, frozen: shared by every paste when the step holds no placeholder. */
  unfilled: RenderedStep;
  /** Whether the step or one of its substeps holds a placeholder. */
  placeholders: boolean;
  text: TextTemplate;
  note?: TextTemplate;
  warning?: TextTemplate;
  expect?: TextTemplate;
  substeps?: StepTemplate[];
}

function stepTemplate(step: StepSpec): StepTemplate {
  const template: StepTemplate = { unfilled: { text: '' }, placeholders: false, text: textTemplate(typeof step === 'string' ? step : step.text) };
  if (typeof step !== 'string') {
    // Empty notes, warnings and expectations are left out of a rendered step.
    if (step.note) template.note = textTemplate(step.note);
    if (step.warning) template.warning = textTemplate(step.warning);
    if (step.expect) template.expect = textTemplate(step.expect);
    if (step.substeps) template.substeps = step.substeps.map(stepTemplate);
  }
  template.placeholders =
    hasPlaceholders(template.text) ||
    hasPlaceholders(template.note) ||
    hasPlaceholders(template.warning) ||
    hasPlaceholders(template.expect) ||
    (template.substeps?.some((s) => s.placeholders) ?? false);
  template.unfilled = frozenStep(renderStep(template, NO_VALUES));
  return template;
}

const hasPlaceholders = (template: TextTemplate | undefined) => template !== undefined && typeof template !== 'string';

/** The step with its placeholders filled, a new object, its properties in the order of the RenderedStep schema. */
function renderStep(template: StepTemplate, values: Readonly<Record<string, string>>): RenderedStep {
  const rendered: RenderedStep = { text: fill(template.text, values) };
  if (template.note !== undefined) rendered.note = fill(template.note, values);
  if (template.warning !== undefined) rendered.warning = fill(template.warning, values);
  if (template.expect !== undefined) rendered.expect = fill(template.expect, values);
  if (template.substeps) rendered.substeps = fillSteps(template.substeps, values);
  return rendered;
}

/** The steps with their placeholders filled: new objects where a placeholder is, the shared unfilled ones elsewhere. */
function fillSteps(templates: readonly StepTemplate[], values: Readonly<Record<string, string>>): RenderedStep[] {
  const steps: RenderedStep[] = [];
  for (const template of templates) steps.push(template.placeholders ? renderStep(template, values) : template.unfilled);
  return steps;
}

function frozenStep(step: RenderedStep): RenderedStep {
  if (step.substeps) {
    for (const substep of step.substeps) frozenStep(substep);
    Object.freeze(step.substeps);
  }
  return Object.freeze(step);
}

const NO_VALUES: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Steps with their placeholders filled. Steps without placeholders are shared, frozen objects:
 * read them, do not change them.
 */
export function renderSteps(steps: readonly StepSpec[], values: Readonly<Record<string, string>>): RenderedStep[] {
  return fillSteps(steps.map(stepTemplate), values);
}

/**
 * Whether a rule's answer is its own inline cause and steps without placeholders. Such an answer
 * has nothing to compile or to write in advance, so the rule keeps no RuleAnswer for it and makes
 * one from its own fields when a paste returns it (compiled-rule.ts): a large knowledge base has
 * tens of thousands of them, and a paste returns at most a few.
 */
export function isPlainInline(source: AnswerSource): boolean {
  return !source.article && !(source.steps ?? []).some(stepHasPlaceholder);
}

/** Whether the step or one of its substeps holds a placeholder (without building its template: a rule made on read asks this per paste). */
function stepHasPlaceholder(step: StepSpec): boolean {
  if (typeof step === 'string') return textHasPlaceholder(step);
  return [step.text, step.note, step.warning, step.expect].some((text) => text !== undefined && textHasPlaceholder(text)) || (step.substeps?.some(stepHasPlaceholder) ?? false);
}

const textHasPlaceholder = (text: string) => text.includes('{{') && PLACEHOLDER.test(text);

/** What a rule answers with: an article, or the rule's own title, cause and steps. */
export interface AnswerSource {
  id: string;
  title: string;
  article?: ArticleRecord;
  cause?: string;
  steps?: readonly StepSpec[];
}

/** What a paste's captures can change, and the JSON of what they cannot, written once. */
interface Templates {
  frame: AnswerFrame;
  cause: TextTemplate;
  steps: StepTemplate[];
  /** `{"id":…,"title":…,"cause":` */
  head: string;
  /** The JSON of each step as it reads unfilled. */
  stepJson: string[];
  /** The optional properties and the closing brace. */
  tail: string;
}

/**
 * A rule's answer, compiled with the rule: its placeholders found, the answer as it reads with none
 * filled (frozen, shared by every paste that fills none), and its JSON, written once: whole for the
 * unfilled answer, in pieces around what captures can fill.
 */
export class RuleAnswer {
  /**
   * The answer as the API writes it with no placeholder filled, written once for an article's
   * answer (shared by the rules that answer with it) and for one with placeholders. Rendered
   * answers hold their properties in the schema's order, so JSON.stringify writes the bytes
   * fastify's serializer would (test/present/match-result-json.test.ts compares the two for every
   * bundled rule).
   */
  readonly #json: string | undefined;
  /** What the answer is rendered from. */
  readonly #source: AnswerSource;
  /** Absent when nothing in the answer holds a placeholder. */
  readonly #templates: (Templates & { unfilled: RenderedArticle }) | undefined;
  /** The unfilled answer, kept unless the answer is a plain inline one (made on read: see isPlainInline). */
  readonly #unfilled: RenderedArticle | undefined;

  constructor(source: AnswerSource) {
    this.#source = source;
    // A rule's own inline answer without placeholders keeps nothing but its source (see isPlainInline).
    if (isPlainInline(source)) return;
    const article = source.article;
    // A rule's inline cause is shown as written: only an article's cause takes placeholders.
    const cause = article ? textTemplate(article.cause) : (source.cause ?? '');
    const steps = (article ? article.steps : (source.steps ?? [])).map(stepTemplate);
    const placeholders = hasPlaceholders(cause) || steps.some((s) => s.placeholders);
    const unfilledSteps = Object.freeze(steps.map((s) => s.unfilled)) as RenderedStep[];
    const frame = answerFrame(source);
    const unfilled = Object.freeze(new RenderedAnswer(frame, fill(cause, NO_VALUES), unfilledSteps, this));
    this.#unfilled = unfilled;
    this.#json = JSON.stringify(unfilled);
    if (placeholders) {
      const { cause: _cause, steps: _steps, ...frame } = unfilled;
      const optional = JSON.stringify({ ...frame, id: undefined, title: undefined });
      this.#templates = {
        frame,
        unfilled,
        cause,
        steps,
        head: JSON.stringify({ id: frame.id, title: frame.title }).slice(0, -1) + ',"cause":',
        stepJson: unfilledSteps.map((step) => JSON.stringify(step)),
        tail: (optional === '{}' ? '' : ',' + optional.slice(1, -1)) + '}',
      };
    }
  }

  /** The unfilled answer as the API writes it. */
  get json(): string {
    return this.#json ?? JSON.stringify(this.unfilled);
  }

  /** The answer with no placeholder filled, frozen: one shared object, or a new one for a plain inline answer. */
  get unfilled(): RenderedArticle {
    if (this.#unfilled) return this.#unfilled;
    const { article, cause, steps } = this.#source;
    return Object.freeze(new RenderedAnswer(answerFrame(this.#source), article ? article.cause : (cause ?? ''), Object.freeze(renderSteps(article ? article.steps : (steps ?? []), NO_VALUES)) as RenderedStep[], this));
  }

  /** The answer with captures filled in (`unfilled` when they change nothing). Frozen. */
  render(captures: Readonly<Record<string, string>>): RenderedArticle {
    const templates = this.#templates;
    if (!templates || !hasValues(captures)) return this.unfilled;
    const steps = Object.freeze(fillSteps(templates.steps, captures)) as RenderedStep[];
    return Object.freeze(new RenderedAnswer(templates.frame, fill(templates.cause, captures), steps, this));
  }

  /** The JSON of an answer this rule rendered: the unfilled pieces as written once, the filled ones anew. */
  jsonOf(answer: RenderedAnswer): string {
    const templates = this.#templates;
    if (!templates) return this.#json ?? JSON.stringify(answer);
    if (answer === templates.unfilled) return this.#json!;
    let json = templates.head + JSON.stringify(answer.cause) + ',"steps":[';
    for (let i = 0; i < answer.steps.length; i++) {
      json += (i === 0 ? '' : ',') + (templates.steps[i]!.placeholders ? JSON.stringify(answer.steps[i]) : templates.stepJson[i]!);
    }
    return json + ']' + templates.tail;
  }
}

/** What an answer shows besides its cause and steps, the same for every paste. */
type AnswerFrame = Omit<RenderedArticle, 'cause' | 'steps'>;

/**
 * The frame of a source's answers, made once per RuleAnswer: every answer it renders shares its
 * values (the references, copied to their title and url and frozen, and the url worked out once), so
 * a paste that fills a placeholder copies a few fields instead of remaking them. Properties in the
 * order of the Match schema's article, optional ones absent rather than undefined.
 */
function answerFrame(source: AnswerSource): AnswerFrame {
  const { article } = source;
  if (!article) return { id: source.id, title: source.title };
  const frame: AnswerFrame = { id: article.id, title: article.title };
  if (article.summary !== undefined) frame.summary = article.summary;
  if (article.escalation !== undefined) frame.escalation = article.escalation;
  if (article.references !== undefined) frame.references = Object.freeze(article.references.map((r) => Object.freeze({ title: r.title, url: r.url }))) as { title: string; url: string }[];
  if (article.related !== undefined) frame.related = article.related;
  if (article.tags !== undefined) frame.tags = article.tags;
  frame.url = articlePath(article.id);
  return frame;
}

/**
 * An answer as a rule renders it, frozen: its properties in the order of the Match schema's article
 * (required first, as fastify writes them), and so are its steps'.
 */
class RenderedAnswer implements RenderedArticle {
  id: string;
  title: string;
  cause: string;
  steps: RenderedStep[];
  // Declared only: set below when the article has them, so an answer holds no empty slots.
  declare summary?: string;
  declare escalation?: string;
  declare references?: { title: string; url: string }[];
  declare related?: string[];
  declare tags?: string[];
  /** Relative (the server's KB_PUBLIC_URL is put in front as the answer is written): last, as in the schema. */
  declare url?: string;
  readonly #rule: RuleAnswer;

  constructor(frame: AnswerFrame, cause: string, steps: RenderedStep[], rule: RuleAnswer) {
    this.#rule = rule;
    this.id = frame.id;
    this.title = frame.title;
    this.cause = cause;
    this.steps = steps;
    if (frame.summary !== undefined) this.summary = frame.summary;
    if (frame.escalation !== undefined) this.escalation = frame.escalation;
    if (frame.references !== undefined) this.references = frame.references;
    if (frame.related !== undefined) this.related = frame.related;
    if (frame.tags !== undefined) this.tags = frame.tags;
    if (frame.url !== undefined) this.url = frame.url;
  }

  /** Its JSON, byte for byte what fastify writes from the schema. */
  toJsonText(): string {
    return this.#rule.jsonOf(this);
  }
}

/** The JSON of an article a rule rendered (frozen, so what was written once still holds), or undefined for any other object. */
export function renderedAnswerJson(article: RenderedArticle): string | undefined {
  return article instanceof RenderedAnswer ? article.toJsonText() : undefined;
}

/** Whether any value is given (without building the list of keys). */
function hasValues(values: Readonly<Record<string, string>>): boolean {
  for (const _ in values) return true;
  return false;
}
