import type { Confidence, MatchResult, RenderedStep } from '../match/types.js';

/** How many steps a chat answer shows; the rest are on the article page. */
const CHAT_STEPS = 3;

/** What a chat answer (Slack, Teams) says about a paste: the best article in brief, or the guesses. */
export type ChatAnswer =
  | {
      found: true;
      title: string;
      confidence: Confidence;
      cause: string;
      /** The first steps, as text (a step's note follows it in brackets). */
      steps: string[];
      /** Steps left out, to be read in the article. */
      moreSteps: number;
      /** Absolute link to the article page; none without KB_PUBLIC_URL (chat apps cannot follow a relative one). */
      url?: string;
      /** What "did this fix it?" refers to. */
      rule: string;
      article: string;
    }
  | { found: false; suggestions: { title: string; url?: string }[] };

export const CONFIDENCE_WORDS: Record<Confidence, string> = { high: 'High confidence', medium: 'Medium confidence', low: 'Low confidence' };

function stepText(step: RenderedStep): string {
  return step.note ? `${step.text} (${step.note})` : step.text;
}

/** The chat answer of a match result; `publicUrl` ('' when unset) makes article links absolute. */
export function chatAnswerOf(result: MatchResult, publicUrl: string): ChatAnswer {
  const absolute = (path: string | undefined) => (publicUrl && path ? publicUrl + path : undefined);
  const best = result.matches[0];
  if (!best) return { found: false, suggestions: (result.suggestions ?? []).map((s) => ({ title: s.article.title, url: absolute(s.article.url) })) };
  const { article } = best;
  return {
    found: true,
    title: article.title,
    confidence: best.confidence,
    cause: article.cause.trim(),
    steps: article.steps.slice(0, CHAT_STEPS).map(stepText),
    moreSteps: Math.max(0, article.steps.length - CHAT_STEPS),
    url: absolute(article.url),
    rule: best.rule.id,
    article: article.id,
  };
}

/** Cuts text to `max` characters, ending with an ellipsis when cut (chat platforms refuse longer fields). */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
