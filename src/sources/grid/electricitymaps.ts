/**
 * Electricity Maps API v3 (https://static.electricitymaps.com/api/docs/index.html): average carbon intensity of
 * consumed electricity, flow-traced, hourly. Header `auth-token: $ELECTRICITYMAPS_TOKEN`.
 *   GET /v3/carbon-intensity/history?zone=Z                   → { zone, history: [{ carbonIntensity, datetime, emissionFactorType, isEstimated, … }] }  (last 24 h)
 *   GET /v3/carbon-intensity/past-range?zone=Z&start=…&end=…   → { zone, data: [ same items ] }  (older ranges)
 *   GET /v3/carbon-intensity/forecast?zone=Z                   → { zone, forecast: [{ carbonIntensity, datetime }], updatedAt }
 * (Shapes as also read by the Carbon Aware SDK's ElectricityMaps data source.)
 */
import { type FetchLike, type HttpDeps, getJson, isRecord, requireEnv, trimSlash, unexpected } from './http.js';
import { type FactorBasis, type GridSeries, type GridSignalSource, type IntensityPoint, makeSeries } from './signal.js';

export const ELECTRICITYMAPS_TOKEN_ENV = 'ELECTRICITYMAPS_TOKEN';
export const ELECTRICITYMAPS_DEFAULT_URL = 'https://api.electricitymap.org/v3';
const PROVIDER = 'Electricity Maps';
const DAY_MS = 86_400_000;

export interface ElectricityMapsOptions extends HttpDeps {
  /** API root including `/v3` (default the public API). */
  readonly baseUrl?: string;
  readonly now?: () => number;
}

function points(items: unknown, what: string): { points: IntensityPoint[]; basis: FactorBasis } {
  if (!Array.isArray(items)) throw unexpected(PROVIDER, `${what} is not an array`);
  const out: IntensityPoint[] = [];
  let basis: FactorBasis = 'unknown';
  for (const it of items) {
    if (!isRecord(it) || typeof it.datetime !== 'string') throw unexpected(PROVIDER, `an item of ${what} has no datetime`);
    // A null intensity is a hole in the provider's data: left out, so it shows as a gap.
    if (typeof it.carbonIntensity !== 'number') continue;
    if (it.emissionFactorType === 'lifecycle' || it.emissionFactorType === 'direct') basis = it.emissionFactorType;
    out.push({
      startMs: Date.parse(it.datetime),
      durationS: 3600,
      gPerKWh: it.carbonIntensity,
      estimated: it.isEstimated === true || what === 'forecast',
    });
  }
  return { points: out, basis };
}

export function electricityMapsSource(o: ElectricityMapsOptions = {}): GridSignalSource<'average'> {
  const env = o.env ?? process.env;
  const base = trimSlash(o.baseUrl ?? ELECTRICITYMAPS_DEFAULT_URL);
  const now = o.now ?? (() => Date.now());
  const deps: { fetch?: FetchLike } = { fetch: o.fetch };
  const call = (path: string): Promise<unknown> => {
    const token = requireEnv(env, ELECTRICITYMAPS_TOKEN_ENV, PROVIDER);
    return getJson(PROVIDER, `${base}/${path}`, { 'auth-token': token }, deps, ELECTRICITYMAPS_TOKEN_ENV);
  };
  const source = (p: string) => `Electricity Maps API v3 ${p} (average, consumption-based)`;
  return {
    id: 'electricitymaps',
    signal: 'average',
    async history(zone, fromMs, toMs): Promise<GridSeries<'average'>> {
      const z = encodeURIComponent(zone);
      const recent = fromMs >= now() - DAY_MS;
      const path = recent
        ? `carbon-intensity/history?zone=${z}`
        : `carbon-intensity/past-range?zone=${z}&start=${new Date(fromMs).toISOString()}&end=${new Date(toMs).toISOString()}`;
      const body = await call(path);
      if (!isRecord(body)) throw unexpected(PROVIDER, 'body is not an object');
      const { points: pts, basis } = points(recent ? body.history : body.data, recent ? 'history' : 'data');
      return makeSeries({ zone, signal: 'average', basis, kind: 'history', source: source(path.split('?')[0]) }, pts, fromMs, toMs);
    },
    async forecast(zone, fromMs, toMs): Promise<GridSeries<'average'>> {
      const body = await call(`carbon-intensity/forecast?zone=${encodeURIComponent(zone)}`);
      if (!isRecord(body)) throw unexpected(PROVIDER, 'body is not an object');
      const { points: pts } = points(body.forecast, 'forecast');
      const generatedAtMs = typeof body.updatedAt === 'string' ? Date.parse(body.updatedAt) : undefined;
      return makeSeries(
        { zone, signal: 'average', basis: 'lifecycle', kind: 'forecast', source: source('carbon-intensity/forecast'), generatedAtMs },
        pts,
        fromMs,
        toMs,
      );
    },
  };
}
