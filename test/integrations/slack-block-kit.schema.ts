/**
 * JSON Schema of the Slack message parts kb sends, written from Slack's Block Kit reference
 * (docs.slack.dev/reference/block-kit): the header, context, section and actions blocks, text
 * objects and the button element, with the limits Slack documents (a message holds at most 50
 * blocks; header text 150 characters; section text 3000; context 10 elements; actions 25
 * elements; button text 75, action_id 255, value 2000, url 3000; style primary or danger).
 * Properties Slack does not define are refused, so a typo fails here rather than in Slack.
 */
const plainText = (maxLength: number) => ({
  type: 'object',
  additionalProperties: false,
  required: ['type', 'text'],
  properties: { type: { const: 'plain_text' }, text: { type: 'string', minLength: 1, maxLength }, emoji: { type: 'boolean' } },
});

const mrkdwnText = (maxLength: number) => ({
  type: 'object',
  additionalProperties: false,
  required: ['type', 'text'],
  properties: { type: { const: 'mrkdwn' }, text: { type: 'string', minLength: 1, maxLength }, verbatim: { type: 'boolean' } },
});

const textObject = (maxLength: number) => ({ oneOf: [plainText(maxLength), mrkdwnText(maxLength)] });
const blockId = { type: 'string', minLength: 1, maxLength: 255 };

const button = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'text'],
  properties: {
    type: { const: 'button' },
    text: plainText(75),
    action_id: { type: 'string', minLength: 1, maxLength: 255 },
    url: { type: 'string', format: 'uri', maxLength: 3000 },
    value: { type: 'string', maxLength: 2000 },
    style: { enum: ['primary', 'danger'] },
    accessibility_label: { type: 'string', maxLength: 75 },
  },
};

const header = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'text'],
  properties: { type: { const: 'header' }, text: plainText(150), block_id: blockId },
};

const context = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'elements'],
  properties: { type: { const: 'context' }, elements: { type: 'array', minItems: 1, maxItems: 10, items: textObject(3000) }, block_id: blockId },
};

const section = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  anyOf: [{ required: ['text'] }, { required: ['fields'] }],
  properties: {
    type: { const: 'section' },
    text: textObject(3000),
    fields: { type: 'array', minItems: 1, maxItems: 10, items: textObject(2000) },
    block_id: blockId,
  },
};

const actions = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'elements'],
  properties: { type: { const: 'actions' }, elements: { type: 'array', minItems: 1, maxItems: 25, items: button }, block_id: blockId },
};

/** A message as a slash command answer or a response_url post carries it. */
export const SLACK_MESSAGE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  required: ['text', 'blocks'],
  properties: {
    response_type: { enum: ['ephemeral', 'in_channel'] },
    replace_original: { type: 'boolean' },
    text: { type: 'string', minLength: 1 },
    blocks: { type: 'array', maxItems: 50, items: { oneOf: [header, context, section, actions] } },
  },
};

/** Examples in the form Slack's reference shows for these blocks: the schema must accept Slack's own. */
export const SLACK_REFERENCE_EXAMPLES = [
  { type: 'header', text: { type: 'plain_text', text: 'Budget Performance' } },
  { type: 'context', elements: [{ type: 'mrkdwn', text: 'For more info, contact <mailto:support@acme.inc|support@acme.inc>' }] },
  { type: 'section', text: { type: 'mrkdwn', text: 'A message *with some bold text* and _some italicized text_.' } },
  {
    type: 'actions',
    block_id: 'actionblock789',
    elements: [
      { type: 'button', text: { type: 'plain_text', text: 'Primary Button' }, style: 'primary', value: 'click_me_456' },
      { type: 'button', text: { type: 'plain_text', text: 'Link Button' }, url: 'https://api.slack.com/block-kit/building' },
    ],
  },
];
