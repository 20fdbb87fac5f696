import { AREAS, LEVELS, OBJECTS, PRODUCTS, VERBS, createRandom, hex, type Random } from './vocabulary.js';

export interface Paste {
  /** Which family the paste belongs to: latencies are reported per family. */
  kind: string;
  text: string;
}

/** A log line of the kind that surrounds an error: mostly routine, sometimes a warning in the same words as real errors. */
function noiseLine(random: Random, index: number): string {
  const [productId, product, host] = random.pick(PRODUCTS);
  const area = random.pick(AREAS);
  const object = random.pick(OBJECTS);
  const verb = random.pick(VERBS);
  const time = new Date(Date.UTC(2026, 10, 28, 9, Math.floor(index / 60) % 60, index % 60, index % 1000)).toISOString();
  const level = random.pick(LEVELS);
  switch (random.int(6)) {
    case 0:
      return `${time} ${level} app=${productId} task=${verb}_${object} ${object}=${hex(random, 8)} status=200 took=${random.int(900)}ms`;
    case 1:
      return `${time} ${level} GET https://${host}/${area}/v2/${object}s?page=${random.int(20)} -> 200 OK (${random.int(5000)} bytes)`;
    case 2:
      return `${time} ${level} ${product} ${area}: ${verb} ${object} ${hex(random, 6)} completed`;
    case 3:
      return `${time} WARN retrying ${verb} ${object} after ${random.int(30)}s (attempt ${1 + random.int(3)} of 3)`;
    case 4:
      return `${time} DEBUG {"event":"${area}.${verb}","${object}":"${hex(random, 12)}","durationMs":${random.int(2000)}}`;
    default:
      return `${time} ${level} worker-${random.int(8)} ${area} queue depth=${random.int(100)} ${object}s=${random.int(10000)}`;
  }
}

/** Log lines around one error signature until the paste reaches `bytes`. */
export function logPaste(random: Random, signatures: readonly string[], bytes: number, errorsEvery = 0): string {
  const lines: string[] = [];
  let size = 0;
  const signatureAt = random.int(Math.max(1, Math.floor(bytes / 120)));
  let index = 0;
  while (size < bytes) {
    const isError = index === signatureAt || (errorsEvery > 0 && index % errorsEvery === errorsEvery - 1);
    const line = isError && signatures.length ? random.pick(signatures) : noiseLine(random, index);
    lines.push(line);
    size += line.length + 1;
    index++;
  }
  let text = lines.join('\n');
  while (Buffer.byteLength(text) > bytes) text = text.slice(0, text.lastIndexOf('\n'));
  return text;
}

/**
 * The pastes measured against a knowledge base: the bundled rules' own examples (short, as people
 * paste them) in two families — the `match` examples, which a bundled rule answers, and the
 * `no_match` look-alikes, which most often no specific rule answers and so pay for the similarity
 * stage (issue #16 asks for that figure apart) — 2 KiB log excerpts around one error, and one
 * 256 KiB log with thousands of lines and an error every few hundred lines.
 */
export function buildPastes(signatures: readonly string[], bundled: { match: readonly string[]; noMatch: readonly string[] }, seed = 7): { matchExamples: Paste[]; noMatchExamples: Paste[]; log2k: Paste[]; log256k: Paste } {
  const random = createRandom(seed);
  const matchExamples = bundled.match.map((text) => ({ kind: 'match example', text }));
  const noMatchExamples = bundled.noMatch.map((text) => ({ kind: 'no_match example', text }));
  const log2k = Array.from({ length: 20 }, () => ({ kind: '2 KiB log', text: logPaste(random, signatures, 2048) }));
  const log256k = { kind: '256 KiB log', text: logPaste(random, signatures, 256 * 1024 - 64, 400) };
  return { matchExamples, noMatchExamples, log2k, log256k };
}

