import { parse as parseYaml } from 'yaml';
import { parseLooseDate } from './dates.js';
import type { SourceDocument } from './types.js';

/** A Markdown page: `# Title`, `## Cause`, `## Solution` …, with optional YAML front matter (title, url, tags, updated). */
export function readMarkdown(text: string, options: { file: string; source: string }): SourceDocument {
  const normalized = text.replace(/\r\n?/g, '\n');
  const front = /^---\n([^]*?)\n---\n/.exec(normalized);
  let meta: Record<string, unknown> = {};
  if (front) {
    try {
      meta = (parseYaml(front[1]!) as Record<string, unknown>) ?? {};
    } catch {
      meta = {};
    }
  }
  const offset = front ? front[0].split('\n').length - 1 : 0;
  const markdown = front ? normalized.slice(front[0].length) : normalized;
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[,;]/).map((s) => s.trim()) : []);
  return {
    source: options.source,
    file: options.file,
    format: 'markdown',
    title: typeof meta.title === 'string' ? meta.title : undefined,
    markdown,
    lineMap: markdown.split('\n').map((_, i) => i + 1 + offset),
    url: typeof meta.url === 'string' ? meta.url : typeof meta.source === 'string' && /^https?:/.test(meta.source) ? meta.source : undefined,
    labels: [...list(meta.tags), ...list(meta.labels)],
    updated: parseLooseDate(typeof meta.updated === 'string' ? meta.updated : meta.updated instanceof Date ? meta.updated.toISOString() : undefined),
    notes: [],
  };
}
