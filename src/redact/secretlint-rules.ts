import { rules as recommendedRules } from '@secretlint/secretlint-rule-preset-recommend';
import type { SecretSpan } from './detector.js';
import { mergedRanges } from '../util/merged-ranges.js';
import type { TextHints } from './hint-scan.js';

/**
 * secretlint's recommended rule preset, run synchronously over a paste. The rules are the
 * maintained detector corpus (AWS, GCP, GitHub, Slack, npm, SendGrid, Shopify, OpenAI, Anthropic,
 * Linear, 1Password, private keys…); secretlint's own runner is asynchronous and file-oriented, so
 * this hosts each rule with the few context methods the rules call and collects what they report.
 * A rule file is not asked for PKCS#12 binaries (the paste is text).
 *
 * Left out on purpose:
 * - filter-comments: it obeys `secretlint-disable` comments, and a paste must not be able to turn
 *   redaction off;
 * - basicauth and database-connection-string: they report a whole URL, host included, where the
 *   URL detector (paste-detectors.ts) hides just the password, after percent-decoding, so the host
 *   stays for diagnosis.
 */
const LEFT_OUT = new Set(['@secretlint/secretlint-rule-filter-comments', '@secretlint/secretlint-rule-basicauth', '@secretlint/secretlint-rule-database-connection-string']);

interface Report {
  message: { id?: string } | string;
  range: readonly [number, number];
}

interface RuleHandler {
  file?: (source: { content: string; filePath: string; ext: string; contentType: 'text' }) => unknown;
}

interface RuleCreator {
  meta: { id: string };
  create: (context: unknown, options: Record<string, unknown>) => RuleHandler;
}

const RULES = (recommendedRules as unknown as RuleCreator[]).filter((rule) => !LEFT_OUT.has(rule.meta.id));

/** Options given to a rule: the AWS rule looks for access key ids only when asked. */
const RULE_OPTIONS: Readonly<Record<string, Record<string, unknown>>> = { '@secretlint/secretlint-rule-aws': { enableIDScanRule: true } };

/**
 * Lower-case fragments of which a text holds one whenever the rule can report (read from each
 * rule's patterns): a rule none of whose fragments occur is not run, since most pastes hold no
 * secret and running all rules costs more than matching a short paste. A rule not listed always
 * runs; the test beside the redaction report checks that the hints lose nothing.
 */
const SECRETLINT_HINTS: Readonly<Record<string, readonly string[]>> = {
  // Access key ids by prefix; a secret access key after `secret`, `_`?, `access` (its name in any
  // of the three cases the rule takes); an account id after `account`.
  '@secretlint/secretlint-rule-aws': ['a3t', 'akia', 'agpa', 'aida', 'aroa', 'aipa', 'anpa', 'anva', 'asia', 'secretaccess', 'secret_access', 'account'],
  '@secretlint/secretlint-rule-gcp': ['-----begin'],
  '@secretlint/secretlint-rule-privatekey': ['-----begin'],
  '@secretlint/secretlint-rule-npm': ['npm_', '_authtoken', 'x-oauth-basic'],
  '@secretlint/secretlint-rule-slack': ['xox', 'xapp', 'hooks.slack.com'],
  '@secretlint/secretlint-rule-sendgrid': ['sg.'],
  '@secretlint/secretlint-rule-shopify': ['shp'],
  '@secretlint/secretlint-rule-github': ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_', 'x-oauth-basic'],
  '@secretlint/secretlint-rule-openai': ['t3blbkfj', 'sk-'],
  '@secretlint/secretlint-rule-anthropic': ['sk-ant-'],
  '@secretlint/secretlint-rule-linear': ['lin_api_'],
  '@secretlint/secretlint-rule-1password': ['ops_'],
};

const AWS = '@secretlint/secretlint-rule-aws';
/** The AWS hints but `account`: error messages often say "account", and an account id needs its value besides. */
const AWS_KEY_HINTS = SECRETLINT_HINTS[AWS]!.filter((hint) => hint !== 'account');
/**
 * What every match of the rule's account-id pattern holds, lower-cased (its optional parts left
 * out): the rule is run for an account id only where the text has it. Each call of the rule builds
 * its patterns anew (about 7 µs), and a paste that says "account: …" in prose is common.
 */
const ACCOUNT_ID = /account_?(?:id)?["']?\s*(?::|=>|=)\s*["']?\d{4}-?\d{4}-?\d{4}/;
/** ACCOUNT_ID, tried at one offset. */
const ACCOUNT_ID_AT = new RegExp(ACCOUNT_ID.source, 'y');
/**
 * Whether an account id's match (ACCOUNT_ID) starts at `at` in `lower`. Where the text holds no
 * AWS key hint, the rule can report only account ids, each from an `account` that starts such a
 * match: only their windows are searched (a log that says `account=…` on many lines and holds one
 * account id ran the rule on every one of those lines).
 */
const accountIdAt = (lower: string, at: number) => {
  ACCOUNT_ID_AT.lastIndex = at;
  return ACCOUNT_ID_AT.test(lower);
};
/** The account id's name: a text holding it runs the rule only if it holds ACCOUNT_ID too. */
const AWS_ACCOUNT_HINTS: readonly string[] = ['account'];

/**
 * Every rule's hints together: a text holding none runs no rule, so findSecrets skips
 * findWithSecretlint. Undefined (always run) should a rule without hints join the preset.
 */
export const SECRETLINT_ANY_HINTS: readonly string[] | undefined = RULES.every((rule) => SECRETLINT_HINTS[rule.meta.id])
  ? [...new Set(Object.values(SECRETLINT_HINTS).flat())]
  : undefined;

/** Every rule's hint list, for the one hint scan that findSecrets shares among its detectors. */
export const SECRETLINT_HINT_LISTS: readonly (readonly string[])[] = [...Object.values(SECRETLINT_HINTS), AWS_KEY_HINTS, AWS_ACCOUNT_HINTS, ...(SECRETLINT_ANY_HINTS ? [SECRETLINT_ANY_HINTS] : [])];

/**
 * Rules run only on the stretches of text around their hints, not on the whole paste. The AWS
 * rule's account-id pattern has no literal prefix (every part before `account` is optional), so
 * V8 tries it at every position: over half the time of matching a 256 KiB log went there. Every
 * match of the AWS patterns holds a hint and starts on the hint's line at most a few characters
 * before it (`"AWS_`), and after the hint come name characters, blank space (newlines too), `:`,
 * `=>` or `=`, blank space, and a value of at most 40 characters with its quotes: `hintWindows`
 * covers that and more. The reference is `findWithSecretlint(text, true)`, which runs every rule
 * on the whole text; the redaction tests hold the two equal.
 */
const WINDOWED = new Set(['@secretlint/secretlint-rule-aws']);

/**
 * The stretches of `lower` (lower-cased text) a windowed rule is run on: from the start of a
 * hint's line to past its value's end, then to the end of that line; overlapping ones merged.
 * Only the hints where `holds` says a match can start, when given.
 */
function hintWindows(lower: string, hints: readonly string[], holds?: (lower: string, at: number) => boolean): [number, number][] {
  const windows: [number, number][] = [];
  for (const hint of hints) {
    for (let at = lower.indexOf(hint); at !== -1; at = lower.indexOf(hint, at + 1)) {
      if (holds && !holds(lower, at)) continue;
      const start = lower.lastIndexOf('\n', at) + 1;
      let end = at + hint.length;
      while (end < lower.length && /[\w"']/.test(lower[end]!)) end++;
      while (end < lower.length && /\s/.test(lower[end]!)) end++;
      while (end < lower.length && /[:=>]/.test(lower[end]!)) end++;
      while (end < lower.length && /\s/.test(lower[end]!)) end++;
      end = lower.indexOf('\n', Math.min(end + 64, lower.length));
      windows.push([start, end === -1 ? lower.length : end]);
    }
  }
  return mergedRanges(windows);
}

/** What findWithSecretlint asks of a text's hints (hint-scan.ts). */
type RuleHints = Pick<TextHints, 'any'>;

/** The hints `lower` holds, looked up one by one (hint-scan.ts's reference). */
const plainHints = (lower: string): RuleHints => ({ any: (hints) => hints.some((hint) => lower.includes(hint)) });

/** `AWSSecretAccessKey` → `aws-secret-access-key`; `SLACK_TOKEN` → `slack-token`. */
function kindOfMessage(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
}

/**
 * A reported range that starts with the secret's name (or with key armour) (`aws_secret_access_key = …`) narrowed to
 * the value: the name stays visible, and the value detectors hide the rest of it.
 */
function narrowed(text: string, start: number, end: number): readonly [number, number] {
  // A private key reported armour and all: the armour lines stay, as the private-key scanner leaves them.
  const armour = /^-----BEGIN[^\n]*-----\s*/i.exec(text.slice(start, end));
  if (armour) {
    const footer = text.slice(start, end).search(/\s*-----END/i);
    return [start + armour[0].length, footer > armour[0].length ? start + footer : end];
  }
  const assignment = /^[\w.-]+["']?[ \t]*[:=][ \t]*["']?/.exec(text.slice(start, end));
  return assignment && start + assignment[0].length < end ? [start + assignment[0].length, end] : [start, end];
}

/**
 * What secretlint's recommended rules find in `text`; `everyRule` runs them without their hints.
 * `lower` is the text lower-cased and `present` the hints it holds, when the caller has them.
 */
export function findWithSecretlint(text: string, everyRule = false, lower = text.toLowerCase(), present: RuleHints = plainHints(lower)): SecretSpan[] {
  const found: SecretSpan[] = [];
  for (const rule of RULES) {
    const hints = SECRETLINT_HINTS[rule.meta.id];
    if (!everyRule && hints && !present.any(hints)) continue;
    if (!everyRule && rule.meta.id === AWS && !present.any(AWS_KEY_HINTS) && (!present.any(AWS_ACCOUNT_HINTS) || !ACCOUNT_ID.test(lower))) continue;
    // Where the rule is run: the whole text, or the stretches around its hints (see WINDOWED).
    // (Lower-casing can change the length of some non-ASCII texts: their offsets would not carry over.)
    const windowed = !everyRule && hints && WINDOWED.has(rule.meta.id) && lower.length === text.length;
    const accountOnly = rule.meta.id === AWS && !present.any(AWS_KEY_HINTS);
    const windows: [number, number][] = windowed ? hintWindows(lower, hints, accountOnly ? accountIdAt : undefined) : [[0, text.length]];
    let offset = 0;
    const context = {
      createTranslator: () => (id: string) => ({ id }),
      report: (report: Report) => {
        const id = typeof report.message === 'string' ? rule.meta.id : (report.message.id ?? rule.meta.id);
        const [start, end] = narrowed(text, offset + report.range[0], offset + report.range[1]);
        if (end > start) found.push({ start, end, kind: kindOfMessage(id.replace(/^@secretlint\/secretlint-rule-/, '')) });
      },
      ignore: () => {},
    };
    const handler = rule.create(context, RULE_OPTIONS[rule.meta.id] ?? {});
    for (const [start, end] of windows) {
      offset = start;
      const content = start === 0 && end === text.length ? text : text.slice(start, end);
      // The rules' file handlers are synchronous for text; a promise (PKCS#12 files only) is not awaited.
      const pending = handler.file?.({ content, filePath: 'paste.txt', ext: '.txt', contentType: 'text' });
      if (pending instanceof Promise) pending.catch(() => {});
    }
  }
  return found;
}
