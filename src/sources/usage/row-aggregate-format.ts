/**
 * A reader for aggregate tables exported row by row (a gateway's daily spend tables): each row is one bucket — a
 * window, grouping keys, token totals and, where the table has one, a request count. The same mapping reads the CSV
 * export and the JSON shapes (lines, `[...]`, `{"data": [...]}`), as object-format.ts does for per-request exports.
 */
import type { ParsedRecord } from './event.js';
import { RecordError } from './normalize.js';
import { aggregateKey, type ParsedAggregate, type UsageAggregate } from './aggregate.js';
import { readJson, rawOf, recordsIn } from './read-json.js';
import { ObjectCsvParser, readCsv } from './read-csv.js';
import { firstRecord, isObject, type Sniff } from './sniff.js';
import type { RecordBatch, UsageReader } from './usage-reader.js';
import type { AggregateWriter } from './bucket-writer.js';

export interface RowAggregateSpec {
  readonly format: string;
  readonly title: string;
  isRecord(o: Readonly<Record<string, unknown>>): boolean;
  isHeader(columns: ReadonlySet<string>): boolean;
  /**
   * The bucket a row holds (its key is made from `source`, the window, the model and the groups); null for a row that
   * is not usage. Throws RecordError for a wrong row.
   */
  bucket(o: Readonly<Record<string, unknown>>): (Omit<UsageAggregate, 'key'> & { readonly source: string }) | null;
  readonly aggregateWriter?: AggregateWriter;
}

export function rowAggregateFormat(spec: RowAggregateSpec): UsageReader {
  return {
    format: spec.format,
    title: spec.title,
    kind: 'aggregate',
    aggregateWriter: spec.aggregateWriter,
    detect(s: Sniff): boolean {
      if (s.layout === 'csv') return spec.isHeader(new Set(s.header));
      const r = firstRecord(s);
      return r !== undefined && spec.isRecord(r);
    },
    async *read(path, o): AsyncGenerator<RecordBatch> {
      let aggs: ParsedAggregate[] = [];
      // A row kept as an aggregate ('aggregate'), refused (a record), or null (not usage: counted as ignored).
      const toRecord = (row: Readonly<Record<string, unknown>>, line: number, raw: string): ParsedRecord | null | 'aggregate' => {
        try {
          const b = spec.bucket(row);
          if (b === null) return null;
          if (!(b.endMs > b.startMs)) throw new RecordError('window: the end is not after the start');
          if (b.cachedInputTokens > b.inputTokens) throw new RecordError(`cached input tokens (${b.cachedInputTokens}) exceed input tokens (${b.inputTokens}): cached tokens are part of the input`);
          const { source, ...a } = b;
          aggs.push({ ok: true, line, raw, aggregate: { ...a, key: aggregateKey(source, a.startMs, a.endMs, a.groups, a.model) } });
          return 'aggregate';
        } catch (e) {
          if (e instanceof RecordError) return { ok: false, line, reason: e.message, raw };
          throw e;
        }
      };
      const source =
        o.sniff.layout === 'csv'
          ? readCsv(
              path,
              o,
              new ObjectCsvParser((row, line, raw) => {
                const r = toRecord(row, line, raw);
                return r === 'aggregate' ? null : r;
              }),
            )
          : readJson(path, o, (v, line, raw, out) => {
              let ignored = 0;
              const list = recordsIn(v);
              for (const x of list) {
                const text = list.length === 1 ? rawOf(raw, x) : rawOf('', x);
                if (!isObject(x)) {
                  out.push({ ok: false, line, reason: 'expected a JSON object per row', raw: text });
                  continue;
                }
                const r = toRecord(x, line, text);
                if (r === 'aggregate') continue;
                if (r === null) ignored++;
                else out.push(r);
              }
              return ignored;
            });
      for await (const b of source) {
        const a = aggs;
        aggs = [];
        // CSV rows that became aggregates were returned as null (not a record) to the CSV reader: not ignored rows.
        const ignored = o.sniff.layout === 'csv' ? b.ignoredSpans - a.length : b.ignoredSpans;
        yield { ...b, ignoredSpans: ignored, aggregates: a };
      }
    },
  };
}

/** A whole number ≥ 0 from a cell or field (digits in CSV); absent or empty: `absent`. */
export function rowCount<T extends number | undefined>(v: unknown, field: string, absent: T): number | T {
  if (v === undefined || v === null || v === '') return absent;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*[0-9]{1,16}(\.0+)?\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 0) throw new RecordError(`${field}: '${String(v).slice(0, 40)}' is not a whole number ≥ 0`);
  return n;
}
