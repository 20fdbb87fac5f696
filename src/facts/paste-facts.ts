import { StrippedPaste } from './ansi-codes.js';
import { extractErrorCodes } from './error-codes.js';
import { hasFoldingHazard } from './folding-hazard.js';
import { DEFAULT_JSON_LIMITS, extractJsonFields, type JsonFields } from './json-fields.js';
import { normalizeText } from './normalize-text.js';
import { namedProducts } from './named-products.js';
import { extractProducts } from './products.js';
import { extractStatusCodes } from './status-codes.js';
import type { Found, LiteralScan, LiteralScanMaker, NormalizedText, PasteContext, RegexInput, Span } from './types.js';
import { extractHosts, extractUrls } from './urls-and-hosts.js';

/**
 * Every fact of one paste, each computed on first use and then kept: a rule that never asks
 * for JSON fields never pays for parsing them. The facts are read from `raw`, the paste without
 * its terminal escape sequences; their spans are `raw`'s, and `originalSpan` takes one back to
 * the paste as sent.
 */
export class PasteFacts {
  #normalized?: NormalizedText;
  #statuses?: Found<number>[];
  #statusSet?: Set<number>;
  #codes?: Found<string>[];
  #codeSet?: Set<string>;
  #urls?: Found<string>[];
  #hosts?: Found<string>[];
  #products?: Found<string>[];
  #namedProducts?: string[];
  #json?: JsonFields;
  #foldingHazard?: boolean;
  #regexInput?: RegexInput;
  #literalScans?: { scanner: LiteralScanMaker<LiteralScan>; scan: LiteralScan }[];

  constructor(
    readonly raw: string,
    readonly context: PasteContext = {},
    /** Depth to which JSON fields are read (the paste limit `maxJsonDepth`). */
    readonly maxJsonDepth = DEFAULT_JSON_LIMITS.maxDepth,
    /** The paste as sent, when `raw` is it with escape sequences stripped (see stripAnsiCodes). */
    readonly paste: StrippedPaste = new StrippedPaste(raw, raw),
  ) {}

  /** The facts of a paste as sent: escape sequences stripped first. */
  static ofPaste(paste: StrippedPaste, context: PasteContext = {}, maxJsonDepth = DEFAULT_JSON_LIMITS.maxDepth): PasteFacts {
    return new PasteFacts(paste.text, context, maxJsonDepth, paste);
  }

  /** The span of the paste as sent that shows `raw`'s [start, end). */
  originalSpan(start: number, end: number): Span {
    return this.paste.toOriginal(start, end);
  }

  get normalized(): NormalizedText {
    return (this.#normalized ??= normalizeText(this.raw));
  }
  get statuses(): Found<number>[] {
    // The normalized text settles which status patterns can match; the prefilter has made it already.
    return (this.#statuses ??= extractStatusCodes(this.raw, this.normalized.text));
  }
  get statusSet(): Set<number> {
    return (this.#statusSet ??= valueSet(this.statuses));
  }
  get codes(): Found<string>[] {
    // The normalized text settles the search for prefix-less codes; the prefilter has made it already.
    return (this.#codes ??= extractErrorCodes(this.raw, this.normalized.text));
  }
  get codeSet(): Set<string> {
    return (this.#codeSet ??= valueSet(this.codes));
  }
  get urls(): Found<string>[] {
    return (this.#urls ??= extractUrls(this.raw));
  }
  get hosts(): Found<string>[] {
    return (this.#hosts ??= extractHosts(this.raw, this.urls));
  }
  get products(): Found<string>[] {
    return (this.#products ??= extractProducts(this.raw, this.context));
  }
  /** Servers, platforms and services named that carry their own errors (see named-products.ts). */
  get namedProducts(): string[] {
    return (this.#namedProducts ??= namedProducts(this.raw));
  }
  get json(): JsonFields {
    // The limits spelt out, not spread from the defaults: an object spread costs more than reading a small paste's JSON.
    return (this.#json ??= extractJsonFields(this.raw, {
      maxObjects: DEFAULT_JSON_LIMITS.maxObjects,
      maxObjectLength: DEFAULT_JSON_LIMITS.maxObjectLength,
      maxDepth: this.maxJsonDepth,
    }));
  }
  /**
   * Whether the normalized text contains `literal`: what a literal scan of it already says (the
   * prefilter's looks for every literal of a rule's text tests), else a search of the text. On a long log
   * each search reads the whole text, and a 256 KiB log's candidate rules ask for hundreds of
   * literals, most of them absent: the scan has settled them all in one pass. The plain form is
   * `normalized.text.includes(literal)` (match/leaf-tests.ts textHolds; test/match/scanned-text-agrees.test.ts).
   */
  textIncludes(literal: string): boolean {
    const scans = this.#literalScans;
    if (scans) {
      for (let i = 0; i < scans.length; i++) {
        const held = scans[i]!.scan.holds(literal);
        if (held !== undefined) return held;
      }
    }
    return this.normalized.text.includes(literal);
  }

  /**
   * The scan of the normalized text by `scanner`, made on first use and kept: textIncludes reads it,
   * and a scanner asked again (a trial rule's prefilter beside the loaded one) does not scan again.
   */
  literalScan<S extends LiteralScan>(scanner: LiteralScanMaker<S>): S {
    const scans = (this.#literalScans ??= []);
    for (let i = 0; i < scans.length; i++) if (scans[i]!.scanner === scanner) return scans[i]!.scan as S;
    const scan = scanner.scan(this.normalized.text);
    scans.push({ scanner, scan });
    return scan;
  }

  /** The paste as input for rule regexes. */
  get regexInput(): RegexInput {
    return (this.#regexInput ??= { text: this.raw, normalized: this.normalized, hazard: this.foldingHazard });
  }
  /** Whether the paste holds characters on which native regexes and RE2 could disagree (see hasFoldingHazard). */
  get foldingHazard(): boolean {
    return (this.#foldingHazard ??= hasFoldingHazard(this.raw));
  }
}

/** The values found, as a set: a loop, not `new Set(found.map(...))`, which builds an array only to drop it. */
function valueSet<T>(found: readonly Found<T>[]): Set<T> {
  const values = new Set<T>();
  for (let i = 0; i < found.length; i++) values.add(found[i]!.value);
  return values;
}

/** The facts as plain data, for `--json` output and the API (match-paste.ts builds it, secrets redacted). */
export interface FactsSummary {
  length: number;
  status: number[];
  codes: string[];
  urls: string[];
  hosts: string[];
  products: string[];
  json_fields: string[];
}
