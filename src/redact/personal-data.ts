import { isIPv4, isIPv6 } from 'node:net';
import type { Detector } from './detector.js';

/**
 * Personal data in a paste: e-mail addresses, phone numbers, payment card numbers, IP addresses
 * and national id numbers. Each candidate shape is checked before it is hidden (Luhn for cards,
 * mod 97 for IBANs, the issuing rules of social security numbers, node:net for IP addresses), so
 * version numbers, timestamps and ids of the same length stay.
 */

/** Mailboxes of services rather than people: `git@github.com` says which remote failed. */
const SERVICE_MAILBOX = /^(?:git|hg|svn|noreply|no-reply|donotreply|do-not-reply|mailer-daemon|postmaster|root|admin|support|info|abuse|security|www-data|nobody|ec2-user|ubuntu)$/i;

/** Whether the digits of `s` pass the Luhn check (payment cards). */
function luhnValid(s: string): boolean {
  const digits = s.replace(/\D/g, '');
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length >= 13 && sum % 10 === 0;
}

/** Issuer prefixes of the card networks (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro). */
const CARD_ISSUER = /^(?:4|5[1-5]|2[2-7]|3[47]|3[068]|35|6011|64[4-9]|65|62|50|5[6-8]|6[39])/;

/** Whether `s` is an IBAN whose check digits are right (ISO 13616: the number mod 97 is 1). */
function ibanValid(s: string): boolean {
  const compact = s.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const c of rearranged) {
    const value = c >= 'A' ? String(c.charCodeAt(0) - 55) : c;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/** US social security numbers as the SSA issues them: no area 000, 666 or 9xx, no group 00, no serial 0000. */
const ssnValid = (s: string) => !/^(?:000|666|9\d\d)-|-00-|-0000$/.test(s);

/** Not an IP address of a person or a host of theirs: loopback, unspecified, link-local documentation ranges stay. */
const NOT_PERSONAL_IP = /^(?:127\.|0\.0\.0\.0$|255\.255\.255\.255$)|^(?:::1?|::ffff:127\.[\d.]+)$/i;

/** An IPv4 address, not a longer dotted number (a version `1.2.3.4.5`, an OID). */
const ipv4 = (s: string, text: string, start: number) => isIPv4(s) && !NOT_PERSONAL_IP.test(s) && !/[\d.]$/.test(text.slice(Math.max(0, start - 1), start)) && !/^\.\d/.test(text.slice(start + s.length, start + s.length + 2));

/** An IPv6 address with enough of it to be one: `::` or eight groups, a digit, and not a time or a MAC address. */
const ipv6 = (s: string) => {
  const address = s.replace(/%\w+$/, '');
  if (!isIPv6(address) || NOT_PERSONAL_IP.test(address)) return false;
  const groups = address.split(':').filter(Boolean);
  return (address.includes('::') ? groups.length >= 2 : groups.length === 8) && /\d/.test(address) && groups.some((g) => g.length >= 3);
};

/** By character code (< 128): 1 for a character of an address's local part, `[A-Za-z0-9._%+-]`. */
const LOCAL_PART = Uint8Array.from({ length: 128 }, (_, c) => (/[A-Za-z0-9._%+-]/.test(String.fromCharCode(c)) ? 1 : 0));

/**
 * Where an e-mail address can start: where the run of local-part characters just before an `@`
 * starts, when it is 1 to 64 long. The pattern's look-behind refuses a start inside such a run
 * (each of its characters is one of `[\w.%+@/-]`), and the run holds no `@`, so a local part runs
 * from the run's start to the `@`. Tried at every offset, the pattern read up to 64 characters
 * ahead from each word's start and back again: 3.5 µs on a 280-character paste with an `@`.
 */
function emailStarts(text: string): number[] {
  const starts: number[] = [];
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && at - start <= 64 && LOCAL_PART[text.charCodeAt(start - 1)] === 1) start--;
    if (start < at && at - start <= 64) starts.push(start);
  }
  return starts;
}

/** Digits of a phone number: 8 to 15 (E.164), not a date or a time. */
const phone = (s: string) => {
  const digits = s.replace(/\D/g, '').length;
  return digits >= 8 && digits <= 15 && !/^\d{4}-\d{2}-\d{2}/.test(s);
};

/** The hint list of the phone-number gate: `+`, which starts an international number. */
const PLUS_SIGN: readonly string[] = ['+'];
/** The hint lists the gates here ask about, for the hint scan's index. */
export const PERSONAL_GATE_HINT_LISTS: readonly (readonly string[])[] = [PLUS_SIGN];

export const PERSONAL_DETECTORS: readonly Detector[] = [
  {
    kind: 'email',
    pattern: /(?<![\w.%+@/-]|(?<!mailto):)([A-Za-z0-9._%+-]{1,64})@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}\b(?![@.\w-])/dg,
    accept: (s) => !SERVICE_MAILBOX.test(s.slice(0, s.indexOf('@'))),
    hints: ['@'],
    startsAt: emailStarts,
    personal: true,
  },
  {
    kind: 'card-number',
    pattern: /(?<![\d.-])(?:\d[ -]?){12,18}\d(?![\d.-])/g,
    accept: (s) => CARD_ISSUER.test(s) && luhnValid(s) && (/^\d+$/.test(s) || /^(?:\d{4}[ -]){2,4}\d{1,4}$|^\d{4}[ -]\d{6}[ -]\d{4,5}$/.test(s)),
    minDigits: 13,
    personal: true,
  },
  { kind: 'iban', pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g, accept: ibanValid, minDigits: 2, personal: true },
  { kind: 'national-id', pattern: /(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])/g, accept: ssnValid, minDigits: 9, personal: true },
  // UK National Insurance number: two letters (not D, F, I, Q, U, V; second not O), six digits, A–D.
  { kind: 'national-id', pattern: /\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g, minDigits: 6, personal: true },
  {
    kind: 'phone-number',
    pattern: /(?<![\w+.-])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}|\(\d{3}\) ?\d{3}[ .-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4})(?![\w.-])/g,
    accept: phone,
    // `phone` takes 8 digits or more.
    minDigits: 8,
    // Only a number after `+` can have fewer than 10 digits (the two other forms have 10, in one
    // stretch of digits and ` .()-`): a log's ISO dates (8 digits in one stretch) do not run it.
    gate: (hints) => hints.digitRun >= 10 || hints.any(PLUS_SIGN),
    personal: true,
  },
  { kind: 'ip-address', pattern: /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w])/g, accept: ipv4, minDigits: 4, personal: true },
  {
    kind: 'ip-address',
    pattern: /(?<![\w:.])(?:[0-9A-Fa-f]{1,4}:){1,7}(?::|(?::[0-9A-Fa-f]{1,4}){1,7}|[0-9A-Fa-f]{1,4})(?:%\w+)?(?![\w:.])/g,
    accept: ipv6,
    hints: [':'],
    personal: true,
  },
];
