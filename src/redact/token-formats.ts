import type { Detector } from './detector.js';

/**
 * Vendor token formats that secretlint's recommended preset (secretlint-rules.ts) does not cover,
 * as data: a kind, the token's shape, and the fragments one of which every token holds. The shapes
 * are the vendors' published formats (the same facts the gitleaks default rule set records, by its
 * rule ids); each kind has realistic fakes in test/fixtures/secrets/ that the redaction report and
 * its test hold to. A token with a fixed prefix needs no context; a shape too plain to stand alone
 * (Twilio's `SK` + 32 hex, a Telegram bot token) is anchored by its prefix or its separator.
 */
interface TokenFormat {
  kind: string;
  /** The token's shape, without flags; matched with `g` (and `i` when `caseless`). */
  shape: string;
  hints: readonly string[];
  caseless?: boolean;
  /** See Detector.gate. */
  gate?: Detector['gate'];
}

/** After a token: not one more character of a token, so a longer word is not half-hidden. */
const END = String.raw`(?![A-Za-z0-9_-])`;

const FORMATS: readonly TokenFormat[] = [
  { kind: 'github-token', shape: String.raw`\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255})`, hints: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'] },
  { kind: 'gitlab-token', shape: String.raw`\bgl(?:pat|dt|rt|ptt|ft|imt|soat|cbt|ffct|agent|oas)-[A-Za-z0-9_.-]{20,300}`, hints: ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glft-', 'glimt-', 'glsoat-', 'glcbt-', 'glffct-', 'glagent-', 'gloas-'] },
  { kind: 'gitlab-runner-token', shape: String.raw`\bGR1348941[\w-]{20,40}`, hints: ['gr1348941'] },
  { kind: 'slack-token', shape: String.raw`\bxox(?:[abposre]|e\.xox[bp])-[A-Za-z0-9-]{10,250}`, hints: ['xox'] },
  { kind: 'slack-app-token', shape: String.raw`\bxapp-\d-[A-Z0-9]{6,}-\d{6,}-[a-z0-9]{20,}`, hints: ['xapp-'] },
  { kind: 'slack-webhook', shape: String.raw`hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{20,120}`, hints: ['hooks.slack.com/'] },
  { kind: 'discord-webhook', shape: String.raw`discord(?:app)?\.com/api/webhooks/\d{10,25}/[A-Za-z0-9_-]{40,100}`, hints: ['discord.com/api/webhooks/', 'discordapp.com/api/webhooks/'] },
  { kind: 'teams-webhook', shape: String.raw`\.webhook\.office\.com/webhookb2/[A-Za-z0-9@/_-]{60,300}`, hints: ['.webhook.office.com/webhookb2/'] },
  // Base64 of the user id (starting M, N or O), a timestamp part, then the HMAC part.
  {
    kind: 'discord-bot-token',
    shape: String.raw`\b[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}${END}`,
    hints: ['.'],
    // Its first part, 24 characters or more of [A-Za-z0-9_-], ends at a dot: most texts have dots, few after so long a token.
    gate: (hints) => hints.tokenBefore('.', 24),
  },
  // Bot id, a colon, then 35 characters starting with A: 123456789:AAE… (also inside api.telegram.org/bot…/).
  // (Its 6 to 12 digits are token characters before the colon.)
  { kind: 'telegram-bot-token', shape: String.raw`(?:(?<=\bbot)|\b)\d{6,12}:A[A-Za-z0-9_-]{34}${END}`, hints: [':a'], gate: (hints) => hints.tokenBefore(':', 6) },
  { kind: 'stripe-key', shape: String.raw`\b[rs]k_(?:live|test|prod)_[A-Za-z0-9]{10,99}`, hints: ['k_live_', 'k_test_', 'k_prod_'] },
  { kind: 'stripe-webhook-secret', shape: String.raw`\bwhsec_[A-Za-z0-9+/=]{16,}`, hints: ['whsec_'] },
  { kind: 'aws-access-key-id', shape: String.raw`\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b`, hints: ['akia', 'asia', 'abia', 'acca', 'a3t'] },
  { kind: 'google-api-key', shape: String.raw`\bAIza[A-Za-z0-9_-]{35}`, hints: ['aiza'] },
  { kind: 'google-oauth-token', shape: String.raw`\bya29\.[A-Za-z0-9_-]{30,}`, hints: ['ya29.'] },
  { kind: 'google-oauth-client-secret', shape: String.raw`\bGOCSPX-[A-Za-z0-9_-]{28}`, hints: ['gocspx-'] },
  { kind: 'npm-token', shape: String.raw`\bnpm_[A-Za-z0-9]{36}`, hints: ['npm_'] },
  { kind: 'pypi-token', shape: String.raw`\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000}`, hints: ['pypi-ageichlwas5vcmc'] },
  { kind: 'rubygems-token', shape: String.raw`\brubygems_[a-f0-9]{48}`, hints: ['rubygems_'] },
  { kind: 'nuget-key', shape: String.raw`\boy2[a-z0-9]{43}${END}`, hints: ['oy2'] },
  { kind: 'docker-hub-token', shape: String.raw`\bdckr_(?:pat|oat)_[A-Za-z0-9_-]{20,40}`, hints: ['dckr_'] },
  { kind: 'atlassian-api-token', shape: String.raw`\bAT[AC]TT[A-Za-z0-9_=+/-]{20,}`, hints: ['atatt', 'atctt'] },
  { kind: 'openai-api-key', shape: String.raw`\bsk-(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_-]{16,200}T3BlbkFJ[A-Za-z0-9_-]{16,200}|\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,200}`, hints: ['sk-'] },
  { kind: 'anthropic-api-key', shape: String.raw`\bsk-ant-(?:api|admin|sid|oat)\d\d-[A-Za-z0-9_-]{40,120}`, hints: ['sk-ant-'] },
  { kind: 'huggingface-token', shape: String.raw`\b(?:hf|api_org)_[A-Za-z]{34}${END}`, hints: ['hf_', 'api_org_'] },
  { kind: 'replicate-token', shape: String.raw`\br8_[A-Za-z0-9]{37}${END}`, hints: ['r8_'] },
  { kind: 'groq-api-key', shape: String.raw`\bgsk_[A-Za-z0-9]{48,56}${END}`, hints: ['gsk_'] },
  { kind: 'perplexity-api-key', shape: String.raw`\bpplx-[A-Za-z0-9]{48}${END}`, hints: ['pplx-'] },
  { kind: 'xai-api-key', shape: String.raw`\bxai-[A-Za-z0-9]{60,100}${END}`, hints: ['xai-'] },
  { kind: 'shopify-token', shape: String.raw`\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}`, hints: ['shpat_', 'shpca_', 'shppa_', 'shpss_'] },
  { kind: 'vault-token', shape: String.raw`\bhv[sbr]\.[A-Za-z0-9_-]{24,300}`, hints: ['hvs.', 'hvb.', 'hvr.'] },
  { kind: 'digitalocean-token', shape: String.raw`\bdo[opr]_v1_[a-f0-9]{64}`, hints: ['doo_v1_', 'dop_v1_', 'dor_v1_'] },
  { kind: 'grafana-token', shape: String.raw`\b(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,400}={0,3}|eyJrIjoi[A-Za-z0-9]{70,400}={0,3})`, hints: ['glsa_', 'glc_', 'eyjrijoi'] },
  { kind: 'new-relic-key', shape: String.raw`\bNR(?:AK|JS|II|AA)-[A-Za-z0-9-]{19,40}`, hints: ['nrak-', 'nrjs-', 'nrii-', 'nraa-'] },
  { kind: 'linear-api-key', shape: String.raw`\blin_(?:api|oauth)_[A-Za-z0-9]{40,64}`, hints: ['lin_api_', 'lin_oauth_'] },
  { kind: 'postman-api-key', shape: String.raw`\bPMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}`, hints: ['pmak-'] },
  { kind: 'sendgrid-api-key', shape: String.raw`\bSG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}`, hints: ['sg.'] },
  { kind: 'mailgun-key', shape: String.raw`\b(?:pub)?key-[a-f0-9]{32}${END}`, hints: ['key-'] },
  { kind: 'mailchimp-api-key', shape: String.raw`\b[a-f0-9]{32}-us\d{1,2}${END}`, hints: ['-us'] },
  { kind: 'brevo-api-key', shape: String.raw`\bxkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}`, hints: ['xkeysib-'] },
  { kind: 'twilio-api-key', shape: String.raw`\bSK[0-9a-f]{32}${END}`, hints: ['sk'] },
  { kind: 'square-token', shape: String.raw`\b(?:sq0atp-[A-Za-z0-9_-]{22,60}|sq0csp-[A-Za-z0-9_-]{40,50}|EAAA[A-Za-z0-9_-]{56,64}${END})`, hints: ['sq0atp-', 'sq0csp-', 'eaaa'] },
  { kind: 'facebook-access-token', shape: String.raw`\bEAA[BCDGIMU][A-Za-z0-9]{90,}`, hints: ['eaa'] },
  { kind: 'databricks-token', shape: String.raw`\bdapi[a-f0-9]{32}(?:-\d)?${END}`, hints: ['dapi'] },
  { kind: 'doppler-token', shape: String.raw`\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}`, hints: ['dp.'] },
  { kind: 'dynatrace-token', shape: String.raw`\bdt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}`, hints: ['dt0c01.'] },
  { kind: 'pulumi-token', shape: String.raw`\bpul-[a-f0-9]{40}${END}`, hints: ['pul-'] },
  { kind: 'sentry-token', shape: String.raw`\b(?:sntrys_eyJ[A-Za-z0-9+/=_]{60,400}|sntryu_[a-f0-9]{64})`, hints: ['sntrys_', 'sntryu_'] },
  { kind: 'terraform-token', shape: String.raw`\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}`, hints: ['.atlasv1.'] },
  { kind: 'planetscale-token', shape: String.raw`\bpscale_(?:tkn|pw|oauth)_[A-Za-z0-9_=.-]{32,64}`, hints: ['pscale_'] },
  { kind: 'heroku-api-key', shape: String.raw`\bHRKU-AA[A-Za-z0-9_-]{58}`, hints: ['hrku-'] },
  { kind: 'netlify-token', shape: String.raw`\bnf[pc]_[A-Za-z0-9]{36,40}${END}`, hints: ['nfp_', 'nfc_'] },
  { kind: 'supabase-token', shape: String.raw`\b(?:sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{20,60})`, hints: ['sbp_', 'sb_secret_'] },
  { kind: 'flyio-token', shape: String.raw`\b(?:fo1_[A-Za-z0-9_-]{43}|fm[12][ar]?_[A-Za-z0-9+/]{100,}={0,3})`, hints: ['fo1_', 'fm1', 'fm2_'] },
  { kind: 'tailscale-key', shape: String.raw`\btskey-(?:api|auth|client|scim|webhook)-[A-Za-z0-9]{6,}-[A-Za-z0-9]{20,}`, hints: ['tskey-'] },
  { kind: 'age-secret-key', shape: String.raw`\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}`, hints: ['age-secret-key-1'] },
  { kind: 'alibaba-access-key-id', shape: String.raw`\bLTAI[A-Za-z0-9]{20}${END}`, hints: ['ltai'] },
  { kind: 'azure-ad-client-secret', shape: String.raw`(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])`, hints: ['q~'] },
  { kind: 'cloudflare-origin-ca-key', shape: String.raw`\bv1\.0-[a-f0-9]{24}-[a-f0-9]{146}`, hints: ['v1.0-'] },
  { kind: 'contentful-token', shape: String.raw`\bCFPAT-[A-Za-z0-9_-]{43}`, hints: ['cfpat-'] },
  { kind: 'clojars-token', shape: String.raw`\bCLOJARS_[a-z0-9]{60}`, hints: ['clojars_'], caseless: true },
  { kind: 'easypost-token', shape: String.raw`\bEZ[AT]K[A-Za-z0-9]{54}\b`, hints: ['ezak', 'eztk'] },
  { kind: 'flutterwave-key', shape: String.raw`\bFLWSECK(?:_TEST)?-[a-h0-9]{12,32}(?:-X)?`, hints: ['flwseck'] },
  { kind: 'frameio-token', shape: String.raw`\bfio-u-[A-Za-z0-9_=-]{64}`, hints: ['fio-u-'] },
  { kind: 'prefect-token', shape: String.raw`\bpnu_[A-Za-z0-9]{36}${END}`, hints: ['pnu_'] },
  { kind: 'readme-token', shape: String.raw`\brdme_[a-z0-9]{70}`, hints: ['rdme_'] },
  { kind: 'scalingo-token', shape: String.raw`\btk-us-[A-Za-z0-9_-]{48}`, hints: ['tk-us-'] },
  { kind: 'shippo-token', shape: String.raw`\bshippo_(?:live|test)_[a-fA-F0-9]{40}`, hints: ['shippo_'] },
  { kind: 'duffel-token', shape: String.raw`\bduffel_(?:test|live)_[A-Za-z0-9_=-]{43}`, hints: ['duffel_'] },
  { kind: 'sourcegraph-token', shape: String.raw`\bsgp_(?:[a-fA-F0-9]{16}|local)_[a-fA-F0-9]{40}`, hints: ['sgp_'] },
  { kind: 'infracost-token', shape: String.raw`\bico-[A-Za-z0-9]{32}${END}`, hints: ['ico-'] },
  { kind: 'notion-token', shape: String.raw`\b(?:ntn_[A-Za-z0-9]{46}|secret_[A-Za-z0-9]{43})${END}`, hints: ['ntn_', 'secret_'] },
  { kind: 'figma-token', shape: String.raw`\bfig[dou]_[A-Za-z0-9_-]{40,}`, hints: ['figd_', 'figo_', 'figu_'] },
  { kind: 'openshift-token', shape: String.raw`\bsha256~[A-Za-z0-9_-]{43}`, hints: ['sha256~'] },
  { kind: 'artifactory-token', shape: String.raw`\b(?:AKCp[A-Za-z0-9]{69}|cmVmd[A-Za-z0-9]{59})\b`, hints: ['akcp', 'cmvmd'] },
  { kind: 'buildkite-token', shape: String.raw`\bbkua_[a-f0-9]{40}`, hints: ['bkua_'] },
  { kind: 'circleci-token', shape: String.raw`\bCCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}`, hints: ['ccipat_'] },
  { kind: 'onepassword-token', shape: String.raw`\bops_eyJ[A-Za-z0-9+/]{100,}={0,3}`, hints: ['ops_eyj'] },
  { kind: 'maxmind-license-key', shape: String.raw`\b[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk\b`, hints: ['_mmk'] },
  { kind: 'okta-api-token', shape: String.raw`\b00[A-Za-z0-9_-]{40}${END}`, hints: ['00'] },
];

/** Okta's `00` + 40 characters also fits ordinary ids: accepted only with a letter of each case in it. */
const okta = (s: string) => /[a-z]/.test(s) && /[A-Z]/.test(s) && /\d.*\d/.test(s.slice(2));
/** Discord's three base64url parts also fit dotted names: accepted only with mixed case and digits in the first. */
const discord = (s: string) => /\d/.test(s.split('.')[0]!) && /[a-z]/.test(s) && /[A-Z]/.test(s.slice(1));
/** A 32-hex SendGrid/Twilio look-alike must mix letters and digits, as random hex does. */
const mixedHex = (s: string) => /[a-f]/i.test(s.slice(2)) && /\d/.test(s.slice(2));

const ACCEPT: Readonly<Record<string, (s: string) => boolean>> = { 'okta-api-token': okta, 'discord-bot-token': discord, 'twilio-api-key': mixedHex };

/** The token formats as detectors. */
export const TOKEN_DETECTORS: readonly Detector[] = FORMATS.map((f) => ({
  kind: f.kind,
  pattern: new RegExp(f.shape, f.caseless ? 'gi' : 'g'),
  hints: f.hints,
  ...(ACCEPT[f.kind] ? { accept: ACCEPT[f.kind] } : {}),
  ...(f.gate ? { gate: f.gate } : {}),
}));
