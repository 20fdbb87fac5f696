/** A half-open range [start, end) of UTF-16 offsets in the original paste. */
export interface Span {
  start: number;
  end: number;
}

/** A value found in the paste, with where it was found (no span for values from the request context). */
export interface Found<T> {
  value: T;
  span?: Span;
}

/** The paste lower-cased with whitespace runs folded to one space, and each character's offset in the original. */
export interface NormalizedText {
  text: string;
  /** The offset in the paste of the character at `at` of `text` (0 ≤ at < text.length). */
  offsetOf(at: number): number;
  /** Length of the original paste, to close the last span. */
  originalLength: number;
}

/**
 * What a literal scan of a paste's normalized text found (the prefilter makes one): whether the
 * text holds `literal`, or undefined for a literal the scan did not look for.
 */
export interface LiteralScan {
  holds(literal: string): boolean | undefined;
}

/** What makes a LiteralScan: the prefilter's literal scanner (compile/literal-scanner.ts). */
export interface LiteralScanMaker<S extends LiteralScan> {
  scan(text: string): S;
}

export interface PasteContext {
  product?: string;
}

/** A text to run regexes on, with what is known about it, so checks on it are computed once. */
export interface RegexInput {
  text: string;
  /** Lower-cased, whitespace-folded text with offsets back into `text` (the paste's normalized form). */
  normalized?: NormalizedText;
  /** Whether the text has folding hazards (see hasFoldingHazard). */
  hazard?: boolean;
}
