import { chatAnswerOf, clip, CONFIDENCE_WORDS, type ChatAnswer } from './chat-answer.js';
import type { MatchResult } from '../match/types.js';

/** Action ids of the "did this fix it?" buttons; their value is a FeedbackValue as JSON. */
export const SLACK_ACTIONS = { fixed: 'kb_fixed', notFixed: 'kb_not_fixed', open: 'kb_open_article' } as const;

/** The callback id of the "Find the fix" message shortcut (the app manifest declares the same). */
export const SLACK_SHORTCUT_CALLBACK = 'kb_find_fix';

export interface FeedbackValue {
  rule: string;
  article: string;
}

/** A Slack message as a slash command answer or a response_url post carries it. */
export interface SlackMessage {
  response_type: 'ephemeral' | 'in_channel';
  text: string;
  blocks: Record<string, unknown>[];
  replace_original?: boolean;
}

/** Block Kit's limits (characters): header text, section text, button text. */
const LIMITS = { header: 150, section: 3000, button: 75 } as const;

/** Text for mrkdwn: Slack reads &, < and > as markup (links, mentions), so pasted text is escaped. */
function mrkdwnEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const plain = (text: string, max: number) => ({ type: 'plain_text', text: clip(text, max), emoji: false });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text: clip(text, LIMITS.section) });

/** The Block Kit answer to a paste: title, confidence, cause, first steps, article link, "did this fix it?" buttons. */
export function slackAnswer(result: MatchResult, publicUrl: string, responseType: SlackMessage['response_type'] = 'ephemeral'): SlackMessage {
  return slackMessageOf(chatAnswerOf(result, publicUrl), responseType);
}

function slackMessageOf(answer: ChatAnswer, responseType: SlackMessage['response_type']): SlackMessage {
  if (!answer.found) return noMatchMessage(answer.suggestions, responseType);
  const steps = answer.steps.map((s, i) => `${i + 1}. ${mrkdwnEscape(s)}`).join('\n');
  const more = answer.moreSteps ? `\n_…and ${answer.moreSteps} more step${answer.moreSteps === 1 ? '' : 's'} in the article._` : '';
  const value = JSON.stringify({ rule: answer.rule, article: answer.article } satisfies FeedbackValue);
  const buttons: Record<string, unknown>[] = [];
  if (answer.url) buttons.push({ type: 'button', action_id: SLACK_ACTIONS.open, text: plain('Read the full article', LIMITS.button), url: answer.url });
  buttons.push(
    { type: 'button', action_id: SLACK_ACTIONS.fixed, text: plain('Yes, it fixed it', LIMITS.button), style: 'primary', value },
    { type: 'button', action_id: SLACK_ACTIONS.notFixed, text: plain('No', LIMITS.button), value },
  );
  return {
    response_type: responseType,
    text: `${answer.title} (${CONFIDENCE_WORDS[answer.confidence].toLowerCase()})`,
    blocks: [
      { type: 'header', text: plain(answer.title, LIMITS.header) },
      { type: 'context', elements: [mrkdwn(`*${CONFIDENCE_WORDS[answer.confidence]}*${answer.url ? ` · <${answer.url}|Read the full article>` : ''}`)] },
      { type: 'section', text: mrkdwn(`*Cause*\n${mrkdwnEscape(answer.cause)}`) },
      { type: 'section', text: mrkdwn(`*First steps*\n${steps}${more}`) },
      { type: 'section', text: mrkdwn('*Did this fix it?*') },
      { type: 'actions', block_id: 'kb_feedback', elements: buttons },
    ],
  };
}

function noMatchMessage(suggestions: { title: string; url?: string }[], responseType: SlackMessage['response_type']): SlackMessage {
  const blocks: Record<string, unknown>[] = [
    { type: 'section', text: mrkdwn('*No article matches this error yet.* It has been kept (secrets redacted) for the knowledge authors.') },
  ];
  if (suggestions.length) {
    const list = suggestions.map((s) => `• ${s.url ? `<${s.url}|${mrkdwnEscape(s.title)}>` : mrkdwnEscape(s.title)}`).join('\n');
    blocks.push({ type: 'section', text: mrkdwn(`*Possibly related*\n${list}`) });
  }
  return { response_type: responseType, text: 'No article matches this error yet.', blocks };
}

/** A short ephemeral note (usage, thanks, a refusal) as Slack shows it. */
export function slackNote(text: string): SlackMessage {
  return { response_type: 'ephemeral', text, blocks: [{ type: 'section', text: mrkdwn(mrkdwnEscape(text)) }] };
}
