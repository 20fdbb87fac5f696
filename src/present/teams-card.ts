import { chatAnswerOf, CONFIDENCE_WORDS, type ChatAnswer } from './chat-answer.js';
import type { MatchResult } from '../match/types.js';

/** What a Teams outgoing webhook answers: a message holding one Adaptive Card. */
interface TeamsMessage {
  type: 'message';
  attachments: { contentType: 'application/vnd.microsoft.card.adaptive'; content: AdaptiveCard }[];
}

interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  body: Record<string, unknown>[];
  actions?: Record<string, unknown>[];
}

/** Adaptive Cards 1.4: what Teams renders for bots and outgoing webhooks alike. */
const ADAPTIVE_CARD_VERSION = '1.4';

/**
 * Text for a TextBlock, which reads a subset of Markdown: a paste's text filled into an article
 * must not become a link or emphasis, so Markdown's marks are escaped.
 */
function cardText(text: string): string {
  return text.replace(/[\\`*_[\]~]/g, (c) => `\\${c}`);
}

const block = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text, wrap: true, ...extra });
const openUrl = (title: string, url: string) => ({ type: 'Action.OpenUrl', title, url });

/** The answer to a paste as an Adaptive Card, with what the Slack answer has (outgoing webhooks allow only link actions). */
export function teamsAnswer(result: MatchResult, publicUrl: string): TeamsMessage {
  return teamsMessageOf(adaptiveCardOf(chatAnswerOf(result, publicUrl)));
}

function teamsMessageOf(card: AdaptiveCard): TeamsMessage {
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] };
}

function card(body: Record<string, unknown>[], actions: Record<string, unknown>[]): AdaptiveCard {
  return { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: ADAPTIVE_CARD_VERSION, body, ...(actions.length ? { actions } : {}) };
}

function adaptiveCardOf(answer: ChatAnswer): AdaptiveCard {
  if (!answer.found) {
    const body = [block('No article matches this error yet.', { weight: 'Bolder' }), block('It has been kept (secrets redacted) for the knowledge authors.', { isSubtle: true })];
    if (answer.suggestions.length) body.push(block('Possibly related:', { weight: 'Bolder' }), ...answer.suggestions.map((s) => block(`- ${cardText(s.title)}`, { spacing: 'None' })));
    return card(body, answer.suggestions.filter((s) => s.url).slice(0, 3).map((s) => openUrl(s.title.slice(0, 60), s.url!)));
  }
  const body = [
    block(cardText(answer.title), { size: 'Large', weight: 'Bolder' }),
    block(CONFIDENCE_WORDS[answer.confidence], { isSubtle: true, spacing: 'None' }),
    block('Cause', { weight: 'Bolder' }),
    block(cardText(answer.cause), { spacing: 'Small' }),
    block('First steps', { weight: 'Bolder' }),
    ...answer.steps.map((s, i) => block(`${i + 1}. ${cardText(s)}`, { spacing: 'Small' })),
  ];
  if (answer.moreSteps) body.push(block(`…and ${answer.moreSteps} more step${answer.moreSteps === 1 ? '' : 's'} in the article.`, { isSubtle: true }));
  if (!answer.url) return card(body, []);
  body.push(block('Did this fix it? Tell us on the article page.', { weight: 'Bolder' }));
  const feedbackUrl = `${answer.url}?rule=${encodeURIComponent(answer.rule)}#feedback`;
  return card(body, [openUrl('Read the full article', answer.url), openUrl('Did this fix it?', feedbackUrl)]);
}

/** A short card (usage, a refusal). */
export function teamsNote(text: string): TeamsMessage {
  return teamsMessageOf(card([block(cardText(text))], []));
}
