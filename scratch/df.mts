import { loadKnowledgeBase } from '../src/load-knowledge-base.js';
import { searchTerms } from '../src/suggest/search-terms.js';
import MiniSearch from 'minisearch';
const { kb } = await loadKnowledgeBase('..');
const df = new Map<string, number>();
for (const a of kb!.articles) for (const t of new Set(searchTerms([a.title, a.summary, a.cause, ...(a.error_messages ?? []), ...(a.tags ?? [])].join('\n')))) df.set(t, (df.get(t) ?? 0) + 1);
for (const w of process.argv.slice(2)) console.log(w, df.get(w));
