import type { StepSpec } from '../load/types.js';
import type { RenderedStep } from './types.js';

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
