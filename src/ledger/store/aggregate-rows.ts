/**
 * Aggregate records as the ledger stores them (`tp_aggregates`): one row per usage bucket — a provider's usage API
 * bucket, a gateway's daily spend row, a window of vLLM counter deltas — with its window, grouping keys, request
 * count (NULL when the source does not count requests), token totals and the footprint computed at the bucket's mean
 * request with its widened range (ledger/ingest/aggregate-footprint.ts). Never expanded into per-request rows.
 */

import { FOOTPRINT_COLUMN, FOOTPRINT_DOUBLES, ROW_COLUMNS } from './rows.js';

/** Columns of tp_aggregates, in order (schema.ts creates the table from this list). */
export const AGGREGATE_COLUMNS = [
  ['key', 'text'], ['fs', 'int'], ['ingest', 'int'], ['line', 'bigint'],
  ['start_ms', 'bigint'], ['end_ms', 'bigint'], ['dim', 'int'], ['label', 'int'], ['groups', 'text'],
  // requests: NULL where the source has no count; requests_low/high: the span the footprint range was computed over.
  ['requests', 'bigint'], ['requests_low', 'double'], ['requests_high', 'double'],
  ['input_tokens', 'bigint'], ['cached_input_tokens', 'bigint'], ['output_tokens', 'bigint'], ['reasoning_tokens', 'bigint'],
  // The footprint columns of tp_rows, in its order (energy, carbon × 2, water, embodied × value/low/high; on-site water).
  ...ROW_COLUMNS.slice(FOOTPRINT_COLUMN, FOOTPRINT_COLUMN + FOOTPRINT_DOUBLES),
  // What the range rests on (aggregate-footprint.ts notes), for the trace.
  ['note', 'text'],
] as const satisfies readonly (readonly [string, 'text' | 'int' | 'bigint' | 'double'])[];

export const AGGREGATE_NOT_NULL: readonly string[] = AGGREGATE_COLUMNS.map(([n]) => n).filter((n) => !['requests', 'note'].includes(n));

/** One stored aggregate, in AGGREGATE_COLUMNS order by name. */
export interface AggregateRow {
  readonly key: string;
  readonly fs: number;
  readonly ingest: number;
  readonly line: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly dim: number;
  readonly label: number;
  /** The grouping keys as JSON (`{"project_id": "proj_…"}`), sorted by key. */
  readonly groups: string;
  readonly requests: number | null;
  readonly requestsLow: number;
  readonly requestsHigh: number;
  readonly inputTokens: number;
  readonly cachedInputTokens: number;
  readonly outputTokens: number;
  readonly reasoningTokens: number;
  /** energy, carbon location, carbon market, water, embodied × (value, low, high), then on-site water (central). */
  readonly footprint: readonly number[];
  readonly note: string | null;
}

/** The row's values in AGGREGATE_COLUMNS order (bound as statement parameters). */
export function aggregateValues(a: AggregateRow, fs = a.fs): (string | number | null)[] {
  return [
    a.key, fs, a.ingest, a.line, a.startMs, a.endMs, a.dim, a.label, a.groups,
    a.requests, a.requestsLow, a.requestsHigh, a.inputTokens, a.cachedInputTokens, a.outputTokens, a.reasoningTokens,
    ...a.footprint, a.note,
  ];
}

/** Whether two rows of the same key book the same usage (a re-pulled bucket): counts and window equal. */
export function sameUsage(a: Pick<AggregateRow, 'requests' | 'inputTokens' | 'cachedInputTokens' | 'outputTokens' | 'reasoningTokens'>, b: typeof a): boolean {
  return (
    a.requests === b.requests &&
    a.inputTokens === b.inputTokens &&
    a.cachedInputTokens === b.cachedInputTokens &&
    a.outputTokens === b.outputTokens &&
    a.reasoningTokens === b.reasoningTokens
  );
}
