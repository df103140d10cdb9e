/**
 * A reader for bucketed usage (API pages of time buckets): the page is read as JSON (one page per line, as
 * `tokenprint pull` writes them, or one pretty-printed page), each bucket's results become aggregates or refusals.
 */
import type { ParsedRecord } from './event.js';
import { RecordError } from './normalize.js';
import type { ParsedAggregate, UsageAggregate } from './aggregate.js';
import { readJson, rawOf } from './read-json.js';
import type { Sniff } from './sniff.js';
import type { RecordBatch, UsageReader } from './usage-reader.js';

export interface AggregateFormatSpec {
  readonly format: string;
  readonly title: string;
  detect(s: Sniff): boolean;
  /** The aggregates of one parsed page (throws RecordError for a page that is not this format's). */
  aggregates(page: unknown, emit: (a: UsageAggregate | RecordError, raw: unknown) => void): void;
}

export function aggregateFormat(spec: AggregateFormatSpec): UsageReader {
  return {
    format: spec.format,
    title: spec.title,
    kind: 'aggregate',
    detect: spec.detect,
    async *read(path, o): AsyncGenerator<RecordBatch> {
      let aggs: ParsedAggregate[] = [];
      const visit = (page: unknown, line: number, raw: string, out: ParsedRecord[]) => {
        try {
          spec.aggregates(page, (a, r) => {
            if (a instanceof RecordError) out.push({ ok: false, line, reason: a.message, raw: rawOf('', r) });
            else aggs.push({ ok: true, line, aggregate: a, raw: rawOf('', r) });
          });
        } catch (e) {
          if (!(e instanceof RecordError)) throw e;
          out.push({ ok: false, line, reason: e.message, raw: rawOf(raw, page) });
        }
        return 0;
      };
      for await (const b of readJson(path, o, visit)) {
        const a = aggs;
        aggs = [];
        yield { ...b, aggregates: a };
      }
    },
  };
}

/** A whole number of tokens ≥ 0 from an API field (absent: 0). */
export function apiCount(v: unknown, field: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new RecordError(`${field}: '${String(v).slice(0, 40)}' is not a whole number ≥ 0`);
  return v;
}
