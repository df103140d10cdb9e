/**
 * WattTime API v3 (https://docs.watttime.org): the MARGINAL operating emissions rate (`signal_type=co2_moer`) of
 * a balancing-authority region (e.g. CAISO_NORTH), 5-minute points, in lbs CO2 per MWh.
 *   GET /login  (HTTP basic auth: $WATTTIME_USERNAME / $WATTTIME_PASSWORD)  → { token }
 *   GET /v3/forecast?region=R&signal_type=co2_moer                         → { data: [{ point_time, value }], meta: { data_point_period_seconds, units, generated_at, … } }
 *   GET /v3/historical?region=R&start=…&end=…&signal_type=co2_moer         → same shape
 * `/v3/signal-index` returns a 0–100 percentile, not an intensity, so it is not offered here.
 * The marginal signal answers "what does one more kWh emit now?" — right for shifting decisions, wrong for
 * attributing a footprint; it is never averaged with or compared to an average signal.
 */
import { GridSourceError, type FetchLike, type HttpDeps, getJson, isRecord, requireEnv, trimSlash, unexpected } from './http.js';
import { type GridSeries, type GridSignalSource, type IntensityPoint, makeSeries } from './signal.js';

export const WATTTIME_USERNAME_ENV = 'WATTTIME_USERNAME';
export const WATTTIME_PASSWORD_ENV = 'WATTTIME_PASSWORD';
export const WATTTIME_DEFAULT_URL = 'https://api.watttime.org';
const PROVIDER = 'WattTime';
/** 1 lb = 453.59237 g (exact, international avoirdupois pound); per MWh → per kWh divides by 1,000. */
export const G_PER_KWH_PER_LB_PER_MWH = 0.45359237;

export interface WattTimeOptions extends HttpDeps {
  /** API root without `/v3` (default https://api.watttime.org); `/login` and `/v3/…` hang off it. */
  readonly baseUrl?: string;
}

function toGPerKWh(value: number, units: string): number {
  if (units === 'lbs_co2_per_mwh') return value * G_PER_KWH_PER_LB_PER_MWH;
  if (units === 'g_co2_per_kwh' || units === 'kg_co2_per_mwh') return value;
  throw new GridSourceError(`${PROVIDER}: units '${units}' are not an emissions rate; tokenprint reads co2_moer in lbs_co2_per_mwh`, {
    provider: PROVIDER,
  });
}

function parse(body: unknown): { points: IntensityPoint[]; generatedAtMs?: number } {
  if (!isRecord(body) || !Array.isArray(body.data) || !isRecord(body.meta)) throw unexpected(PROVIDER, 'expected { data: [], meta: {} }');
  const meta = body.meta;
  const period = typeof meta.data_point_period_seconds === 'number' ? meta.data_point_period_seconds : 300;
  const units = typeof meta.units === 'string' ? meta.units : 'lbs_co2_per_mwh';
  if (meta.signal_type !== undefined && meta.signal_type !== 'co2_moer') {
    throw unexpected(PROVIDER, `signal_type '${String(meta.signal_type)}', expected co2_moer`);
  }
  const points: IntensityPoint[] = [];
  for (const d of body.data) {
    if (!isRecord(d) || typeof d.point_time !== 'string') throw unexpected(PROVIDER, 'a data item has no point_time');
    if (typeof d.value !== 'number') continue; // hole in the data: shows as a gap
    points.push({ startMs: Date.parse(d.point_time), durationS: period, gPerKWh: toGPerKWh(d.value, units), estimated: false });
  }
  const generatedAtMs = typeof meta.generated_at === 'string' ? Date.parse(meta.generated_at) : undefined;
  return { points, generatedAtMs };
}

export function wattTimeSource(o: WattTimeOptions = {}): GridSignalSource<'marginal'> {
  const env = o.env ?? process.env;
  const base = trimSlash(o.baseUrl ?? WATTTIME_DEFAULT_URL);
  const deps: { fetch?: FetchLike } = { fetch: o.fetch };
  let token: string | undefined;
  const creds = `${WATTTIME_USERNAME_ENV} and ${WATTTIME_PASSWORD_ENV}`;
  async function login(): Promise<string> {
    const user = requireEnv(env, WATTTIME_USERNAME_ENV, PROVIDER);
    const pass = requireEnv(env, WATTTIME_PASSWORD_ENV, PROVIDER);
    const body = await getJson(PROVIDER, `${base}/login`, { authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` }, deps, creds);
    if (!isRecord(body) || typeof body.token !== 'string') throw unexpected(PROVIDER, 'login answered without a token');
    return body.token;
  }
  async function call(path: string): Promise<unknown> {
    token ??= await login();
    try {
      return await getJson(PROVIDER, `${base}/v3/${path}`, { authorization: `Bearer ${token}` }, deps, creds);
    } catch (e) {
      // Tokens expire after 30 minutes (WattTime docs): log in again once.
      if (e instanceof GridSourceError && e.status === 401) {
        token = await login();
        return getJson(PROVIDER, `${base}/v3/${path}`, { authorization: `Bearer ${token}` }, deps, creds);
      }
      throw e;
    }
  }
  const source = (p: string) => `WattTime API v3 ${p} co2_moer (marginal)`;
  return {
    id: 'watttime',
    signal: 'marginal',
    async history(zone, fromMs, toMs): Promise<GridSeries<'marginal'>> {
      const q = `historical?region=${encodeURIComponent(zone)}&start=${new Date(fromMs).toISOString()}&end=${new Date(toMs).toISOString()}&signal_type=co2_moer`;
      const { points } = parse(await call(q));
      return makeSeries({ zone, signal: 'marginal', basis: 'direct', kind: 'history', source: source('/historical') }, points, fromMs, toMs);
    },
    async forecast(zone, fromMs, toMs): Promise<GridSeries<'marginal'>> {
      const { points, generatedAtMs } = parse(await call(`forecast?region=${encodeURIComponent(zone)}&signal_type=co2_moer`));
      return makeSeries(
        { zone, signal: 'marginal', basis: 'direct', kind: 'forecast', source: source('/forecast'), generatedAtMs },
        points.map((p) => ({ ...p, estimated: true })),
        fromMs,
        toMs,
      );
    },
  };
}
