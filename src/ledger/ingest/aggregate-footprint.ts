/**
 * The footprint of an aggregate usage record (a provider's usage bucket: token totals over a window, a request count
 * when the source has one). The per-request model is applied to the bucket's mean request, never to invented rows.
 * Its range widens for what a bucket does not say (docs/usage-events.md, "Aggregate records"):
 *
 * - the spread of request sizes: the per-request model is not linear in tokens (a fixed per-request share; decode
 *   cost grows with the context), so the bucket is also evaluated with its tokens concentrated in 1/SPREAD of its
 *   requests (the rest empty); low and high are the extremes of both splits;
 * - an unknown request count (Anthropic's usage report): the count is assumed from ASSUMED_TOKENS_PER_REQUEST and
 *   varied by REQUESTS_SPREAD either way; the row is flagged so.
 *
 * The bound is tested against buckets built from known per-request rows (test/ledger/aggregate-footprint.test.ts).
 */
import type { UsageAggregate } from '../../sources/usage/aggregate.js';
import type { UsageEvent } from '../../sources/usage/event.js';
import { emptyFootprint, type Dim, type Footprint, type LedgerEstimator } from './estimator.js';

/** The method tier of an API aggregate's footprint (a self-hosted one: `modeled:deployment (aggregate)`). */
export const AGGREGATE_METHOD = 'modeled:provider (aggregate)';

/**
 * Assumed concentration bound: a bucket's tokens are carried by at least a quarter of its requests. An assumption
 * (no source reports the spread); the test holds it against the sample month's buckets.
 */
export const SPREAD = 4;

/**
 * Where the request count is unknown: assumed tokens (input + output) per request, and the factor the count is varied
 * by either way. Assumptions, flagged on every such record.
 */
export const ASSUMED_TOKENS_PER_REQUEST = 2000;
export const REQUESTS_SPREAD = 4;

export interface Span {
  value: number;
  low: number;
  high: number;
}

export interface AggregateFootprint {
  /** The mean request's tier with ` (aggregate)`: `modeled:provider (aggregate)` for API buckets. */
  readonly method: string;
  /** The dim (provider, model, zone, bases) of the bucket's mean request. */
  readonly dim: Dim;
  /** The request count used: exact where known, else assumed (value) with the span tried. */
  readonly requests: Span;
  readonly requestsKnown: boolean;
  readonly energyWh: Span;
  readonly carbonLocG: Span;
  readonly carbonMktG: Span;
  readonly waterMl: Span;
  readonly embodiedG: Span;
  /** On-site (cooling) part of waterMl.value, mL. */
  readonly waterOnsiteMl: number;
  /** What the range rests on, for the trace and the report. */
  readonly notes: readonly string[];
}

type Metric = 'energyWh' | 'carbonLocG' | 'carbonMktG' | 'waterMl' | 'embodiedG';
const METRICS: readonly [Metric, keyof Footprint, keyof Footprint, keyof Footprint][] = [
  ['energyWh', 'energyWh', 'energyWhLow', 'energyWhHigh'],
  ['carbonLocG', 'locG', 'locGLow', 'locGHigh'],
  ['carbonMktG', 'mktG', 'mktGLow', 'mktGHigh'],
  ['waterMl', 'waterMl', 'waterMlLow', 'waterMlHigh'],
  ['embodiedG', 'embodiedG', 'embodiedGLow', 'embodiedGHigh'],
];

/** Returns the footprint, or the reason the bucket cannot be estimated (unknown provider or model…). */
export function estimateAggregate(est: LedgerEstimator, a: UsageAggregate): AggregateFootprint | string {
  const tokens = a.inputTokens + a.outputTokens;
  const known = a.requests !== undefined;
  const assumed = Math.max(1, Math.round(tokens / ASSUMED_TOKENS_PER_REQUEST));
  const n = known ? (a.requests as number) : assumed;
  const out = { energyWh: span(), carbonLocG: span(), carbonMktG: span(), waterMl: span(), embodiedG: span() };
  if (n === 0) {
    if (tokens > 0) return `a bucket with ${tokens} tokens and 0 requests cannot be estimated`;
  }
  const counts = known ? [n] : [Math.max(1, assumed / REQUESTS_SPREAD), assumed, assumed * REQUESTS_SPREAD];
  const fp = emptyFootprint();
  const mid = a.startMs + Math.floor((a.endMs - a.startMs) / 2);
  let dim: Dim | undefined;
  const first = { low: Infinity, high: -Infinity };
  const lows: Record<Metric, number> = { energyWh: Infinity, carbonLocG: Infinity, carbonMktG: Infinity, waterMl: Infinity, embodiedG: Infinity };
  const highs: Record<Metric, number> = { energyWh: -Infinity, carbonLocG: -Infinity, carbonMktG: -Infinity, waterMl: -Infinity, embodiedG: -Infinity };
  // requests × footprint of one request carrying `share` of the bucket's tokens, added into `acc`.
  let waterOnsiteMl = 0;
  let firstCall = true;
  const add = (acc: Record<Metric, Span>, requests: number, share: number, onsite = false): string | undefined => {
    if (requests <= 0) return undefined;
    const e: UsageEvent = {
      timestampMs: mid,
      model: a.model,
      provider: a.provider,
      region: a.region,
      deployment: a.deployment,
      inputTokens: (a.inputTokens * share) / requests,
      cachedInputTokens: (a.cachedInputTokens * share) / requests,
      outputTokens: (a.outputTokens * share) / requests,
      reasoningTokens: (a.reasoningTokens * share) / requests,
    };
    // The unknown models' list counts a bucket once (its first evaluation), not once per split tried.
    const why = est.estimate(e, fp, firstCall);
    firstCall = false;
    if (why !== undefined) return why;
    dim ??= fp.dim;
    if (onsite) waterOnsiteMl += requests * fp.waterOnsiteMl;
    for (const [m, v, lo, hi] of METRICS) {
      acc[m].value += requests * (fp[v] as number);
      acc[m].low += requests * (fp[lo] as number);
      acc[m].high += requests * (fp[hi] as number);
    }
    return undefined;
  };
  for (const k of counts) {
    const even = { energyWh: span(), carbonLocG: span(), carbonMktG: span(), waterMl: span(), embodiedG: span() };
    const why = add(even, k, 1, k === n);
    if (why !== undefined) return why;
    // Concentrated: the tokens in k/SPREAD requests (at least one), the others empty.
    const full = Math.max(1, k / SPREAD);
    const conc = { energyWh: span(), carbonLocG: span(), carbonMktG: span(), waterMl: span(), embodiedG: span() };
    const why2 = add(conc, full, 1) ?? add(conc, k - full, 0);
    if (why2 !== undefined) return why2;
    for (const split of [even, conc]) {
      for (const [m] of METRICS) {
        lows[m] = Math.min(lows[m], split[m].low);
        highs[m] = Math.max(highs[m], split[m].high);
      }
    }
    if (k === n) for (const [m] of METRICS) out[m].value = even[m].value;
    first.low = Math.min(first.low, k);
    first.high = Math.max(first.high, k);
  }
  for (const [m] of METRICS) {
    out[m].low = Math.min(lows[m], out[m].value);
    out[m].high = Math.max(highs[m], out[m].value);
  }
  if (dim === undefined) return 'an empty bucket (no tokens, no requests) has no footprint to book';
  const notes = [
    `${known ? `${n} requests` : `request count unknown: assumed ${assumed} (${ASSUMED_TOKENS_PER_REQUEST} tokens each), range over ${Math.round(first.low)}–${Math.round(first.high)}`}; per-request model at the bucket's mean request, range widened for the spread of request sizes (tokens carried by 1/${SPREAD} of the requests)`,
  ];
  return {
    method: `${dim.method} (aggregate)`,
    dim,
    waterOnsiteMl,
    requests: { value: n, low: known ? n : first.low, high: known ? n : first.high },
    requestsKnown: known,
    ...out,
    notes,
  };
}

function span(): Span {
  return { value: 0, low: 0, high: 0 };
}
