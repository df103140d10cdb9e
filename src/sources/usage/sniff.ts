/**
 * What format detection looks at: the first bytes of a file, read as structure rather than searched as text. The
 * first line that holds a whole JSON value is parsed; a pretty-printed document (whose first line is not JSON on its
 * own) is parsed as far as the head goes, with open strings, arrays and objects closed where the head ends. A key
 * that only appears inside a string value (a prompt quoting `"resourceSpans":`) is therefore never mistaken for
 * structure.
 */
import { peekBytes } from './lines.js';

export type Sniff =
  /** One JSON value per line: `value` is the first non-blank line, parsed. */
  | { readonly layout: 'lines'; readonly value: unknown; readonly name: string }
  /** One JSON document over many lines: `value` is its parse as far as the head goes. */
  | { readonly layout: 'document'; readonly value: unknown; readonly name: string }
  /** Comma-separated text: `header` is the first non-blank line's cells. */
  | { readonly layout: 'csv'; readonly header: readonly string[]; readonly name: string }
  /** Anything else: the first lines of text (Prometheus exposition text, unknown files). */
  | { readonly layout: 'text'; readonly lines: readonly string[]; readonly name: string };

/** Bytes of the head that detection reads: enough for one long JSON line with its request body. */
export const SNIFF_BYTES = 256 * 1024;

export async function sniffFile(path: string): Promise<{ sniff: Sniff | undefined; gzip: boolean }> {
  const { gzip, head } = await peekBytes(path, SNIFF_BYTES);
  return { sniff: sniffBytes(head, path), gzip };
}

/**
 * `sniffHead` of a head held as bytes (a request body: its first SNIFF_BYTES), decoding only the first line when that
 * line alone decides (one JSON value on it, the common case), else the whole head. The same result as `sniffHead` of
 * the decoded head: a line end is one byte in UTF-8, so the first line decodes alike on its own.
 */
export function sniffBytes(bytes: Uint8Array, name = ''): Sniff | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, SNIFF_BYTES));
  const nl = b.indexOf(0x0a);
  if (nl > 0) {
    const first = b.toString('utf8', 0, nl).replace(/^\uFEFF/, '').replace(/\r$/, '');
    const t = first.trimStart();
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        return { layout: 'lines', value: JSON.parse(first), name };
      } catch {
        // not a whole value on its own line: the whole head decides, as sniffHead reads it
      }
    }
  }
  return sniffHead(b.toString('utf8'), name);
}

/** Reads the structure of a file's head; undefined for an empty (or blank) head. */
export function sniffHead(head: string, name = ''): Sniff | undefined {
  const s = head.replace(/^\uFEFF/, '');
  const lines = s.split('\n');
  let i = 0;
  while (i < lines.length && lines[i].trim() === '') i++;
  if (i === lines.length) return undefined;
  const first = lines[i].replace(/\r$/, '');
  const t = first.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return { layout: 'lines', value: JSON.parse(first), name };
    } catch {
      // Not a whole value on one line: a pretty-printed document, or a first line longer than the head.
      // A first line cut by the end of the head is still one value per line.
      const cut = i === lines.length - 1;
      return { layout: cut ? 'lines' : 'document', value: parsePrefix(lines.slice(i).join('\n')), name };
    }
  }
  if (first.includes(',') && !t.startsWith('#')) return { layout: 'csv', header: csvHeader(first), name };
  return { layout: 'text', lines: lines.slice(i, i + 50), name };
}

function csvHeader(line: string): string[] {
  return line.split(',').map((h) => h.trim().replace(/^"(.*)"$/, '$1'));
}

/**
 * Parses a JSON text that may be cut short: returns the value as far as it goes (open containers closed, a cut
 * string or number dropped). Malformed text ends the parse where it goes wrong. Only for detection.
 */
export function parsePrefix(text: string): unknown {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n && (text.charCodeAt(i) <= 32)) i++;
  };
  const CUT = Symbol('cut');
  const str = (): string | typeof CUT => {
    // text[i] === '"'
    let j = i + 1;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === 92) j += 2;
      else if (c === 34) break;
      else j++;
    }
    if (j >= n) return CUT;
    try {
      const v = JSON.parse(text.slice(i, j + 1)) as string;
      i = j + 1;
      return v;
    } catch {
      return CUT;
    }
  };
  const value = (): unknown => {
    ws();
    if (i >= n) return CUT;
    const c = text[i];
    if (c === '{') {
      i++;
      const o: Record<string, unknown> = {};
      for (;;) {
        ws();
        if (i >= n) return o;
        if (text[i] === '}') {
          i++;
          return o;
        }
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] !== '"') return o;
        const k = str();
        if (k === CUT) return o;
        ws();
        if (text[i] !== ':') return o;
        i++;
        const v = value();
        if (v === CUT) {
          o[k] = undefined;
          return o;
        }
        o[k] = v;
      }
    }
    if (c === '[') {
      i++;
      const a: unknown[] = [];
      for (;;) {
        ws();
        if (i >= n) return a;
        if (text[i] === ']') {
          i++;
          return a;
        }
        if (text[i] === ',') {
          i++;
          continue;
        }
        const v = value();
        if (v === CUT) return a;
        a.push(v);
      }
    }
    if (c === '"') return str();
    const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (!m || i + m[0].length >= n) return CUT;
    i += m[0].length;
    return JSON.parse(m[0]) as unknown;
  };
  const v = value();
  return v === CUT ? undefined : v;
}

/** A JSON object (not an array, not null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The first record of a sniffed JSON head: the line's object, the first element of a top-level array, or the first
 * element of a `data` array (API pages and exports wrap their records so).
 */
export function firstRecord(s: Sniff): Record<string, unknown> | undefined {
  if (s.layout !== 'lines' && s.layout !== 'document') return undefined;
  const v = s.value;
  if (Array.isArray(v)) return isObject(v[0]) ? v[0] : undefined;
  if (isObject(v) && Array.isArray(v.data)) return isObject(v.data[0]) ? v.data[0] : undefined;
  return isObject(v) ? v : undefined;
}
