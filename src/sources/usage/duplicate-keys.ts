/**
 * Duplicate keys in one JSON object (`{"model": "a", "model": "b"}`): JSON.parse keeps the last silently, so a
 * record would be booked with a value its writer may not have meant. The check is cheap enough for every line of a
 * JSONL file (about a fifth of JSON.parse's own time on the sample month): the key ends in the text are counted (each
 * colon, found by indexOf, whose last non-whitespace character before it is a quote; no allocation, no regex) against
 * the keys JSON.parse kept; only a line where the two differ (a duplicate, or `\"` then `:` inside a string) is
 * scanned exactly.
 *
 * Why the count is sound: every key in the text ends with a quote followed by optional JSON whitespace and a colon,
 * and each such colon is counted once, so the count is at least the keys written; the keys written are at least the
 * keys parsed, equal exactly when no object repeats a key. Equal counts therefore prove there is no duplicate.
 *
 * A whole (pretty-printed) JSON document gets the same count first (one pass over its text); only a document where
 * it differs is scanned exactly, which also names each duplicate's line and the record (array element) it is in.
 */

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
 * The colons of `text` whose last character before them, JSON whitespace aside, is a quote: at least the key ends
 * written (strings can hold `\":` too, which only makes the count larger and sends the text to the exact scan).
 */
function keyEnds(text: string): number {
  let n = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
    let j = i - 1;
    let c = text.charCodeAt(j); // NaN before the start
    while (c === 32 || c === 9 || c === 10 || c === 13) c = text.charCodeAt(--j);
    if (c === 34) n++;
  }
  return n;
}

/** Exact scan of valid JSON text: the first repeated key's path. */
function scanForDuplicate(text: string): string | undefined {
  let found: string | undefined;
  scan(text, (d) => {
    found = d.path.join('.');
    return false;
  });
  return found;
}

/** A key written twice in a whole JSON document. */
export interface DocumentDuplicate {
  /** Dotted path from the record (or, for `record` undefined, from the document) to the key. */
  readonly path: string;
  /** Line of the document's text (1-based) where the key is written again. */
  readonly line: number;
  /**
   * Index of the record it is in, when the document is a list of records (`[…]` or `{"data": […]}`, as
   * read-json.ts `recordsIn` reads them); undefined when the key is outside every record (the document is refused).
   */
  readonly record: number | undefined;
}

/**
 * Every record of a whole JSON document (`text`, already parsed as `value`) that writes a key twice, once per record
 * (its first duplicate); a duplicate outside every record is returned alone. Empty when there is none.
 */
export function documentDuplicates(text: string, value: unknown): DocumentDuplicate[] {
  if (typeof value !== 'object' || value === null) return [];
  const kept = keptKeys(value, 0);
  if (kept >= 0 && keyEnds(text) === kept) return [];
  const out: DocumentDuplicate[] = [];
  const seen = new Set<number>();
  scan(text, (d) => {
    // Records: the top array's elements (depth 1), or those of a top object's `data` array (depth 2).
    const top = d.frames[0];
    const inData = top.keys !== undefined && d.frames.length > 2 && d.frames[1].keys === undefined && d.frames[1].under === 'data';
    const at = top.keys === undefined && d.frames.length > 1 ? 1 : inData ? 2 : -1;
    if (at < 0) {
      out.length = 0;
      out.push({ path: d.path.join('.'), line: d.line, record: undefined });
      return false;
    }
    const record = d.frames[at - 1].index;
    if (!seen.has(record)) {
      seen.add(record);
      out.push({ path: d.path.slice(at === 2 ? 1 : 0).join('.'), line: d.line, record });
    }
    return true;
  });
  return out;
}

interface Frame {
  /** Keys seen so far (an object); undefined for an array. */
  readonly keys: Set<string> | undefined;
  /** The key the frame sits under ('' in an array). */
  readonly under: string;
  /** An array's current element (0-based). */
  index: number;
}

/**
 * Exact scan of valid JSON text, in a loop (no recursion: any depth): calls `onDuplicate` with each repeated key's
 * path, line and the open frames; stops when it returns false.
 */
function scan(text: string, onDuplicate: (d: { path: string[]; line: number; frames: readonly Frame[] }) => boolean): void {
  const frames: Frame[] = [];
  let pendingKey = '';
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // Valid JSON strings hold no raw newline: lines are counted outside them only.
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
      if (top.keys.has(key)) {
        const path = [...frames.map((f) => f.under).filter((u) => u !== ''), key];
        if (!onDuplicate({ path, line, frames })) return;
      }
      top.keys.add(key);
      pendingKey = key;
    } else if (c === 10 /* \n */) {
      line++;
    } else if (c === 44 /* , */) {
      const top = frames[frames.length - 1];
      if (top !== undefined && top.keys === undefined) top.index++;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      // Under the key just read when the parent is an object; an array's elements add nothing to the path.
      const under = frames[frames.length - 1]?.keys !== undefined ? pendingKey : '';
      frames.push({ keys: c === 123 ? new Set() : undefined, under, index: 0 });
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      frames.pop();
    }
  }
}
