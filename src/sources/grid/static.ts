/**
 * Static yearly adapter: the catalog's yearly average intensity of a zone (or cloud region's zone), repeated hourly.
 * It has no hour-to-hour variation, so it can choose a zone but never a time; the series says so in its source.
 */
import { resolveRegion } from '../../catalog/grid.js';
import { type GridSeries, type GridSignalSource, type IntensityPoint, makeSeries } from './signal.js';

const HOUR_MS = 3_600_000;

export function staticYearlySource(deps: { now?: () => number } = {}): GridSignalSource<'average'> {
  const now = deps.now ?? (() => Date.now());
  const series = (zoneSpec: string, kind: 'history' | 'forecast', fromMs: number, toMs: number): GridSeries<'average'> => {
    const zone = resolveRegion(zoneSpec).zone;
    const start = Math.floor(fromMs / HOUR_MS) * HOUR_MS;
    const points: IntensityPoint[] = [];
    for (let t = start; t < toMs; t += HOUR_MS) {
      points.push({ startMs: t, durationS: 3600, gPerKWh: zone.intensityGPerKWh, estimated: true });
    }
    return makeSeries(
      {
        zone: zoneSpec,
        signal: 'average',
        basis: zone.factorType,
        kind,
        source: `${zone.source} (yearly average ${zone.year}, flat over the day: no hourly variation)`,
      },
      points,
      fromMs,
      toMs,
    );
  };
  return {
    id: 'static',
    signal: 'average',
    history: async (zone, fromMs, toMs) => series(zone, 'history', fromMs, toMs),
    forecast: async (zone, fromMs, toMs) => {
      const from = fromMs ?? now();
      return series(zone, 'forecast', from, toMs ?? from + 48 * HOUR_MS);
    },
  };
}
