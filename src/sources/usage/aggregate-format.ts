/**
 * A reader for bucketed usage (API pages of time buckets): the page is read as JSON (one page per line, as
 * `tokenprint pull` writes them, or one pretty-printed page), each bucket's results become aggregates or refusals.
 */
import type { ParsedRecord } from './event.js';
import { RecordError } from './normalize.js';
import { aggregateKey, type ParsedAggregate, type UsageAggregate } from './aggregate.js';
import { readJson, rawOf } from './read-json.js';
import { isObject, type Sniff } from './sniff.js';
import type { RecordBatch, UsageReader } from './usage-reader.js';
import type { AggregateWriter } from './bucket-writer.js';

/** One bucket of a page: its window and its results (one per combination of grouping keys). */
export interface Bucket {
  readonly startMs: number;
  readonly endMs: number;
  readonly results: readonly unknown[];
}

/** A result's counts, read by the format's convention into tokenprint's (input includes cached, output reasoning). */
export type ResultCounts = Pick<UsageAggregate, 'requests' | 'inputTokens' | 'cachedInputTokens' | 'outputTokens' | 'reasoningTokens'>;

export interface AggregateFormatSpec {
  readonly format: string;
  readonly title: string;
  /** Provider id of every aggregate (and the first part of its key). */
  readonly provider: string;
  /** Grouping keys the API may return on a result, kept on the aggregate. */
  readonly groupKeys: readonly string[];
  detect(s: Sniff): boolean;
  /** The buckets of one parsed page; throws RecordError for a page that is not this format's, emits a bad bucket. */
  buckets(page: unknown, bad: (e: RecordError, raw: unknown) => void): Bucket[];
  /** A result's counts (throws RecordError for a wrong one). */
  counts(r: Readonly<Record<string, unknown>>): ResultCounts;
  readonly aggregateWriter?: AggregateWriter;
}

/** The aggregates of one page, by the format's reading of its buckets and results. */
function aggregatesOf(spec: AggregateFormatSpec, page: unknown, emit: (a: UsageAggregate | RecordError, raw: unknown) => void): void {
  for (const b of spec.buckets(page, emit)) {
    for (const r of b.results) {
      try {
        if (!isObject(r)) throw new RecordError('result: expected an object');
        if (typeof r.model !== 'string' || r.model === '') throw new RecordError('model: missing (pull with group_by=model; a bucket without models cannot be estimated)');
        const c = spec.counts(r);
        if (c.cachedInputTokens > c.inputTokens) throw new RecordError(`cached input tokens (${c.cachedInputTokens}) exceed input tokens (${c.inputTokens}): cached tokens are part of the input`);
        const groups: Record<string, string> = {};
        for (const k of spec.groupKeys) if (r[k] !== undefined && r[k] !== null) groups[k] = String(r[k]);
        emit({ key: aggregateKey(spec.provider, b.startMs, b.endMs, groups, r.model), startMs: b.startMs, endMs: b.endMs, provider: spec.provider, model: r.model, groups, ...c }, r);
      } catch (e) {
        if (e instanceof RecordError) emit(e, r);
        else throw e;
      }
    }
  }
}

export function aggregateFormat(spec: AggregateFormatSpec): UsageReader {
  return {
    format: spec.format,
    title: spec.title,
    kind: 'aggregate',
    detect: spec.detect,
    aggregateWriter: spec.aggregateWriter,
    async *read(path, o): AsyncGenerator<RecordBatch> {
      let aggs: ParsedAggregate[] = [];
      const visit = (page: unknown, line: number, raw: string, out: ParsedRecord[]) => {
        try {
          aggregatesOf(spec, page, (a, r) => {
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
