/**
 * FROZEN PRE-OPTIMIZATION REFERENCE — not imported from src/; edited only to change behaviour on purpose.
 *
 * A verbatim copy of src/facts/json-fields.ts at commit 17c1fd3, before it was made cheaper,
 * exported under a reference* name. test/facts/json-fields-agree.test.ts holds the optimized
 * extractJsonFields to exactly its results: the same paths, values and order. A change meant to
 * alter what is found changes this copy in the same commit, so the difference is reviewed as the
 * behaviour change it is.
 */
/** Values of JSON fields in the paste by dotted path (array items share their array's path). */
type JsonFields = Map<string, unknown[]>;

interface JsonLimits {
  /** Objects parsed at most. */
  maxObjects: number;
  /** Characters one object may span. */
  maxObjectLength: number;
  /** Nesting depth flattened. */
  maxDepth: number;
}

const DEFAULT_JSON_LIMITS: JsonLimits = { maxObjects: 20, maxObjectLength: 64 * 1024, maxDepth: 16 };

/** Finds JSON objects embedded in the paste (a log line's body, an SDK's dump) and flattens their fields. */
export function referenceExtractJsonFields(raw: string, limits: JsonLimits = DEFAULT_JSON_LIMITS): JsonFields {
  const fields: JsonFields = new Map();
  let attempts = 0;
  let parsed = 0;
  let from = 0;
  while (parsed < limits.maxObjects && attempts < limits.maxObjects * 3) {
    const open = raw.indexOf('{', from);
    if (open === -1) break;
    attempts++;
    const close = findClosingBrace(raw, open, limits.maxObjectLength);
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
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      flatten(child, path ? `${path}.${key}` : key, into, depth + 1, maxDepth);
    }
    return;
  }
  if (!path) return;
  const list = into.get(path);
  if (list) list.push(value);
  else into.set(path, [value]);
}
