/**
 * One entry point for every usage file: detects (or takes) the format, streams it with constant memory, and yields
 * batches of parsed records with the last line consumed, so callers can checkpoint and resume at a line.
 */
import type { ParsedRecord, UsageFormat } from './event.js';
import { MAX_LINE_BYTES } from './event.js';
import { readLines } from './lines.js';
import { detectFormat } from './detect.js';
import { parseJsonlLine } from './jsonl.js';
import { CsvParser } from './csv.js';
import { spansToRecords } from './otlp.js';

export interface RecordBatch {
  readonly records: readonly ParsedRecord[];
  /** Every line up to and including this one has been read. */
  readonly lastLine: number;
  readonly ignoredSpans: number;
}

export interface ReadOptions {
  readonly format?: UsageFormat;
  /** Lines already accounted for by an interrupted run (CSV keeps reading its header). */
  readonly skipLines?: number;
  readonly maxLineBytes?: number;
  /** A whole (pretty-printed) OTLP document is read into memory up to this size, bytes. */
  readonly maxDocumentBytes?: number;
}

const oversized = (line: number, max: number): ParsedRecord => ({
  ok: false,
  line,
  reason: `oversized line: longer than ${max} bytes`,
  raw: '',
});

export async function* readUsage(path: string, o: ReadOptions = {}): AsyncGenerator<RecordBatch> {
  const detected = await detectFormat(path);
  const format = o.format ?? detected.format;
  const max = o.maxLineBytes ?? MAX_LINE_BYTES;
  const skip = o.skipLines ?? 0;
  if (format === 'csv') {
    const p = new CsvParser();
    let headerSeen = false;
    // CSV needs its header even when resuming: read line 1.. but only emit records after `skip`.
    for await (const b of readLines(path, { gzip: detected.gzip, maxLineBytes: max, skipLines: 0 })) {
      const recs: ParsedRecord[] = [];
      let last = b.firstLine - 1;
      for (let i = 0; i < b.lines.length; i++) {
        const line = b.firstLine + i;
        last = line;
        const t = b.lines[i];
        if (line <= skip && headerSeen) continue;
        if (t === null) {
          if (line > skip) recs.push(oversized(line, max));
          continue;
        }
        const r = p.parse(t, line);
        if (r === undefined) {
          if (t.trim() !== '') headerSeen = true;
          continue;
        }
        if (line > skip) recs.push(r);
      }
      if (last > skip) yield { records: recs, lastLine: last, ignoredSpans: 0 };
    }
    return;
  }
  if (format === 'jsonl') {
    for await (const b of readLines(path, { gzip: detected.gzip, maxLineBytes: max, skipLines: skip })) {
      const recs: ParsedRecord[] = [];
      for (let i = 0; i < b.lines.length; i++) {
        const line = b.firstLine + i;
        const t = b.lines[i];
        if (t === null) {
          recs.push(oversized(line, max));
          continue;
        }
        const r = parseJsonlLine(t, line);
        if (r !== undefined) recs.push(r);
      }
      yield { records: recs, lastLine: b.firstLine + b.lines.length - 1, ignoredSpans: 0 };
    }
    return;
  }
  // OTLP: one export per line; if the first document does not parse on its own line, the file is one
  // pretty-printed document, read whole (bounded).
  const maxDoc = o.maxDocumentBytes ?? 256 * 1024 * 1024;
  let whole: string[] | undefined;
  let wholeBytes = 0;
  let wholeStart = 0;
  let seenDoc = false;
  for await (const b of readLines(path, { gzip: detected.gzip, maxLineBytes: Math.max(max, 64 << 20), skipLines: skip })) {
    const recs: ParsedRecord[] = [];
    let ignored = 0;
    for (let i = 0; i < b.lines.length; i++) {
      const line = b.firstLine + i;
      const t = b.lines[i];
      if (whole !== undefined) {
        if (t !== null) {
          whole.push(t);
          wholeBytes += t.length + 1;
        }
        if (wholeBytes > maxDoc) {
          recs.push({ ok: false, line: wholeStart, reason: `OTLP document larger than ${maxDoc} bytes; export one document per line`, raw: '' });
          whole = undefined;
        }
        continue;
      }
      if (t === null) {
        recs.push(oversized(line, Math.max(max, 64 << 20)));
        continue;
      }
      if (t.trim() === '') continue;
      let doc: unknown;
      const wasFirst = !seenDoc;
      seenDoc = true;
      try {
        doc = JSON.parse(t);
      } catch (e) {
        if (wasFirst && t.trimStart().startsWith('{')) {
          whole = [t];
          wholeBytes = t.length;
          wholeStart = line;
          continue;
        }
        recs.push({ ok: false, line, reason: `malformed JSON: ${(e as Error).message}`, raw: t.slice(0, 2000) });
        continue;
      }
      const r = spansToRecords(doc, line);
      ignored += r.ignoredSpans;
      for (const x of r.records) recs.push(x.ok || x.raw !== '' ? x : { ...x, raw: t.slice(0, 2000) });
    }
    if (whole === undefined) yield { records: recs, lastLine: b.firstLine + b.lines.length - 1, ignoredSpans: ignored };
    else if (recs.length) yield { records: recs, lastLine: wholeStart - 1, ignoredSpans: ignored };
  }
  if (whole !== undefined) {
    const text = whole.join('\n');
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      yield { records: [{ ok: false, line: wholeStart, reason: `malformed JSON: ${(e as Error).message}`, raw: text.slice(0, 2000) }], lastLine: wholeStart + whole.length - 1, ignoredSpans: 0 };
      return;
    }
    const r = spansToRecords(doc, wholeStart);
    yield { records: r.records, lastLine: wholeStart + whole.length - 1, ignoredSpans: r.ignoredSpans };
  }
}
