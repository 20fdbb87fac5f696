import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { SLACK_SHORTCUT_CALLBACK } from '../../src/present/slack-blocks.js';

const DOCS = join(import.meta.dirname, '../../docs/integrations');

interface Manifest {
  features: { slash_commands: { command: string; url: string }[]; shortcuts: { type: string; callback_id: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { interactivity: { is_enabled: boolean; request_url: string } };
}

describe('docs/integrations', () => {
  it('has a Slack app manifest that points at the routes and the shortcut this server handles', () => {
    const manifest = load(readFileSync(join(DOCS, 'slack-manifest.yaml'), 'utf8')) as Manifest;
    expect(manifest.features.slash_commands).toEqual([expect.objectContaining({ command: '/fix', url: 'https://kb.example.com/integrations/slack/command' })]);
    expect(manifest.features.shortcuts).toEqual([expect.objectContaining({ type: 'message', callback_id: SLACK_SHORTCUT_CALLBACK })]);
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: 'https://kb.example.com/integrations/slack/interactive' });
    expect(manifest.oauth_config.scopes.bot).toEqual(['commands']);
  });

  it('has one page per integration, each with a working example', () => {
    for (const page of ['slack.md', 'teams.md', 'webhook.md', 'api.md']) {
      const text = readFileSync(join(DOCS, page), 'utf8');
      expect(text, page).toMatch(/```(sh|html|js)/);
    }
  });
});
