/**
 * An aggregate usage record (a bucket) made ready for the ledger: estimated at its mean request with its widened
 * range (aggregate-footprint.ts), labelled, and laid out as a tp_aggregates row. Ingestion and restatement share it.
 */
import type { ParsedAggregate, UsageAggregate } from '../../sources/usage/aggregate.js';
import type { AggregateRow } from '../store/aggregate-rows.js';
import { estimateAggregate } from './aggregate-footprint.js';
import type { LedgerEstimator } from './estimator.js';
import type { Labels } from './labels.js';

/** The stored row of one aggregate, or the reason it cannot be estimated (unknown model, tokens without requests…). */
export function aggregateRow(est: LedgerEstimator, labels: Labels, p: Pick<ParsedAggregate, 'line' | 'aggregate'>, fs: number, ingest: number): AggregateRow | string {
  const a: UsageAggregate = p.aggregate;
  const f = estimateAggregate(est, a);
  if (typeof f === 'string') return f;
  const groups: Record<string, string> = {};
  for (const k of Object.keys(a.groups).sort()) groups[k] = a.groups[k];
  const s = (x: { value: number; low: number; high: number }) => [x.value, x.low, x.high];
  return {
    key: a.key,
    fs,
    ingest,
    line: p.line,
    startMs: a.startMs,
    endMs: a.endMs,
    dim: f.dim.id,
    label: labels.id(a.team, a.app),
    groups: JSON.stringify(groups),
    requests: a.requests ?? null,
    requestsLow: f.requests.low,
    requestsHigh: f.requests.high,
    inputTokens: a.inputTokens,
    cachedInputTokens: a.cachedInputTokens,
    outputTokens: a.outputTokens,
    reasoningTokens: a.reasoningTokens,
    footprint: [...s(f.energyWh), ...s(f.carbonLocG), ...s(f.carbonMktG), ...s(f.waterMl), ...s(f.embodiedG), f.waterOnsiteMl],
    note: f.notes.join('; '),
  };
}
