import { loadKnowledgeBase } from '../src/load-knowledge-base.js';
import { matchPaste } from '../src/match/match-paste.js';
import { suggestionIndexOf } from '../src/suggest/suggestion-index.js';
import MiniSearch from 'minisearch';
const { kb } = await loadKnowledgeBase('/work/wt-learn');
const idx = suggestionIndexOf(kb!);
const pastes = [
  'Okta says we hit the rate limit on the users endpoint, too many requests from our sync job',
  'The SCIM provisioning to Slack fails: username is not valid, display name rejected',
  'Entra ID provisioning job was put in quarantine state because of repeated failures',
  'lorem ipsum dolor sit amet consectetur adipiscing elit',
  'npm ERR! code ERESOLVE unable to resolve dependency tree while resolving react',
  'Segmentation fault (core dumped) in ./a.out at 0x7ffd1234',
  'java.lang.NullPointerException: Cannot invoke "String.length()" because "s" is null at com.example.Main.run(Main.java:42)',
  'ERROR 1045 (28000): Access denied for user root@localhost (using password: YES)',
  'kubectl: error: You must be logged in to the server (the server has asked for the client to provide credentials)',
  'fatal: Authentication failed for https://github.com/org/repo.git',
  'ssl certificate verify failed: unable to get local issuer certificate',
  'The token is expired, please create a new API token for Jira',
  'Conflict: user with this email already exists in the target app when pushing the user',
];
for (const p of pastes) {
  const r = await matchPaste(kb!, p);
  const terms = idx.queryTerms(p);
  const raw = (idx as any);
  console.log('\n#', p.slice(0, 70), '| matches:', r.matches.map(m => m.rule.id).join(','));
  console.log("  terms:", terms.map(t => t + ":" + raw._df?.(t)).join(" "));
  console.log('  sugg:', JSON.stringify(idx.suggest(p, {limit: 5}).map(s => [s.article.id, s.score, s.terms.join(' ')])));
}
