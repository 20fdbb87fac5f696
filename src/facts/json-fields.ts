/** Values of JSON fields in the paste by dotted path (array items share their array's path). */
export type JsonFields = Map<string, unknown[]>;

export interface JsonLimits {
  /** Objects parsed at most. */
  maxObjects: number;
  /** Characters one object may span. */
  maxObjectLength: number;
  /** Nesting depth flattened. */
  maxDepth: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxObjects: 20, maxObjectLength: 64 * 1024, maxDepth: 16 };

/** Finds JSON objects embedded in the paste (a log line's body, an SDK's dump) and flattens their fields. */
export function extractJsonFields(raw: string, limits: JsonLimits = DEFAULT_JSON_LIMITS): JsonFields {
  const fields: JsonFields = new Map();
  let attempts = 0;
  let parsed = 0;
  let from = 0;
  while (parsed < limits.maxObjects && attempts < limits.maxObjects * 3) {
    const open = raw.indexOf('{', from);
    if (open === -1) break;
    attempts++;
    const close = canStartObject(raw, open, limits.maxObjectLength) ? findClosingBrace(raw, open, limits.maxObjectLength) : -1;
    if (close === -1) {
      from = open + 1;
      continue;
    }
    try {
      const value: unknown = JSON.parse(raw.slice(open, close + 1));
      flatten(value, '', fields, 0, limits.maxDepth);
      parsed++;
      from = close + 1;
    } catch {
      from = open + 1;
    }
  }
  return fields;
}

/**
 * Whether the `{` at `open` can start a JSON object: after JSON whitespace comes a key's `"` or
 * the closing `}`. A `{` that cannot is skipped without JSON.parse, whose thrown SyntaxError costs
 * more than the rest of extracting the fields (JavaScript object dumps, `{owner}` placeholders).
 */
function canStartObject(text: string, open: number, maxLength: number): boolean {
  const end = Math.min(text.length, open + maxLength);
  for (let i = open + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) continue;
    return c === 34 /* " */ || c === 125 /* } */;
  }
  return false;
}

function findClosingBrace(text: string, open: number, maxLength: number): number {
  let depth = 0;
  let inString = false;
  const end = Math.min(text.length, open + maxLength);
  for (let i = open; i < end; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) depth++;
    else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      if (depth === 0) return c === 125 ? i : -1;
    }
  }
  return -1;
}

function flatten(value: unknown, path: string, into: JsonFields, depth: number, maxDepth: number): void {
  if (depth > maxDepth) return;
  if (Array.isArray(value)) {
    for (const item of value) flatten(item, path, into, depth + 1, maxDepth);
    return;
  }
  if (value !== null && typeof value === 'object') {
    // Object.keys, not Object.entries: the same order without an array per field.
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object);
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      flatten(object[key], path ? `${path}.${key}` : key, into, depth + 1, maxDepth);
    }
    return;
  }
  if (!path) return;
  const list = into.get(path);
  if (list) list.push(value);
  else into.set(path, [value]);
}
