/**
 * A reader for exports whose records are flat-ish objects (gateway spend logs, observability exports, cloud
 * invocation logs): the same mapping reads the JSON-lines, the JSON document (`[...]` or `{"data": [...]}`) and,
 * where the export has one, the CSV shape of the export. A format file gives its detection and its mapping only.
 */
import type { ParsedRecord } from './event.js';
import { RecordError, fastIso, isPlainText, normalizeFields, type EventFields } from './normalize.js';
import { readJson, rawOf, recordsIn } from './read-json.js';
import { ObjectCsvParser, readCsv } from './read-csv.js';
import { firstRecord, isObject, type Sniff } from './sniff.js';
import type { FormatWriter, UsageReader } from './usage-reader.js';

export interface ObjectFormatSpec {
  readonly format: string;
  readonly title: string;
  /** A record of this format has this structure (keys, a `schemaType` value…). */
  isRecord(o: Readonly<Record<string, unknown>>): boolean;
  /** The CSV export's header has these columns (formats without a CSV export leave it out). */
  isHeader?(columns: ReadonlySet<string>): boolean;
  /**
   * The record as the fields normalizeFields reads (`id`, `timestamp`, `model`, `provider`, `input_tokens` with
   * cached ones included, `output_tokens` with reasoning ones included…); null when the record is not usage (it is
   * counted as ignored). Throws RecordError for a record that is usage but wrong.
   */
  fields(o: Readonly<Record<string, unknown>>): EventFields | null;
  readonly writer?: FormatWriter;
}

export function objectFormat(spec: ObjectFormatSpec): UsageReader {
  /** `plain`: every string of `o` comes from text that isPlainText (normalizeFields skips two checks). */
  const toRecord = (o: Record<string, unknown>, line: number, raw: string, plain: boolean): ParsedRecord | null => {
    try {
      const f = spec.fields(o);
      if (f === null) return null;
      return { ok: true, line, event: normalizeFields(f, plain), raw };
    } catch (e) {
      if (e instanceof RecordError) return { ok: false, line, reason: e.message, raw };
      throw e;
    }
  };
  return {
    format: spec.format,
    title: spec.title,
    writer: spec.writer,
    detect(s: Sniff): boolean {
      if (s.layout === 'csv') return spec.isHeader?.(new Set(s.header)) ?? false;
      const r = firstRecord(s);
      return r !== undefined && spec.isRecord(r);
    },
    read(path, o) {
      if (o.sniff.layout === 'csv') {
        return readCsv(path, o, new ObjectCsvParser((row, line, raw) => toRecord(row, line, raw, isPlainText(raw))));
      }
      return readJson(path, o, (v, line, raw, out) => {
        let ignored = 0;
        const list = recordsIn(v);
        const one = list.length === 1;
        // A line's records: its text tells whether they are plain; a whole document's are checked string by string.
        const plain = raw !== '' && isPlainText(raw);
        for (const x of list) {
          const text = one ? rawOf(raw, x) : rawOf('', x);
          if (!isObject(x)) {
            out.push({ ok: false, line, reason: 'expected a JSON object per record', raw: text });
            continue;
          }
          const r = toRecord(x, line, text, plain);
          if (r === null) ignored++;
          else out.push(r);
        }
        return ignored;
      });
    },
  };
}

/**
 * A nested value by path (`output.outputTokenCount`); a JSON-encoded object (CSV cells) is parsed on the way. Up to
 * four keys as plain parameters (no rest array: this runs several times for every row).
 */
export function at(o: unknown, k1: string, k2?: string, k3?: string, k4?: string): unknown {
  let v = step(o, k1);
  if (k2 === undefined || v === undefined) return v;
  v = step(v, k2);
  if (k3 === undefined || v === undefined) return v;
  v = step(v, k3);
  if (k4 === undefined || v === undefined) return v;
  return step(v, k4);
}

/**
 * A JSON-encoded object (a CSV cell, a metadata string) parsed, else the value as given. A reader that reads several
 * keys of one such value calls this once per record and hands the result to `at`, so the text is parsed once.
 */
export function objectOf(v: unknown): unknown {
  if (typeof v !== 'string' || !v.startsWith('{')) return v;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

/** One key of `at`: undefined when `v` is not an object (or JSON text of one). */
function step(v: unknown, k: string): unknown {
  const o = objectOf(v);
  return isObject(o) ? o[k] : undefined;
}

/**
 * A record's start time read once (the event's timestamp, and the start of its latency): ms when it is the common
 * `…T…Z` text (fastIso), else the value as given (normalizeFields validates it and names what is wrong).
 */
export function startOf(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const ms = fastIso(v);
  return ms > 0 ? ms : v;
}

/**
 * A time in ms: epoch seconds or ms as a number, ISO text (a bare date-time read as UTC); NaN when it is neither. For
 * derived values (a latency from two times): the record's own timestamp is validated by normalizeFields. The common
 * `…T…Z` shape is read digit by digit (fastIso), as Date.parse costs more than the rest of a row.
 */
export function timeMs(v: unknown): number {
  if (typeof v === 'number') return v < 1e11 ? v * 1000 : v;
  if (typeof v !== 'string') return NaN;
  const fast = fastIso(v);
  if (fast === fast) return fast; // not NaN
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : v + 'Z');
}

/** Milliseconds from `start` to `end` (see timeMs); undefined when either is missing or the span is negative. */
export function spanMs(start: unknown, end: unknown): number | undefined {
  const d = timeMs(end) - timeMs(start);
  return d >= 0 ? d : undefined;
}

/** A token count read from a field that may be absent: 0 when absent, else the value (validated by normalizeFields). */
export function tokens(v: unknown): unknown {
  return v === undefined || v === null || v === '' ? 0 : v;
}

/** Sum of token counts whose parts are absent, numbers or digit strings; a malformed part throws RecordError. */
export function sumTokens(field: string, ...parts: unknown[]): number {
  let s = 0;
  for (const p of parts) {
    if (p === undefined || p === null || p === '') continue;
    const n = typeof p === 'number' ? p : typeof p === 'string' && /^[0-9]{1,16}$/.test(p.trim()) ? Number(p) : NaN;
    if (!Number.isInteger(n) || n < 0) throw new RecordError(`${field}: '${String(p).slice(0, 40)}' is not a whole number of tokens`);
    s += n;
  }
  return s;
}
