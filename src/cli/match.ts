import { markdownToPlain } from '../web/browser/markdown-text.js';
import { parseArgs } from 'node:util';
import { resolvePasteLimits, resolvePublicUrl } from '../config.js';
import { withPublicUrl } from '../present/article-url.js';
import { PasteInputError } from '../match/paste-input.js';
import { matchPaste } from '../match/match-paste.js';
import type { Match, MatchResult, RenderedStep } from '../match/types.js';
import { EXIT, readAll, UsageError, write, type CliIo } from './io.js';
import { loadOrReport } from './load-or-report.js';

/** `kb match [TEXT|-]`: prints the best article for a paste; exit 0 when a rule matched, 1 when none did. */
export async function matchCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      kb: { type: 'string' },
      json: { type: 'boolean', default: false },
      context: { type: 'string', multiple: true },
      limit: { type: 'string' },
    },
  });
  const context: { product?: string } = {};
  for (const pair of values.context ?? []) {
    const [key, ...rest] = pair.split('=');
    if (key !== 'product' || !rest.length) throw new UsageError(`--context takes product=NAME, not "${pair}"`);
    context.product = rest.join('=');
  }
  const limit = values.limit === undefined ? 5 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new UsageError('--limit takes a whole number from 1 to 50');

  let text: string;
  if (!positionals.length || (positionals.length === 1 && positionals[0] === '-')) {
    if (!io.stdin) throw new UsageError('no text given and no stdin to read');
    const bytes = await readAll(io.stdin);
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      write(io.stderr, 'kb match: the input is not valid UTF-8 text: paste the error message as text');
      return EXIT.usage;
    }
  } else text = positionals.join(' ');

  const loaded = await loadOrReport(values.kb, io);
  if (!loaded) return EXIT.usage;
  let result: MatchResult;
  try {
    result = await matchPaste(loaded.kb, text, { context, limit, suggest: true, ...resolvePasteLimits({}, io.env ?? process.env) });
  } catch (error) {
    if (error instanceof PasteInputError) {
      write(io.stderr, `kb match: ${error.message} (${error.code})`);
      return EXIT.usage;
    }
    throw error;
  }
  // Links to article pages: absolute under KB_PUBLIC_URL, as the server would answer; else relative.
  result = withPublicUrl(result, resolvePublicUrl(io.env ?? process.env) ?? '');
  write(io.stdout, values.json ? JSON.stringify(result, null, 2) : formatMatchResult(result));
  return result.matches.length ? EXIT.ok : EXIT.failed;
}

const RESEMBLES = { example: 'rule examples', error_message: 'error messages', title: 'title', cause: 'cause' } as const;

/** Human-readable answer: the best article with its cause, numbered steps and why it matched. */
function formatMatchResult(result: MatchResult): string {
  const [best, ...others] = result.matches;
  if (!best) {
    const lines = ['No article matches this error yet.'];
    const suggestions = result.suggestions ?? [];
    if (suggestions.length) {
      lines.push('', 'Possibly related (shares words with this error; not a confirmed answer):');
      suggestions.forEach((s, i) => lines.push(`  ${i + 1}. ${s.article.title}`, `     article ${s.article.id} · shares: ${s.terms.slice(0, 6).join(', ')}`));
    }
    lines.push(
      '',
      'What to do next:',
      '  - Paste the complete message, including the error code and the lines around it.',
      '  - Add --context product=NAME if you know which product raised it.',
      '  - Ask a knowledge author to write a rule for it (`kb new rule <id>`).',
    );
    return lines.join('\n');
  }
  const out: string[] = [];
  const chance = `${Math.round(best.probability * 100)}% likely right`;
  if (best.basis === 'similar') {
    // Never as certain as a rule: said first, before the title.
    out.push(`Likely (no rule matched; the error resembles this article's ${RESEMBLES[best.explanation.resembles?.kind ?? 'example']}):`);
    out.push(`${best.article.title}`);
    out.push(`  article ${best.article.id} · similar · ${best.confidence} confidence, ${chance} (similarity ${best.score})`);
  } else {
    out.push(`${best.article.title}`);
    out.push(`  article ${best.article.id} · rule ${best.rule.id}${best.generic ? ' (generic)' : ''} · ${best.confidence} confidence, ${chance} (score ${best.score})`);
  }
  if (best.article.url) out.push(`  ${best.article.url}`);
  out.push('', 'Cause:', indent(markdownToPlain(best.article.cause), 2), '', 'Steps:');
  out.push(...formatSteps(best.article.steps, '  '));
  if (best.article.escalation) out.push('', 'If that does not fix it:', indent(markdownToPlain(best.article.escalation), 2));
  out.push('', best.basis === 'similar' ? 'Why it is likely:' : 'Why it matched:', ...formatWhy(best));
  const resembles = best.explanation.resembles;
  if (resembles) out.push(`  - resembles: ${JSON.stringify(resembles.text.length > 160 ? `${resembles.text.slice(0, 157)}...` : resembles.text)}`);
  if (others.length) {
    out.push('', 'Other matches:');
    others.forEach((m, i) => out.push(`  ${i + 2}. ${m.article.title} (${m.basis === 'similar' ? 'similar' : m.rule.id}, ${m.confidence}, score ${m.score})`));
  }
  const suggestions = result.suggestions ?? [];
  if (suggestions.length) {
    out.push('', 'Possibly related (shares words with this error; not a confirmed answer):');
    suggestions.forEach((s, i) => out.push(`  ${i + 1}. ${s.article.title} (article ${s.article.id})`));
  }
  return out.join('\n');
}

function formatSteps(steps: RenderedStep[], prefix: string): string[] {
  const lines: string[] = [];
  steps.forEach((step, i) => {
    const label = `${prefix}${i + 1}. `;
    const pad = ' '.repeat(label.length);
    // Markdown read as plain text: code blocks indented under the step, markers dropped.
    lines.push(`${label}${markdownToPlain(step.text).replace(/\n/g, `\n${pad}`)}`);
    if (step.note) lines.push(`${pad}Note: ${markdownToPlain(step.note)}`);
    if (step.warning) lines.push(`${pad}Warning: ${markdownToPlain(step.warning)}`);
    if (step.expect) lines.push(`${pad}Expect: ${markdownToPlain(step.expect)}`);
    if (step.substeps) lines.push(...formatSteps(step.substeps, pad));
  });
  return lines;
}

function formatWhy(match: Match): string[] {
  return match.explanation.matched.map((m) => {
    const where = m.spans.slice(0, 2).map((s) => JSON.stringify(s.text.length > 60 ? `${s.text.slice(0, 57)}...` : s.text));
    return `  - ${m.condition}${where.length ? `: ${where.join(', ')}` : ''}`;
  });
}

function indent(text: string, n: number): string {
  return text
    .split('\n')
    .map((l) => ' '.repeat(n) + l)
    .join('\n');
}
