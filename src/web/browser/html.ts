/**
 * HTML built from tagged templates: every interpolated value is escaped unless it is already
 * SafeHtml, so text from a paste, a rule or an article cannot become markup. Runs on the server
 * and in the browser (this folder holds no Node imports).
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for use in element content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Interpolates values escaped; arrays are joined; null, undefined and false render nothing. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Marks HTML as safe without escaping: only for output of the Markdown sanitizer. */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** An href that can only leave to http(s) or stay on this site: anything else becomes "#". */
export function safeHref(url: string): string {
  return /^(https?:\/\/|\/(?!\/))/i.test(url.trim()) ? url.trim() : '#';
}
