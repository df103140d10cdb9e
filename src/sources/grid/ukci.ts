/**
 * UK Carbon Intensity API (National Energy System Operator, https://carbon-intensity.github.io/api-definitions/):
 * AVERAGE intensity of Great Britain's generation (direct, operational emission factors, imports included),
 * half-hourly, no key.
 *   GET /intensity/{from}/{to}     → { data: [{ from, to, intensity: { forecast, actual, index } }] }
 *   GET /intensity/{from}/fw48h    → same shape, 48 h of forecast from `from`
 * `actual` is used when present; otherwise `forecast`, marked estimated.
 */
import { InvalidInputError } from '../../core/errors.js';
import { type FetchLike, type HttpDeps, getJson, isRecord, trimSlash, unexpected } from './http.js';
import { type GridSeries, type GridSignalSource, type IntensityPoint, makeSeries } from './signal.js';

export const UKCI_DEFAULT_URL = 'https://api.carbonintensity.org.uk';
const PROVIDER = 'UK Carbon Intensity API';
const ZONES = new Set(['GB', 'UK']);

export interface UkciOptions extends HttpDeps {
  readonly baseUrl?: string;
  readonly now?: () => number;
}

/** The API takes `YYYY-MM-DDThh:mmZ`. */
function isoMinute(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16) + 'Z';
}

function parse(body: unknown): IntensityPoint[] {
  if (!isRecord(body) || !Array.isArray(body.data)) throw unexpected(PROVIDER, 'expected { data: [] }');
  const out: IntensityPoint[] = [];
  for (const d of body.data) {
    if (!isRecord(d) || typeof d.from !== 'string' || typeof d.to !== 'string' || !isRecord(d.intensity)) {
      throw unexpected(PROVIDER, 'an item lacks from/to/intensity');
    }
    const actual = typeof d.intensity.actual === 'number' ? d.intensity.actual : undefined;
    const forecast = typeof d.intensity.forecast === 'number' ? d.intensity.forecast : undefined;
    const v = actual ?? forecast;
    if (v === undefined) continue; // neither value: a gap
    const startMs = Date.parse(d.from);
    out.push({ startMs, durationS: (Date.parse(d.to) - startMs) / 1000, gPerKWh: v, estimated: actual === undefined });
  }
  return out;
}

export function ukCarbonIntensitySource(o: UkciOptions = {}): GridSignalSource<'average'> {
  const base = trimSlash(o.baseUrl ?? UKCI_DEFAULT_URL);
  const now = o.now ?? (() => Date.now());
  const deps: { fetch?: FetchLike } = { fetch: o.fetch };
  const check = (zone: string): void => {
    if (!ZONES.has(zone.toUpperCase())) {
      throw new InvalidInputError('zones', `the UK Carbon Intensity API covers Great Britain only (zone GB), not '${zone}'`);
    }
  };
  const src = 'UK Carbon Intensity API (NESO; average, direct emission factors)';
  return {
    id: 'ukci',
    signal: 'average',
    async history(zone, fromMs, toMs): Promise<GridSeries<'average'>> {
      check(zone);
      const body = await getJson(PROVIDER, `${base}/intensity/${isoMinute(fromMs)}/${isoMinute(toMs)}`, {}, deps, 'nothing (no key needed)');
      return makeSeries({ zone, signal: 'average', basis: 'direct', kind: 'history', source: src }, parse(body), fromMs, toMs);
    },
    async forecast(zone, fromMs, toMs): Promise<GridSeries<'average'>> {
      check(zone);
      const from = fromMs ?? now();
      const body = await getJson(PROVIDER, `${base}/intensity/${isoMinute(from)}/fw48h`, {}, deps, 'nothing (no key needed)');
      return makeSeries({ zone, signal: 'average', basis: 'direct', kind: 'forecast', source: src }, parse(body), from, toMs);
    },
  };
}
