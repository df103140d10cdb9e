/**
 * Duplicate keys in one JSON object (`{"model": "a", "model": "b"}`): JSON.parse keeps the last silently, so a
 * record would be booked with a value its writer may not have meant. The check is cheap enough for every line of a
 * JSONL file (about +12 % over JSON.parse alone on the sample month): the key ends in the text are counted (indexOf
 * of `":`, no allocation) against the keys JSON.parse kept; only a line where the two differ (a duplicate, or `\"`
 * followed by `:` inside a string) is scanned exactly.
 *
 * Why the count is sound: every key in the text ends with a quote followed by optional whitespace and a colon, so the
 * matches of /"\s*:/ are at least the keys written; the keys written are at least the keys parsed, equal exactly when
 * no object repeats a key. Equal counts therefore prove there is no duplicate.
 */

const KEY_END = /"\s*:/g;
const SPACED_KEY_END = /"\s+:/;

/** A record whose JSON gives one key twice: which value was meant is unknowable, so the record is refused whole. */
export const duplicateKeyReason = (path: string): string =>
  `${path.length > 120 ? `…${path.slice(-120)}` : path}: duplicate JSON key (given twice in one object; which value was meant is unknown): write it once`;

/** Deeper than this, keys are not counted (recursion) and the text is scanned exactly instead (a loop). */
const MAX_COUNT_DEPTH = 64;

/** Keys JSON.parse kept, in every object of `v`; -1 when nested deeper than MAX_COUNT_DEPTH. */
function keptKeys(v: object, depth: number): number {
  if (depth > MAX_COUNT_DEPTH) return -1;
  let n = 0;
  if (Array.isArray(v)) {
    for (const x of v) {
      if (typeof x !== 'object' || x === null) continue;
      const m = keptKeys(x, depth + 1);
      if (m < 0) return -1;
      n += m;
    }
    return n;
  }
  for (const k in v) {
    n++;
    const x = (v as Record<string, unknown>)[k];
    if (typeof x !== 'object' || x === null) continue;
    const m = keptKeys(x, depth + 1);
    if (m < 0) return -1;
    n += m;
  }
  return n;
}

/**
 * The first key written twice in one object of the JSON text `text` (already parsed as `value`), as a dotted path
 * (`tags.team`), or undefined when there is none.
 */
export function duplicateJsonKey(text: string, value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const kept = keptKeys(value, 0);
  if (kept >= 0 && keyEnds(text) === kept) return undefined;
  return scanForDuplicate(text);
}

/**
 * The number of /"\s*:/ matches in `text`. Most lines have no escaped quote and no space before a colon: then the
 * matches are exactly the `":` pairs, counted with indexOf (no allocation); otherwise with the regex.
 */
function keyEnds(text: string): number {
  if (!text.includes('\\"') && !SPACED_KEY_END.test(text)) {
    let n = 0;
    for (let i = text.indexOf('":'); i >= 0; i = text.indexOf('":', i + 2)) n++;
    return n;
  }
  KEY_END.lastIndex = 0;
  let n = 0;
  while (KEY_END.exec(text) !== null) n++;
  return n;
}

/** Exact scan of valid JSON text: a Set of keys per open object; returns the first repeated key's path. */
function scanForDuplicate(text: string): string | undefined {
  // One frame per open object or array: the keys seen so far (objects) and the key the frame sits under.
  const frames: { keys: Set<string> | undefined; under: string }[] = [];
  let pendingKey = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const start = i;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
      const top = frames[frames.length - 1];
      if (top?.keys === undefined) continue;
      let j = i + 1;
      while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j++;
      if (text[j] !== ':') continue; // a string value, not a key
      const key = JSON.parse(text.slice(start, i + 1)) as string;
      if (top.keys.has(key)) return [...frames.map((f) => f.under).filter((u) => u !== ''), key].join('.');
      top.keys.add(key);
      pendingKey = key;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      // Under the key just read when the parent is an object; an array's elements add nothing to the path.
      const under = frames[frames.length - 1]?.keys !== undefined ? pendingKey : '';
      frames.push({ keys: c === 123 ? new Set() : undefined, under });
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      frames.pop();
    }
  }
  return undefined;
}
