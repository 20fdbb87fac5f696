import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AREAS, OBJECTS, PRODUCTS, REASONS, STATES, VERBS, codeOf, createRandom, hex, type Random } from './vocabulary.js';

/** Bump when the shape of generated rules changes, so cached knowledge bases are rebuilt. */
const GENERATOR_VERSION = 3;
/** One article per this many rules; the other rules answer with inline steps. */
const RULES_PER_ARTICLE = 50;

export interface SyntheticKb {
  dir: string;
  rules: number;
  /** One line per rule that the rule matches: the raw material of realistic pastes. */
  signatures: string[];
}

interface GeneratedRule {
  id: string;
  area: string;
  when: string;
  signature: string;
}

/**
 * Writes a knowledge base of `count` rules shaped like hand-written ones into a temporary folder
 * (rules/<area>/<id>.yaml, articles/<id>.md), so the bench exercises the real loader. Cached by
 * size, seed and generator version.
 */
export function generateKnowledgeBase(count: number, seed = 42): SyntheticKb {
  const dir = join(tmpdir(), `kb-bench-v${GENERATOR_VERSION}-${count}-${seed}`);
  const signaturesFile = join(dir, 'signatures.json');
  if (existsSync(signaturesFile)) return { dir, rules: count, signatures: JSON.parse(readFileSync(signaturesFile, 'utf8')) as string[] };
  rmSync(dir, { recursive: true, force: true });
  for (const area of AREAS) mkdirSync(join(dir, 'rules', area), { recursive: true });
  mkdirSync(join(dir, 'articles'), { recursive: true });

  const random = createRandom(seed);
  const signatures: string[] = [];
  for (let i = 0; i < count; i++) {
    const rule = generateRule(random, i);
    const article = i % RULES_PER_ARTICLE === 0 ? `article-${rule.id}` : undefined;
    writeFileSync(join(dir, 'rules', rule.area, `${rule.id}.yaml`), ruleYaml(rule, article, random));
    if (article) writeFileSync(join(dir, 'articles', `${article}.md`), articleMarkdown(article, rule));
    signatures.push(rule.signature);
  }
  writeFileSync(signaturesFile, JSON.stringify(signatures));
  return { dir, rules: count, signatures };
}

const q = (s: string) => JSON.stringify(s);
const rx = (s: string) => `'${s.replace(/'/g, "''")}'`;
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A distinctive message, as a product or a library would word it. */
function messageOf(random: Random, product: string, area: string, verb: string, object: string, state: string): string {
  switch (random.int(5)) {
    case 0:
      return `${product} ${area} ${object} ${state}`;
    case 1:
      return `failed to ${verb} ${object} in ${product}`;
    case 2:
      return `${product} rejected the ${object}: ${object} ${state}`;
    case 3:
      return `could not ${verb} ${object} (${area} ${object} ${state})`;
    default:
      return `${object} ${state} while calling ${product} ${area} api`;
  }
}

function generateRule(random: Random, index: number): GeneratedRule {
  const [productId, product, host] = random.pick(PRODUCTS);
  const area = random.pick(AREAS);
  const object = random.pick(OBJECTS);
  const state = random.pick(STATES);
  const verb = random.pick(VERBS);
  const [reason, status] = random.pick(REASONS);
  const other = random.pick(STATES.filter((s) => s !== state));
  const message = messageOf(random, product, area, verb, object, state);
  const code = codeOf(object, state);
  const id = `${productId}-${area}-${object}-${index}`;
  const path = `/${area}/v2/${object}s/`;
  const shape = random.int(100);

  if (shape < 35) {
    // Like the hand-written Atlassian SCIM rule: message or endpoint, reason or status, and a look-alike excluded.
    return {
      id,
      area,
      when: [
        'all:',
        '  - any:',
        `      - ${q(message)}`,
        `      - regex: ${rx(`${escapeRegex(host)}${escapeRegex(path)}[a-z0-9-]+`)}`,
        '  - any:',
        `      - ${q(reason)}`,
        `      - status: ${status}`,
        `  - not: ${q(`${object} ${other}`)}`,
      ].join('\n'),
      signature: `POST https://${host}${path}${hex(random, 8)} failed: HTTP ${status} ${reason}: ${message}`,
    };
  }
  if (shape < 60) {
    // An error code plus wording; codes repeat across products (USER_ALREADY_EXISTS), wording narrows.
    return {
      id,
      area,
      when: ['all:', `  - code: ${code}`, '  - any:', `      - ${q(`${verb} ${object}`)}`, `      - ${q(product)}`, `      - ${q(`${area} ${object}`)}`].join('\n'),
      signature: `${product} ${area}: cannot ${verb} ${object} ${hex(random, 6)}: ${code} (${object} ${state})`,
    };
  }
  if (shape < 75) {
    // A generic look-alike: common wording and statuses, told apart by the product.
    const second = random.pick(REASONS)[1];
    return {
      id,
      area,
      when: ['all:', `  - ${q(`${object} ${state}`)}`, `  - status: [${status}, ${second}]`, '  - any:', `      - product: ${productId}`, `      - ${q(host)}`].join('\n'),
      signature: `request to https://${host}/${area} returned ${status}: ${object} ${state}`,
    };
  }
  if (shape < 85) {
    // Either an exact message, or weaker wording together with the code.
    return {
      id,
      area,
      when: ['any:', `  - ${q(message)}`, '  - all:', `      - ${q(`${object} ${state}`)}`, `      - code: ${code}`].join('\n'),
      signature: `${new Date(Date.UTC(2026, 10, 28, 9, 14, index % 60)).toISOString()} ERROR ${message}`,
    };
  }
  if (shape < 95) {
    // A regex does the work; the prefilter must find its literal part.
    return {
      id,
      area,
      when: ['all:', `  - regex: ${rx(`${escapeRegex(product)} ${area} job [0-9]+: ${escapeRegex(object)} [a-z0-9._-]+ ${escapeRegex(state)}`)}`, `  - ${q(verb)}`].join('\n'),
      signature: `${product} ${area} job ${1000 + (index % 9000)}: ${object} jdoe.${hex(random, 4)} ${state} (${verb} skipped)`,
    };
  }
  // A JSON error body.
  return {
    id,
    area,
    when: ['all:', `  - json: { path: error.code, equals: ${q(code)} }`, `  - ${q(`${object} ${state}`)}`].join('\n'),
    signature: `{"error":{"code":${q(code)},"message":${q(`The ${object} ${state}.`)},"product":${q(productId)}}}`,
  };
}

function ruleYaml(rule: GeneratedRule, article: string | undefined, random: Random): string {
  const lines = [`id: ${rule.id}`, `title: ${q(`Synthetic rule ${rule.id}`)}`];
  if (article) lines.push(`article: ${article}`);
  if (random.chance(0.2)) lines.push(`priority: ${random.int(21) - 10}`);
  lines.push('when:', ...rule.when.split('\n').map((l) => `  ${l}`));
  if (!article) lines.push(`cause: ${q(`The ${rule.area} integration reported this error.`)}`, 'steps:', `  - ${q('Open the integration settings and check the credentials.')}`, `  - ${q('Retry the failed task.')}`);
  lines.push('examples:', '  match:', `    - ${q(rule.signature)}`);
  return `${lines.join('\n')}\n`;
}

function articleMarkdown(id: string, rule: GeneratedRule): string {
  return [
    '---',
    `id: ${id}`,
    `title: ${q(`Synthetic article for ${rule.id}`)}`,
    `summary: ${q(`The ${rule.area} integration fails with: ${rule.signature.slice(0, 80)}`)}`,
    `cause: ${q('A credential or a setting on one side of the integration is wrong.')}`,
    'steps:',
    `  - text: ${q('Open the integration settings.')}`,
    `  - text: ${q('Replace the credential and retry.')}`,
    '---',
    '',
    'Body of a synthetic article.',
    '',
  ].join('\n');
}
