import { LruCache } from '../util/lru-cache.js';
import { articlePath } from './article-url.js';
import type { CompiledRule } from '../compile/types.js';
import type { StepSpec } from '../load/types.js';
import type { Match, RenderedStep } from '../match/types.js';

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

/** The step with its placeholders filled, a new object. */
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

/** A rule's answer with its placeholders found, and as it reads with none filled. */
interface ArticleTemplate {
  /** Frozen: returned as is for every paste that fills no placeholder. */
  unfilled: Match['article'];
  placeholders: boolean;
  cause: TextTemplate;
  steps: StepTemplate[];
}

/**
 * Templates of the answers rendered last, by article (or by rule, for inline steps). Bounded, as
 * the API's cache of rule JSON is (present/rule-json-cache.ts): a knowledge base of 50,000 rules should
 * not end up holding a template of every article it ever answered with.
 */
const templates = new LruCache<object, ArticleTemplate>(1024);

function articleTemplateOf(rule: CompiledRule): ArticleTemplate {
  const key = rule.article ?? rule;
  let template = templates.get(key);
  if (!template) {
    template = articleTemplate(rule);
    templates.set(key, template);
  }
  return template;
}

function articleTemplate(rule: CompiledRule): ArticleTemplate {
  const article = rule.article;
  // A rule's inline cause is shown as written: only an article's cause takes placeholders.
  const cause = article ? textTemplate(article.cause) : (rule.cause ?? '');
  const steps = (article ? article.steps : (rule.steps ?? [])).map(stepTemplate);
  const placeholders = hasPlaceholders(cause) || steps.some((s) => s.placeholders);
  const unfilledSteps = Object.freeze(steps.map((s) => s.unfilled)) as RenderedStep[];
  return { unfilled: Object.freeze(renderedArticle(rule, fill(cause, NO_VALUES), unfilledSteps)), placeholders, cause, steps };
}

function renderedArticle(rule: CompiledRule, cause: string, steps: RenderedStep[]): Match['article'] {
  const article = rule.article;
  if (!article) return { id: rule.id, title: rule.title, cause, steps };
  return {
    id: article.id,
    title: article.title,
    summary: article.summary,
    cause,
    steps,
    escalation: article.escalation,
    references: article.references,
    related: article.related,
    tags: article.tags,
    url: articlePath(article.id),
  };
}

/**
 * A rule's answer as a match shows it: its article (or its inline cause and steps) with placeholders
 * filled from the paste's captures. With no captures it is the same for every paste: one frozen
 * object, which the API also uses to write it once (present/rule-json-cache.ts). Steps a capture does not
 * change are shared, frozen, too.
 */
export function renderArticle(rule: CompiledRule, captures: Readonly<Record<string, string>>): Match['article'] {
  const template = articleTemplateOf(rule);
  if (!template.placeholders || !hasValues(captures)) return template.unfilled;
  return renderedArticle(rule, fill(template.cause, captures), fillSteps(template.steps, captures));
}

/** Whether any value is given (without building the list of keys). */
function hasValues(values: Readonly<Record<string, string>>): boolean {
  for (const _ in values) return true;
  return false;
}
