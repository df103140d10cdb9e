/**
 * Carbon-aware scheduling: for a job of known duration that may start anywhere in [earliest, latest − duration],
 * in any of several zones, the zone and start with the lowest time-weighted average intensity over the job's
 * window — compared with running now (the first zone, at `earliest`) and with the worst choice. The rolling
 * average follows the Carbon Aware SDK (EmissionsDataExtensions.RollingAverage): windows start on data-point
 * boundaries, each point weighs by its overlap with the window, and only fully covered windows count; a window
 * that touches a gap is skipped and the gap reported, never filled.
 */
import { InfeasibleError, InvalidInputError } from '../core/errors.js';
import { type GridSeries, type IntensityPoint, type SignalKind, assertOneSignal } from '../sources/grid/signal.js';

export interface ScheduleRequest {
  readonly durationS: number;
  readonly earliestMs: number;
  readonly latestMs: number;
  /** Energy of the job, kWh: turns intensity savings into grams (optional). */
  readonly energyKWh?: number;
}

export interface WindowChoice {
  readonly zone: string;
  readonly startMs: number;
  readonly endMs: number;
  /** Time-weighted average over the window, gCO2e/kWh, of the series' signal. */
  readonly gPerKWh: number;
}

export interface ZoneSchedule {
  readonly zone: string;
  readonly source: string;
  readonly basis: string;
  readonly windowsEvaluated: number;
  readonly windowsSkippedForGaps: number;
  readonly gaps: readonly { readonly from: string; readonly to: string }[];
  readonly best?: WindowChoice;
  readonly worst?: WindowChoice;
  readonly now?: WindowChoice;
}

export interface Saving {
  readonly gPerKWh: number;
  readonly fraction: number;
  /** Grams saved for the job, when its energy was given. */
  readonly carbonG?: number;
}

/**
 * Carbon Aware SDK `EmissionsDataDTO` as the current code serialises it (`{location, timestamp, duration, value}`;
 * the SDK's markdown docs still show the older `time`/`rating` names). Used by `bylocations/best` and inside
 * `forecasts/current`.
 */
export interface CasdkEmissionsData {
  readonly location: string;
  readonly timestamp: string;
  /** Minutes. */
  readonly duration: number;
  readonly value: number;
}
/** `GET /emissions/bylocations/best` returns `EmissionsDataDTO[]`: every point tied at the minimum value. */
export type CasdkBest = CasdkEmissionsData;
export interface CasdkForecast {
  readonly generatedAt: string;
  readonly requestedAt: string;
  readonly location: string;
  readonly dataStartAt: string;
  readonly dataEndAt: string;
  /** Minutes. */
  readonly windowSize: number;
  readonly optimalDataPoints: readonly CasdkEmissionsData[];
  readonly forecastData: readonly CasdkEmissionsData[];
}

export interface ScheduleResult<S extends SignalKind = SignalKind> {
  readonly signal: S;
  readonly unit: 'gCO2e/kWh';
  readonly request: { readonly durationS: number; readonly earliest: string; readonly latest: string; readonly energyKWh?: number };
  readonly best: WindowChoice;
  /** All windows tied with the best (the Carbon Aware SDK returns every tie). */
  readonly ties: readonly WindowChoice[];
  readonly now?: WindowChoice;
  readonly worst: WindowChoice;
  readonly savingVsNow?: Saving;
  readonly savingVsWorst: Saving;
  readonly zones: readonly ZoneSchedule[];
  readonly warnings: readonly string[];
  /** `GET /emissions/bylocations/best`-compatible answer. */
  readonly bylocationsBest: readonly CasdkBest[];
  /** `GET /emissions/forecasts/current`-compatible answer, one per zone. */
  readonly forecastsCurrent: readonly CasdkForecast[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Time-weighted average over [startMs, startMs + durationS); undefined when any part of the window has no data. */
export function windowAverage(points: readonly IntensityPoint[], startMs: number, durationS: number): number | undefined {
  return windowAverageFrom(points, 0, startMs, durationS);
}

/**
 * windowAverage over points[from…]: the caller has skipped points that end before the window (windows are
 * evaluated in start order, so `from` only moves forward and the whole search is linear in the points, times the
 * points one window spans). Same sums in the same order as from 0.
 */
function windowAverageFrom(points: readonly IntensityPoint[], from: number, startMs: number, durationS: number): number | undefined {
  const endMs = startMs + durationS * 1000;
  let covered = startMs;
  let weighted = 0;
  for (let i = from; i < points.length; i++) {
    const p = points[i];
    const pEnd = p.startMs + p.durationS * 1000;
    if (pEnd <= startMs) continue;
    if (p.startMs >= endMs) break;
    if (p.startMs > covered) return undefined; // a hole inside the window
    const lo = Math.max(p.startMs, startMs);
    const hi = Math.min(pEnd, endMs);
    if (hi > lo) weighted += p.gPerKWh * (hi - lo);
    covered = Math.max(covered, hi);
  }
  return covered >= endMs ? weighted / (endMs - startMs) : undefined;
}

function saving(from: WindowChoice, to: WindowChoice, energyKWh?: number): Saving {
  const d = from.gPerKWh - to.gPerKWh;
  return {
    gPerKWh: d,
    fraction: from.gPerKWh > 0 ? d / from.gPerKWh : 0,
    ...(energyKWh === undefined ? {} : { carbonG: d * energyKWh }),
  };
}

function zoneWindows(s: GridSeries, r: ScheduleRequest): { windows: WindowChoice[]; skipped: number; now?: WindowChoice } {
  const lastStart = r.latestMs - r.durationS * 1000;
  const starts = new Set<number>([r.earliestMs]);
  for (const p of s.points) if (p.startMs >= r.earliestMs && p.startMs <= lastStart) starts.add(p.startMs);
  const windows: WindowChoice[] = [];
  let skipped = 0;
  let now: WindowChoice | undefined;
  const pts = s.points;
  let from = 0;
  for (const t of [...starts].sort((a, b) => a - b)) {
    while (from < pts.length && pts[from].startMs + pts[from].durationS * 1000 <= t) from++;
    const avg = windowAverageFrom(pts, from, t, r.durationS);
    if (avg === undefined) {
      skipped++;
      continue;
    }
    const w = { zone: s.zone, startMs: t, endMs: t + r.durationS * 1000, gPerKWh: avg };
    if (t === r.earliestMs) now = w;
    windows.push(w);
  }
  return { windows, skipped, now };
}

const minBy = (ws: readonly WindowChoice[]) => ws.reduce((a, b) => (b.gPerKWh < a.gPerKWh ? b : a));
const maxBy = (ws: readonly WindowChoice[]) => ws.reduce((a, b) => (b.gPerKWh > a.gPerKWh ? b : a));

function toDto(zone: string, p: { startMs: number; gPerKWh: number }, durationS: number): CasdkEmissionsData {
  return { location: zone, timestamp: iso(p.startMs), duration: Math.round(durationS / 60), value: p.gPerKWh };
}

/**
 * A forecast answer whose `forecastData` is built when read (JSON.stringify reads it): as the SDK's
 * ForecastHandler, it is the rolling average, one entry per window of windowSize minutes, not the provider's raw
 * points. A year of hourly data for 100 zones is 876,000 entries: formatted only for `--casdk forecast`/`--json`.
 */
function withLazyForecastData(zone: string, windows: readonly WindowChoice[], durationS: number, f: Omit<CasdkForecast, 'forecastData'>): CasdkForecast {
  let data: CasdkEmissionsData[] | undefined;
  return Object.defineProperty({ ...f }, 'forecastData', {
    enumerable: true,
    get: () => (data ??= windows.map((w) => toDto(zone, w, durationS))),
  }) as CasdkForecast;
}

/** Whether every point of every series has the same value (yearly averages): one pass, stops at the first change. */
function allFlat(series: readonly GridSeries[]): boolean {
  for (const s of series) {
    const p = s.points;
    for (let i = 1; i < p.length; i++) if (p[i].gPerKWh !== p[0].gPerKWh) return false;
  }
  return true;
}

/**
 * Best zone and start. `series` must all carry one signal (checked); the first zone is "here", used for the
 * saving against running now.
 */
export function planSchedule<S extends SignalKind>(series: readonly GridSeries<S>[], r: ScheduleRequest, requestedAtMs: number): ScheduleResult<S> {
  if (!(r.durationS > 0)) throw new InvalidInputError('--duration', 'must be greater than zero');
  if (!(r.latestMs > r.earliestMs)) {
    throw new InvalidInputError(
      '--latest',
      `${iso(r.latestMs)} is not after --earliest ${iso(r.earliestMs)} (--earliest defaults to now); give a later --latest, e.g. +24h`,
    );
  }
  if (r.earliestMs + r.durationS * 1000 > r.latestMs) {
    throw new InvalidInputError('--duration', `a ${r.durationS / 3600} h job does not fit between ${iso(r.earliestMs)} and ${iso(r.latestMs)}`);
  }
  const signal = assertOneSignal(series);
  const zones: ZoneSchedule[] = [];
  const all: WindowChoice[] = [];
  const warnings: string[] = [];
  const forecasts: CasdkForecast[] = [];
  for (const s of series) {
    const { windows, skipped, now } = zoneWindows(s, r);
    const gaps = s.gaps
      .filter((g) => g.toMs > r.earliestMs && g.fromMs < r.latestMs)
      .map((g) => ({ from: iso(g.fromMs), to: iso(g.toMs) }));
    if (gaps.length) warnings.push(`${s.zone}: ${gaps.length} gap(s) in the data between earliest and latest; windows that touch them were skipped, not interpolated`);
    if (!windows.length) warnings.push(`${s.zone}: no fully covered ${r.durationS / 3600} h window between earliest and latest`);
    const best = windows.length ? minBy(windows) : undefined;
    zones.push({
      zone: s.zone,
      source: s.source,
      basis: s.basis,
      windowsEvaluated: windows.length,
      windowsSkippedForGaps: skipped,
      gaps,
      best,
      worst: windows.length ? maxBy(windows) : undefined,
      now,
    });
    for (const w of windows) all.push(w); // not push(...windows): a year of 5-minute data overflows the stack
    forecasts.push(withLazyForecastData(s.zone, windows, r.durationS, {
      generatedAt: iso(s.generatedAtMs ?? requestedAtMs),
      requestedAt: iso(requestedAtMs),
      location: s.zone,
      dataStartAt: iso(r.earliestMs),
      dataEndAt: iso(r.latestMs),
      windowSize: Math.round(r.durationS / 60),
      optimalDataPoints: best ? windows.filter((w) => w.gPerKWh === best.gPerKWh).map((w) => toDto(s.zone, w, r.durationS)) : [],
    }));
  }
  if (!all.length) {
    throw new InfeasibleError(
      `no zone has data covering a full ${r.durationS / 3600} h window between ${iso(r.earliestMs)} and ${iso(r.latestMs)}: ` +
        zones.map((z) => `${z.zone} (${z.gaps.length} gap(s))`).join(', '),
      { zones: zones.map((z) => z.zone) },
    );
  }
  if (allFlat(series)) {
    warnings.push('every series is flat over the day (yearly averages): the choice is between zones only, not times');
  }
  const best = minBy(all);
  const ties = all.filter((w) => w.gPerKWh === best.gPerKWh);
  const worst = maxBy(all);
  const now = zones[0].now;
  if (!now) warnings.push(`${series[0].zone}: no data covering a window that starts at earliest, so no saving against running now`);
  return {
    signal,
    unit: 'gCO2e/kWh',
    request: { durationS: r.durationS, earliest: iso(r.earliestMs), latest: iso(r.latestMs), ...(r.energyKWh === undefined ? {} : { energyKWh: r.energyKWh }) },
    best,
    ties,
    ...(now ? { now, savingVsNow: saving(now, best, r.energyKWh) } : {}),
    worst,
    savingVsWorst: saving(worst, best, r.energyKWh),
    zones,
    warnings,
    bylocationsBest: ties.map((w) => toDto(w.zone, w, r.durationS)),
    forecastsCurrent: forecasts,
  };
}
