/**
 * Shared streaming of JSON inputs for every JSON reader: one value per line (JSONL/NDJSON, the OTLP file exporter,
 * CloudWatch/S3 log lines), or one pretty-printed document read whole up to a bound. Handles resuming at a line and
 * oversized lines once, so a reader only turns a parsed value into records.
 */
import type { ParsedRecord } from './event.js';
import { MAX_LINE_BYTES } from './event.js';
import { readLines } from './lines.js';
import type { ReaderInput, RecordBatch } from './usage-reader.js';
import { isObject } from './sniff.js';
import { documentDuplicates, duplicateJsonKey, duplicateKeyReason, type DocumentDuplicate } from './duplicate-keys.js';

/**
 * Turns one parsed JSON value (a line's, or a whole document's) into records pushed on `out`; returns the number of
 * values that were not usage (ignored, counted apart). `raw` is the text it came from (cut for reject rows).
 */
export type JsonVisitor = (value: unknown, line: number, raw: string, out: ParsedRecord[]) => number;

export const oversized = (line: number, max: number): ParsedRecord => ({
  ok: false,
  line,
  reason: `oversized line: longer than ${max} bytes`,
  raw: '',
});

const RAW_MAX = 2000;

/** Default size bound of a whole pretty-printed document, bytes. */
export const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

/**
 * Streams a JSON file. Lines are parsed one by one; if the first non-blank line does not parse on its own but opens
 * an object or array, the file is one document, read whole (bounded by maxDocumentBytes) and visited once with the
 * line it starts on. `maxLineBytes` defaults to MAX_LINE_BYTES (one record per line) — OTLP passes more.
 */
export async function* readJson(path: string, o: ReaderInput, visit: JsonVisitor, maxLineBytes = o.maxLineBytes ?? MAX_LINE_BYTES): AsyncGenerator<RecordBatch> {
  const max = maxLineBytes;
  const maxDoc = o.maxDocumentBytes ?? MAX_DOCUMENT_BYTES;
  let whole: string[] | undefined;
  let wholeBytes = 0;
  let wholeStart = 0;
  let seenValue = false;
  for await (const b of readLines(path, { gzip: o.gzip, maxLineBytes: max, skipLines: o.skipLines ?? 0 })) {
    const recs: ParsedRecord[] = [];
    let ignored = 0;
    let blank = 0;
    for (let i = 0; i < b.lines.length; i++) {
      const line = b.firstLine + i;
      const t = b.lines[i];
      if (whole !== undefined) {
        if (t !== null) {
          whole.push(t);
          wholeBytes += t.length + 1;
        }
        if (wholeBytes > maxDoc) {
          recs.push({ ok: false, line: wholeStart, reason: `JSON document larger than ${maxDoc} bytes; export one record per line`, raw: '' });
          whole = undefined;
        }
        continue;
      }
      if (t === null) {
        recs.push(oversized(line, max));
        continue;
      }
      let v: unknown;
      try {
        v = JSON.parse(t);
      } catch (e) {
        // Blank lines never parse: tested only here, not on every line.
        if (t.trim() === '') {
          blank++;
          continue;
        }
        const wasFirst = !seenValue;
        seenValue = true;
        if (wasFirst && opensDocument(t)) {
          whole = [t];
          wholeBytes = t.length;
          wholeStart = line;
          continue;
        }
        recs.push({ ok: false, line, reason: `malformed JSON: ${(e as Error).message}`, raw: t.slice(0, RAW_MAX) });
        continue;
      }
      seenValue = true;
      const dup = duplicateJsonKey(t, v);
      if (dup !== undefined) {
        recs.push({ ok: false, line, reason: duplicateKeyReason(dup), raw: t.slice(0, RAW_MAX) });
        continue;
      }
      ignored += visit(v, line, t, recs);
    }
    if (b.damage) {
      recs.push({ ok: false, line: b.damage.line, reason: b.damage.reason, raw: '' });
      if (whole === undefined) {
        yield { records: recs, lastLine: b.damage.line, ignoredSpans: ignored, blankLines: blank };
        continue;
      }
    }
    if (whole === undefined) yield { records: recs, lastLine: b.firstLine + b.lines.length - 1, ignoredSpans: ignored, blankLines: blank };
    else if (recs.length || ignored || blank) yield { records: recs, lastLine: wholeStart - 1, ignoredSpans: ignored, blankLines: blank };
  }
  if (whole !== undefined) {
    const text = whole.join('\n');
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      yield { records: [{ ok: false, line: wholeStart, reason: `malformed JSON: ${(e as Error).message}`, raw: text.slice(0, RAW_MAX) }], lastLine: wholeStart + whole.length - 1, ignoredSpans: 0 };
      return;
    }
    const recs: ParsedRecord[] = [];
    const lastLine = wholeStart + whole.length - 1;
    const dups = documentDuplicates(text, doc);
    if (dups.length > 0 && dups[0].record === undefined) {
      // A key given twice outside every record: what the document holds is unknowable, so it is refused whole.
      recs.push({ ok: false, line: wholeStart + dups[0].line - 1, reason: duplicateKeyReason(dups[0].path), raw: text.slice(0, RAW_MAX) });
      yield { records: recs, lastLine, ignoredSpans: 0 };
      return;
    }
    if (dups.length > 0) doc = withoutRecords(doc, dups, wholeStart, recs);
    const ignored = visit(doc, wholeStart, '', recs);
    yield { records: recs, lastLine, ignoredSpans: ignored };
  }
}

/**
 * The document without the records that write a key twice (`[…]` or `{"data": […]}`), each pushed on `out` as a
 * reject on the line the key is given again, naming the key.
 */
function withoutRecords(doc: unknown, dups: readonly DocumentDuplicate[], start: number, out: ParsedRecord[]): unknown {
  const list = Array.isArray(doc) ? (doc as unknown[]) : ((doc as { data: unknown[] }).data);
  const bad = new Set<number>();
  for (const d of dups) {
    if (d.record === undefined) continue;
    bad.add(d.record);
    out.push({ ok: false, line: start + d.line - 1, reason: duplicateKeyReason(d.path), raw: rawOf('', list[d.record]) });
  }
  const kept = list.filter((_, i) => !bad.has(i));
  return Array.isArray(doc) ? kept : { ...(doc as object), data: kept };
}

/**
 * Whether a first line that does not parse alone starts a pretty-printed document: it opens an object or array and
 * breaks where a pretty-printer breaks (after `{`, `[` or `,`). A malformed or cut JSONL record (`{"id": "a", "mo`)
 * does not, so it is refused alone and the lines after it are still read one by one.
 */
function opensDocument(t: string): boolean {
  const s = t.trim();
  if (!(s.startsWith('{') || s.startsWith('['))) return false;
  const last = s.charCodeAt(s.length - 1);
  return last === 123 || last === 91 || last === 44; // { [ ,
}

/**
 * The records in a parsed value: an array's elements, a `{data: [...]}` page's elements (API pages and exports wrap
 * their records so), or the value itself.
 */
export function recordsIn(v: unknown): readonly unknown[] {
  if (Array.isArray(v)) return v;
  if (isObject(v) && Array.isArray(v.data)) return v.data;
  return [v];
}

/** Text of a record for its reject row: the line it came from, else the record itself (cut). */
export function rawOf(raw: string, v: unknown): string {
  if (raw !== '') return raw.length > RAW_MAX ? raw.slice(0, RAW_MAX) : raw;
  return JSON.stringify(v).slice(0, RAW_MAX);
}
