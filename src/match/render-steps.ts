import type { CompiledRule } from '../compile/types.js';
import type { StepSpec } from '../load/types.js';
import type { Match, RenderedStep } from './types.js';

/** Fills `{{name}}` placeholders from captured values; an uncaptured name is shown as `<name>`. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  if (!text.includes('{{')) return text;
  return text.replace(/\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g, (_, name: string) => values[name] ?? `<${name}>`);
}

export function renderSteps(steps: readonly StepSpec[], values: Readonly<Record<string, string>>): RenderedStep[] {
  return steps.map((step) => {
    if (typeof step === 'string') return { text: fillPlaceholders(step, values) };
    const rendered: RenderedStep = { text: fillPlaceholders(step.text, values) };
    if (step.note) rendered.note = fillPlaceholders(step.note, values);
    if (step.warning) rendered.warning = fillPlaceholders(step.warning, values);
    if (step.expect) rendered.expect = fillPlaceholders(step.expect, values);
    if (step.substeps) rendered.substeps = renderSteps(step.substeps, values);
    return rendered;
  });
}

/**
 * A rule's answer as a match shows it: its article (or its inline cause and steps) with placeholders
 * filled from the paste's captures. With no captures it is the same for every paste, which the API
 * uses to write it once (http/rule-json-cache.ts).
 */
export function renderArticle(rule: CompiledRule, captures: Readonly<Record<string, string>>): Match['article'] {
  const article = rule.article;
  if (!article) return { id: rule.id, title: rule.title, cause: rule.cause ?? '', steps: renderSteps(rule.steps ?? [], captures) };
  return {
    id: article.id,
    title: article.title,
    summary: article.summary,
    cause: fillPlaceholders(article.cause, captures),
    steps: renderSteps(article.steps, captures),
    escalation: article.escalation,
    references: article.references,
    related: article.related,
    tags: article.tags,
  };
}
