/**
 * Writes usage events as an aggregate format's buckets (`tokenprint sample --as openai-usage|…`, and the property
 * test that holds the ledger's totals of the same requests, per request and bucketed, within the bucket's range):
 * events are summed per window and grouping (provider, model, deployment, team, app), then the format lays the
 * buckets out as its pages, rows or scrapes. Never the reverse: a reader never invents rows from a bucket.
 */
import type { UsageEvent } from './event.js';
import { eventTaker, type Conversion } from './convert.js';

/** Token totals of the events of one window and grouping. */
export interface BucketTotals {
  readonly startMs: number;
  readonly endMs: number;
  readonly provider: string;
  readonly model: string;
  readonly deployment?: string;
  readonly team?: string;
  readonly app?: string;
  requests: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

export interface AggregateWriter {
  /** File name ending (default `jsonl`: one API page per line). */
  readonly extension?: string;
  /** Window length of the buckets written, ms. */
  readonly windowMs: number;
  /** Whether the format can hold this request (an OpenAI usage page holds only OpenAI's). */
  represents?(e: UsageEvent): boolean;
  /** Subsets the format does not record: they read back as 0, totals unchanged. */
  readonly drops?: readonly ('cachedInputTokens' | 'reasoningTokens')[];
  /** The file's lines for the buckets (sorted by window start, then grouping). */
  lines(buckets: readonly BucketTotals[]): string[];
}

/** Sums events into buckets of `windowMs` (UTC-aligned), one per window and grouping, sorted. */
export class BucketSums {
  private readonly by = new Map<string, BucketTotals>();
  constructor(private readonly windowMs: number) {}

  add(e: UsageEvent): void {
    const start = Math.floor(e.timestampMs / this.windowMs) * this.windowMs;
    const k = [start, e.provider, e.model, e.deployment ?? '', e.team ?? '', e.app ?? ''].join('\u0001');
    let b = this.by.get(k);
    if (b === undefined) {
      b = { startMs: start, endMs: start + this.windowMs, provider: e.provider, model: e.model, deployment: e.deployment, team: e.team, app: e.app, requests: 0, inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 };
      this.by.set(k, b);
    }
    b.requests++;
    b.inputTokens += e.inputTokens;
    b.cachedInputTokens += e.cachedInputTokens;
    b.outputTokens += e.outputTokens;
    b.reasoningTokens += e.reasoningTokens;
  }

  buckets(): BucketTotals[] {
    return [...this.by.entries()].sort((a, b) => a[1].startMs - b[1].startMs || (a[0] < b[0] ? -1 : 1)).map(([, v]) => v);
  }
}

/** A converter fed our JSONL lines; at `done` it writes the buckets through `emit` (buckets are few: kept in memory). */
export function bucketConverter(writer: AggregateWriter, emit: (line: string) => void): { push(line: string): void; done(): Conversion } {
  const sums = new BucketSums(writer.windowMs);
  const take = eventTaker(writer.represents);
  return {
    push(line: string) {
      const e = take.event(line);
      if (e !== undefined) sums.add(e);
    },
    done() {
      const out = writer.lines(sums.buckets());
      for (const l of out) emit(l);
      return { lines: out.length, ...take.counts() };
    },
  };
}

/** Buckets grouped by window start, in order (one API page per window). */
export function byWindow(buckets: readonly BucketTotals[]): BucketTotals[][] {
  const out: BucketTotals[][] = [];
  for (const b of buckets) {
    const last = out[out.length - 1];
    if (last !== undefined && last[0].startMs === b.startMs) last.push(b);
    else out.push([b]);
  }
  return out;
}

export const DAY_MS = 86_400_000;
