/**
 * The grid-signal port: a time series of carbon intensity for one zone, from one provider. Average signals (the
 * mix's emissions per kWh, for attribution) and marginal signals (the emissions of the next kWh, for shifting
 * decisions) are different quantities: the `signal` type parameter keeps them apart at compile time, and
 * {@link assertOneSignal} refuses to mix them at run time.
 */
import { ConflictingInputError, InvalidInputError } from '../../core/errors.js';
import { checkIsoTime } from '../../core/input-checks.js';

export type SignalKind = 'average' | 'marginal';
export const SIGNAL_KINDS: readonly SignalKind[] = ['average', 'marginal'];

/** `lifecycle` (incl. upstream), `direct` (combustion only), or not stated by the provider. */
export type FactorBasis = 'lifecycle' | 'direct' | 'unknown';

export interface IntensityPoint {
  /** Start of the interval, ms since the Unix epoch (UTC). */
  readonly startMs: number;
  readonly durationS: number;
  /** gCO2e per kWh of the signal the series carries (average or marginal). */
  readonly gPerKWh: number;
  /** True when the provider marks the value as an estimate or a forecast rather than a measurement. */
  readonly estimated: boolean;
}

/** A stretch of time inside the requested range with no data. Gaps are reported, never filled. */
export interface Gap {
  readonly fromMs: number;
  readonly toMs: number;
}

export interface GridSeries<S extends SignalKind = SignalKind> {
  readonly zone: string;
  readonly signal: S;
  readonly basis: FactorBasis;
  readonly kind: 'history' | 'forecast';
  /** Provider and dataset, for the trace. */
  readonly source: string;
  readonly points: readonly IntensityPoint[];
  readonly gaps: readonly Gap[];
  /** When the provider generated the data (forecasts), ms since epoch. */
  readonly generatedAtMs?: number;
}

export interface GridSignalSource<S extends SignalKind = SignalKind> {
  /** Adapter id: `static`, `file`, `electricitymaps`, `watttime`, `ukci`. */
  readonly id: string;
  readonly signal: S;
  /** Measured (or provider-estimated) values over [fromMs, toMs). */
  history(zone: string, fromMs: number, toMs: number): Promise<GridSeries<S>>;
  /** The provider's current forecast, clipped to [fromMs, toMs) when given. */
  forecast(zone: string, fromMs?: number, toMs?: number): Promise<GridSeries<S>>;
}

/** Sorted, de-duplicated points (last value wins for a repeated start) clipped to [fromMs, toMs). */
export function normalisePoints(points: readonly IntensityPoint[], fromMs?: number, toMs?: number): IntensityPoint[] {
  const byStart = new Map<number, IntensityPoint>();
  for (const p of points) {
    if (!Number.isFinite(p.startMs) || !(p.durationS > 0) || !Number.isFinite(p.gPerKWh)) continue;
    const end = p.startMs + p.durationS * 1000;
    if (fromMs !== undefined && end <= fromMs) continue;
    if (toMs !== undefined && p.startMs >= toMs) continue;
    byStart.set(p.startMs, p);
  }
  return [...byStart.values()].sort((a, b) => a.startMs - b.startMs);
}

/** Gaps between consecutive points, and at either end of [fromMs, toMs) when given. */
export function findGaps(points: readonly IntensityPoint[], fromMs?: number, toMs?: number): Gap[] {
  const gaps: Gap[] = [];
  let cursor = fromMs ?? (points.length ? points[0].startMs : undefined);
  for (const p of points) {
    if (cursor !== undefined && p.startMs > cursor) gaps.push({ fromMs: cursor, toMs: p.startMs });
    const end = p.startMs + p.durationS * 1000;
    cursor = cursor === undefined ? end : Math.max(cursor, end);
  }
  if (toMs !== undefined) {
    const start = cursor ?? fromMs ?? toMs;
    if (start < toMs) gaps.push({ fromMs: start, toMs });
  }
  return gaps;
}

export function makeSeries<S extends SignalKind>(
  base: Omit<GridSeries<S>, 'points' | 'gaps'>,
  raw: readonly IntensityPoint[],
  fromMs?: number,
  toMs?: number,
): GridSeries<S> {
  const points = normalisePoints(raw, fromMs, toMs);
  return { ...base, points, gaps: findGaps(points, fromMs, toMs) };
}

/** All series must carry the same signal: an average and a marginal intensity are never compared or averaged. */
export function assertOneSignal<S extends SignalKind>(series: readonly GridSeries<S>[]): S {
  if (series.length === 0) throw new InvalidInputError('zones', 'no grid series to compare');
  const s = series[0].signal;
  const other = series.find((x) => x.signal !== s);
  if (other) {
    throw new ConflictingInputError(
      `cannot compare a ${s} signal (${series[0].zone}, ${series[0].source}) with a ${other.signal} one (${other.zone}, ${other.source}); ` +
        'use one provider kind for all zones',
      { signals: [s, other.signal] },
    );
  }
  return s;
}

/** Parses an ISO-8601 timestamp into ms, naming the field on failure. */
export function parseTimeMs(raw: string, field: string): number {
  return checkIsoTime(field, raw);
}
