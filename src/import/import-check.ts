import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { KnowledgeBase } from '../compile/knowledge-base.js';
import { matchPaste } from '../match/match-paste.js';
import { importKnowledgeBase } from './import-knowledge-base.js';
import { compileFiles } from './verify-drafts.js';

interface CheckFigures {
  heldOut: number;
  top1: number;
  outOfDomain: number;
  answered: number;
}

export interface ImportCheck {
  drafted: CheckFigures & { rules: number; articles: number; ambiguities: number };
  handWritten: CheckFigures & { rules: number };
}

/**
 * Renders every article of the served knowledge base with the app's own /articles/:id page,
 * imports the pages into an empty knowledge base, and measures the drafted rules alone on the
 * held-out pastes (top-1) and the unrelated ones (answered at all), beside the hand-written rules.
 */
export async function runImportCheck(app: FastifyInstance, fixtures: { heldOut: string; outOfDomain: string }): Promise<ImportCheck> {
  const bundled = app.kb.current();
  const inputs = [];
  for (const article of bundled.articles) {
    const page = await app.inject({ method: 'GET', url: `/articles/${encodeURIComponent(article.id)}` });
    if (page.statusCode !== 200) throw new Error(`GET /articles/${article.id} answered ${page.statusCode}`);
    inputs.push({ name: `${article.id}.html`, text: page.body });
  }
  const root = '/nonexistent/import-check';
  const result = await importKnowledgeBase(inputs, { root, existing: new Map() });
  const { kb, diagnostics } = compileFiles(root, new Map(result.files.map((f) => [f.path, f.text])));
  if (!kb) throw new Error(`imported knowledge base does not compile: ${diagnostics.map((d) => `${d.file}: ${d.message}`).join('; ')}`);
  const importedId = new Map(result.articles.map((a) => [a.source.replace(/\.html$/, ''), a.id]));
  const drafted = await measure(kb, fixtures, (id) => importedId.get(id));
  const handWritten = await measure(bundled, fixtures, (id) => id);
  return {
    drafted: { ...drafted, rules: kb.rules.length, articles: kb.articles.length, ambiguities: result.ambiguities.length },
    handWritten: { ...handWritten, rules: bundled.rules.length },
  };
}

async function measure(kb: KnowledgeBase, fixtures: { heldOut: string; outOfDomain: string }, expected: (bundledId: string) => string | undefined): Promise<CheckFigures> {
  let heldOut = 0;
  let top1 = 0;
  for (const id of readdirSync(fixtures.heldOut).filter((n) => statSync(join(fixtures.heldOut, n)).isDirectory())) {
    for (const file of readdirSync(join(fixtures.heldOut, id)).filter((f) => f.endsWith('.txt'))) {
      heldOut++;
      const top = await firstRuleAnswer(kb, readFileSync(join(fixtures.heldOut, id, file), 'utf8'));
      if (top && top === expected(id)) top1++;
    }
  }
  let outOfDomain = 0;
  let answered = 0;
  for (const file of readdirSync(fixtures.outOfDomain).filter((f) => f.endsWith('.txt'))) {
    outOfDomain++;
    if (await firstRuleAnswer(kb, readFileSync(join(fixtures.outOfDomain, file), 'utf8'))) answered++;
  }
  return { heldOut, top1: top1 / heldOut, outOfDomain, answered: answered / outOfDomain };
}

/** The article of the first answer a rule gave (answers by similarity to articles are not the rules' doing). */
async function firstRuleAnswer(kb: KnowledgeBase, text: string): Promise<string | undefined> {
  const { matches } = await matchPaste(kb, text, { limit: 5 });
  return matches.find((m) => (m as { basis?: string }).basis !== 'similar')?.article.id;
}

/** The figures as a Markdown table. */
export function formatImportCheck(check: ImportCheck): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return [
    '| rules | count | held-out top-1 | unrelated answered |',
    '|---|---:|---:|---:|',
    `| drafted by kb import | ${check.drafted.rules} | ${pct(check.drafted.top1)} (${Math.round(check.drafted.top1 * check.drafted.heldOut)}/${check.drafted.heldOut}) | ${pct(check.drafted.answered)} (${Math.round(check.drafted.answered * check.drafted.outOfDomain)}/${check.drafted.outOfDomain}) |`,
    `| hand-written | ${check.handWritten.rules} | ${pct(check.handWritten.top1)} (${Math.round(check.handWritten.top1 * check.handWritten.heldOut)}/${check.handWritten.heldOut}) | ${pct(check.handWritten.answered)} (${Math.round(check.handWritten.answered * check.handWritten.outOfDomain)}/${check.handWritten.outOfDomain}) |`,
  ].join('\n');
}
