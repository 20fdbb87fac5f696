/** A date in any form a page or an export writes it ("2026-11-28T09:14:03Z", "Nov 28, 2026"), as YYYY-MM-DD; undefined when none. */
export function parseLooseDate(text: string | undefined | null): string | undefined {
  if (!text) return undefined;
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(text);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const parsed = Date.parse(text.replace(/\bat\b.*$/i, '').trim());
  if (Number.isNaN(parsed)) return undefined;
  const date = new Date(parsed);
  // Date.parse reads "Nov 28, 2026" as local midnight: take the local calendar day.
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
