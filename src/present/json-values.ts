/**
 * Values as JSON text, written as fastify's serializer (fast-json-stringify) writes them for the
 * types our response schemas declare, so an answer serialized by hand has the same bytes.
 */

/** What JSON.stringify escapes in a string: control characters, quote, backslash, and surrogates when lone. */
const NEEDS_ESCAPING = /[\u0000-\u001f"\\\ud800-\udfff]/;

/**
 * A string as JSON, exactly as JSON.stringify writes it. A string with nothing to escape is only
 * quoted: on short strings, most of what an answer holds, testing costs half a call to JSON.stringify.
 */
export function jsonString(value: string): string {
  return NEEDS_ESCAPING.test(value) ? JSON.stringify(value) : '"' + value + '"';
}

/** A list of strings or of integers as JSON. */
export function jsonScalarList(values: readonly string[] | readonly number[]): string {
  // Empty lists are most of a paste's facts.
  return values.length === 0 ? '[]' : JSON.stringify(values);
}

/** A `number`: infinities become null as fastify writes them; so does NaN, where fastify would throw. */
export function jsonNumber(value: number): string {
  if (!Number.isFinite(value)) return 'null';
  // Scores and timings are rounded to hundredths. Such a number is written from its integer count
  // of hundredths: converting a fraction to its shortest decimal costs several times as much.
  const hundredths = Math.round(value * 100);
  if (hundredths / 100 === value && hundredths > -1e9 && hundredths < 1e9) return hundredthsJson(hundredths);
  return String(value);
}

/** `n / 100` as its shortest decimal, as String() writes it (within ±10^7, where no exponent is used). */
function hundredthsJson(n: number): string {
  const negative = n < 0;
  const magnitude = negative ? -n : n;
  const whole = Math.floor(magnitude / 100);
  const fraction = magnitude - whole * 100;
  const sign = negative ? '-' : '';
  if (fraction === 0) return sign + String(whole);
  // Two digits, without a trailing zero: .5, not .50.
  const digits = fraction % 10 === 0 ? String(fraction / 10) : fraction < 10 ? '0' + String(fraction) : String(fraction);
  return sign + String(whole) + '.' + digits;
}

/** An `integer`: a fraction is truncated, as fastify does. */
export function jsonInteger(value: number): string {
  return Number.isInteger(value) ? String(value) : jsonNumber(Math.trunc(value));
}

/** A list as JSON, each item written by `write`. */
export function jsonList<T>(items: readonly T[], write: (item: T) => string): string {
  let json = '[';
  for (let i = 0; i < items.length; i++) json += (i === 0 ? '' : ',') + write(items[i]!);
  return json + ']';
}
