/**
 * Shared streaming of CSV inputs (RFC 4180 lines, header first): resuming keeps reading the header, oversized lines
 * become rejects. A reader gives the row parser (our own columns, or a mapped export's).
 */
import type { ParsedRecord } from './event.js';
import { MAX_LINE_BYTES } from './event.js';
import { readLines } from './lines.js';
import { RecordError } from './normalize.js';
import { splitCsvLine } from './csv.js';
import { oversized } from './read-json.js';
import type { ReaderInput, RecordBatch } from './usage-reader.js';

/** A stateful row parser: undefined for the header and blank lines, null for a row that is not usage (ignored). */
export interface CsvRowParser {
  parse(text: string, line: number): ParsedRecord | undefined | null;
}

export async function* readCsv(path: string, o: ReaderInput, p: CsvRowParser): AsyncGenerator<RecordBatch> {
  const max = o.maxLineBytes ?? MAX_LINE_BYTES;
  const skip = o.skipLines ?? 0;
  let headerSeen = false;
  // CSV needs its header even when resuming: read line 1.. but only emit records after `skip`.
  for await (const b of readLines(path, { gzip: o.gzip, maxLineBytes: max, skipLines: 0 })) {
    const recs: ParsedRecord[] = [];
    let ignored = 0;
    let blank = 0;
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
      if (t.trim() === '') {
        if (line > skip) blank++;
        continue;
      }
      const r = p.parse(t, line);
      if (r === null) {
        if (line > skip) ignored++;
        continue;
      }
      if (r === undefined) {
        if (t.trim() !== '') headerSeen = true;
        continue;
      }
      if (line > skip) recs.push(r);
    }
    if (b.damage && b.damage.line > skip) {
      recs.push({ ok: false, line: b.damage.line, reason: b.damage.reason, raw: '' });
      last = b.damage.line;
    }
    if (last > skip) yield { records: recs, lastLine: last, ignoredSpans: ignored, blankLines: blank };
  }
}

/**
 * A CSV export with its own column names: each row becomes an object keyed by the header and is handed to `toRecord`
 * (which maps it as the format's JSON reader maps a JSON object, so both shapes of one export read the same).
 */
export class ObjectCsvParser implements CsvRowParser {
  private header: string[] | undefined;

  constructor(private readonly toRecord: (o: Record<string, unknown>, line: number, raw: string) => ParsedRecord | null) {}

  parse(text: string, line: number): ParsedRecord | undefined | null {
    const t = this.header === undefined ? text.replace(/^\uFEFF/, '') : text;
    if (t.trim() === '') return undefined;
    if (this.header === undefined) {
      try {
        this.header = splitCsvLine(t).map((h) => h.trim());
      } catch (e) {
        return { ok: false, line, reason: `header: ${(e as Error).message}`, raw: text };
      }
      return undefined;
    }
    let cells: string[];
    try {
      cells = splitCsvLine(t);
    } catch (e) {
      if (e instanceof RecordError) return { ok: false, line, reason: e.message, raw: text };
      throw e;
    }
    const h = this.header;
    if (cells.length !== h.length) return { ok: false, line, reason: `expected ${h.length} columns as in the header, got ${cells.length}`, raw: text };
    const o: Record<string, unknown> = {};
    for (let i = 0; i < h.length; i++) if (cells[i] !== '') o[h[i]] = cells[i];
    return this.toRecord(o, line, text);
  }
}
