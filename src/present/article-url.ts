import type { MatchResult } from '../match/types.js';

/** Where the web page of an article is, relative to the server's root. */
export function articlePath(id: string): string {
  return `/articles/${encodeURIComponent(id)}`;
}

/**
 * The answer with every article `url` made absolute under `publicUrl` (no trailing slash); with no
 * public URL it is the answer itself. A plain reference of what the API's serializer writes, and
 * what the CLI prints with KB_PUBLIC_URL set.
 */
export function withPublicUrl(result: MatchResult, publicUrl: string): MatchResult {
  if (!publicUrl) return result;
  return {
    ...result,
    matches: result.matches.map((m) => (m.article.url === undefined ? m : { ...m, article: { ...m.article, url: publicUrl + m.article.url } })),
    ...(result.suggestions ? { suggestions: result.suggestions.map((s) => ({ ...s, article: { ...s.article, url: publicUrl + s.article.url } })) } : {}),
  };
}
