/**
 * JSON Schema of the Adaptive Card parts kb sends, written from the Adaptive Cards schema
 * explorer (adaptivecards.io/explorer) and Microsoft's Teams docs: AdaptiveCard, TextBlock and
 * Action.OpenUrl (an outgoing webhook may use no other action), in a Teams message attachment.
 * Enumerated values are read without regard to the case of their first letter, as the renderers
 * do ("Bolder" and "bolder"); properties the schema does not define are refused.
 */
const choice = (...values: string[]) => ({ type: 'string', pattern: `^(?:${values.map((v) => `[${v[0]!.toUpperCase()}${v[0]!.toLowerCase()}]${v.slice(1)}`).join('|')})$` });

const spacing = choice('none', 'small', 'default', 'medium', 'large', 'extraLarge', 'padding');

const textBlock = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'text'],
  properties: {
    type: { const: 'TextBlock' },
    text: { type: 'string' },
    color: choice('default', 'dark', 'light', 'accent', 'good', 'warning', 'attention'),
    fontType: choice('default', 'monospace'),
    horizontalAlignment: choice('left', 'center', 'right'),
    isSubtle: { type: 'boolean' },
    maxLines: { type: 'number' },
    size: choice('default', 'small', 'medium', 'large', 'extraLarge'),
    weight: choice('default', 'lighter', 'bolder'),
    wrap: { type: 'boolean' },
    id: { type: 'string' },
    spacing,
    separator: { type: 'boolean' },
    isVisible: { type: 'boolean' },
  },
};

const openUrl = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'url'],
  properties: {
    type: { const: 'Action.OpenUrl' },
    url: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    iconUrl: { type: 'string', format: 'uri' },
    id: { type: 'string' },
    style: choice('default', 'positive', 'destructive'),
  },
};

export const ADAPTIVE_CARD_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'version'],
  properties: {
    type: { const: 'AdaptiveCard' },
    $schema: { type: 'string', format: 'uri' },
    version: { type: 'string', pattern: '^1\\.[0-6]$' },
    body: { type: 'array', items: textBlock },
    actions: { type: 'array', items: openUrl },
    fallbackText: { type: 'string' },
    speak: { type: 'string' },
    lang: { type: 'string' },
  },
};

/** A bot's (and an outgoing webhook's) reply carrying one card. */
export const TEAMS_MESSAGE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'attachments'],
  properties: {
    type: { const: 'message' },
    text: { type: 'string' },
    attachments: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['contentType', 'content'],
        properties: { contentType: { const: 'application/vnd.microsoft.card.adaptive' }, content: ADAPTIVE_CARD_SCHEMA },
      },
    },
  },
};

/** A card in the form of the explorer's samples: the schema must accept Microsoft's own. */
export const ADAPTIVE_CARD_REFERENCE_EXAMPLE = {
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  type: 'AdaptiveCard',
  version: '1.4',
  body: [
    { type: 'TextBlock', text: 'Publish Adaptive Card schema', weight: 'bolder', size: 'medium' },
    { type: 'TextBlock', text: 'Now that we have defined the main rules and features of the format, we need to produce a schema.', wrap: true, isSubtle: true, spacing: 'None' },
  ],
  actions: [{ type: 'Action.OpenUrl', title: 'View', url: 'https://adaptivecards.io' }],
};
