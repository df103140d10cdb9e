/**
 * Reports over the ledger: sums by any of team, model, provider, region, deployment, app, day, month, scope and
 * method, over a period, under one factor set; plus the GHG view (Scope 2 both methods, Scope 3 cat. 1, Scope 3
 * cat. 2 inventory, amortised embodied), kept apart and labelled. Range bounds are summed bound by bound (the
 * errors of rows that share a model are correlated, so this is the honest interval, not a narrower one).
 */
import type { Range } from '../../core/range.js';
import { InvalidInputError } from '../../core/errors.js';
import { checkIsoDate } from '../../core/input-checks.js';
import { getAccelerator } from '../../catalog/accelerators.js';
import { resolveInferenceDeployment } from '../../estimate/inference-deployment.js';
import type { Precision } from '../../core/precision.js';
import type { LedgerStore, SqlRow } from '../store/store.js';
import { parseConfig, type LedgerConfig } from '../config.js';
import { dateEndMs, dateStartMs } from '../ingest/market.js';
import { type Dimension, DIMENSIONS, eventSpanOrNoneMs, reportSums } from '../store/queries.js';
import { LEDGER_METRICS, type LedgerMetric } from '../store/metrics.js';

export { DIMENSIONS, type Dimension } from '../store/queries.js';

export interface Totals {
  /** Requests counted: one per per-request row, a bucket's count for an aggregate record that has one. */
  readonly requests: number;
  /** Aggregate records (usage buckets) in these totals; their tokens and footprint are included. */
  readonly buckets: number;
  /**
   * Buckets whose source does not count requests (Anthropic's usage report): their tokens and footprint are in the
   * totals, their requests are not in `requests` (never invented).
   */
  readonly bucketsWithoutRequestCount: number;
  readonly inputTokens: number;
  readonly cachedInputTokens: number;
  readonly outputTokens: number;
  readonly reasoningTokens: number;
  readonly energyKWh: Range;
  readonly carbonKg: { readonly location: Range; readonly market: Range };
  /** Water, on-site plus off-site. */
  readonly waterL: Range;
  /**
   * The on-site (cooling) and off-site (electricity generation) parts of waterL.value, central values, L; they sum to
   * it. null when some rows were ingested before the split was stored (schema < 4) and not restated since.
   */
  readonly waterOnsiteL: number | null;
  readonly waterOffsiteL: number | null;
  readonly embodiedKg: Range;
  /** gCO2e per 1,000 tokens (input + output), location- and market-based. */
  readonly gPer1kTokens: { readonly location: number; readonly market: number };
  /** Share of the counted requests per method tier; `aggregate`: requests booked from buckets (any tier, ` (aggregate)`). */
  readonly methodMix: { readonly measured: number; readonly 'modeled:deployment': number; readonly 'modeled:provider': number; readonly aggregate: number };
}

export interface ReportRow extends Totals {
  readonly keys: Readonly<Record<string, string>>;
}

export interface GhgView {
  readonly scope2: { readonly label: string; readonly energyKWh: Range; readonly locationKg: Range; readonly marketKg: Range };
  readonly scope3Cat1: { readonly label: string; readonly energyKWh: Range; readonly locationKg: Range; readonly marketKg: Range };
  readonly scope3Cat2: {
    readonly label: string;
    readonly kg: Range;
    readonly items: readonly { deployment: string; accelerators: number; acquired: string | null; kg: Range; booked: boolean; note: string }[];
  };
  readonly embodiedAmortised: { readonly label: string; readonly kg: Range };
}

export interface Report {
  readonly factorSet: number;
  readonly from: string | null;
  readonly to: string | null;
  /**
   * The period the report covers, as inclusive ISO days: --from/--to when given, else the days of the first and last
   * event. The same period decides which hardware counts as acquired in it (Scope 3 cat. 2) and heads every view.
   */
  readonly period: { readonly from: string; readonly to: string } | null;
  readonly by: readonly Dimension[];
  readonly rows: readonly ReportRow[];
  readonly total: Totals;
  readonly ghg: GhgView;
  /**
   * Records estimated with a named fallback: the requests counted, the buckets among them and those of the buckets
   * without a request count (as in Totals: named beside the count, never turned into one).
   */
  readonly fallbacks: readonly { note: string; requests: number; buckets: number; bucketsWithoutRequestCount: number }[];
  readonly generatedAt: string;
}

export interface ReportOptions {
  readonly by?: readonly Dimension[];
  /** Inclusive start date (YYYY-MM-DD or YYYY-MM). */
  readonly from?: string;
  /** Inclusive end date (YYYY-MM-DD: the whole day; YYYY-MM: the whole month). */
  readonly to?: string;
  readonly factorSet?: number;
  /** Clock for `generatedAt` (tests pin it). */
  readonly now?: () => Date;
}

export function parseDimensions(raw: string): Dimension[] {
  const parts = raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const p of parts) {
    if (!(DIMENSIONS as readonly string[]).includes(p)) throw new InvalidInputError('--by', `'${p}' is not one of ${DIMENSIONS.join(', ')}`);
  }
  return parts as Dimension[];
}

/** --from and --to: real ISO-8601 days or months, in order (an empty period is a mistake, not a zero report). */
function checkPeriod(from: string | undefined, to: string | undefined): void {
  if (from !== undefined) checkIsoDate('--from', from);
  if (to !== undefined) checkIsoDate('--to', to);
  if (from !== undefined && to !== undefined && dateEndMs(to) <= dateStartMs(from)) {
    throw new InvalidInputError('--to', `the period ends (${to}) before it starts (--from ${from}); give --from ≤ --to`);
  }
}

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** The keys of Totals a metric can name (`carbonKg.location`): a number, a range or a nullable number. */
type PathsOf<T> = {
  [K in keyof T & string]: T[K] extends Range | number | null ? K : `${K}.${PathsOf<T[K]>}`;
}[keyof T & string];
export type TotalsPath = PathsOf<Omit<Totals, 'requests' | 'buckets' | 'bucketsWithoutRequestCount' | 'gPer1kTokens' | 'methodMix'>>;
// Compile-time: every metric's report key is a key of Totals (metrics.ts drives them; a typo fails here).
type MetricJson = (typeof LEDGER_METRICS)[number]['report']['json'];
const metricKeysAreTotals: MetricJson extends TotalsPath ? true : never = true;
void metricKeysAreTotals;

/** One metric's report value from a sums row (SQL aliases as metricSumsSql names them), in its report unit. */
function metricValue(r: SqlRow, m: LedgerMetric): number | Range | null {
  const nulls = (x: LedgerMetric) => x.nullable === true && n(r[`n_no_${x.as}`]) > 0;
  if (m.aggregation === 'difference') {
    const [a, b] = (m.of ?? []).map((c) => LEDGER_METRICS.find((x) => x.column === c) as LedgerMetric);
    if (nulls(a) || nulls(b)) return null;
    return n(r[a.as]) / a.report.per - n(r[b.as]) / b.report.per;
  }
  if (nulls(m)) return null;
  const per = m.report.per;
  return m.bounds ? { value: n(r[m.as]) / per, low: n(r[`${m.as}_lo`]) / per, high: n(r[`${m.as}_hi`]) / per } : n(r[m.as]) / per;
}

/** The metric part of Totals, keyed as the metrics table says, in its order. */
function metricTotals(r: SqlRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of LEDGER_METRICS) {
    const path = m.report.json.split('.');
    let at = out;
    for (const k of path.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
    at[path[path.length - 1]] = metricValue(r, m);
  }
  return out;
}

/** A metric's value in a Totals (its report key from the metrics table). */
export function totalsValue(t: Totals, path: string): number | Range | null {
  let at: unknown = t;
  for (const k of path.split('.')) at = (at as Record<string, unknown>)[k];
  return at as number | Range | null;
}

function totals(r: SqlRow): Totals {
  const req = n(r.requests);
  const tokens = n(r.input_tokens) + n(r.output_tokens);
  const l = n(r.l);
  const m = n(r.m);
  return {
    requests: req,
    buckets: n(r.n_agg),
    bucketsWithoutRequestCount: n(r.n_unknown_req),
    ...(metricTotals(r) as Omit<Totals, 'requests' | 'buckets' | 'bucketsWithoutRequestCount' | 'gPer1kTokens' | 'methodMix'>),
    gPer1kTokens: { location: tokens ? (l / tokens) * 1000 : 0, market: tokens ? (m / tokens) * 1000 : 0 },
    methodMix: {
      measured: req ? n(r.n_measured) / req : 0,
      'modeled:deployment': req ? n(r.n_deployment) / req : 0,
      'modeled:provider': req ? n(r.n_provider) / req : 0,
      aggregate: req ? n(r.n_agg_req) / req : 0,
    },
  };
}

export async function buildReport(store: LedgerStore, o: ReportOptions = {}): Promise<Report> {
  checkPeriod(o.from, o.to);
  const sets = await store.factorSets();
  const fsRow = o.factorSet !== undefined ? sets.find((f) => f.id === o.factorSet) : sets.find((f) => f.active);
  if (!fsRow) {
    throw new InvalidInputError(
      o.factorSet !== undefined ? '--factor-set' : '--db',
      o.factorSet !== undefined
        ? `no factor set ${o.factorSet} (have: ${sets.map((s) => s.id).join(', ') || 'none'})`
        : `${store.driver.location} holds no ledger yet: run \`npx tokenprint ingest FILE\` first`,
    );
  }
  const by = o.by ?? [];
  const span = o.from && o.to ? undefined : await eventSpanOrNoneMs(store, fsRow.id);
  const dayMs = 86_400_000;
  const first = span === undefined ? undefined : Math.floor(span.firstMs / dayMs) * dayMs;
  const last = span === undefined ? undefined : Math.floor(span.lastMs / dayMs) * dayMs + dayMs;
  const fromMs = o.from ? dateStartMs(o.from) : first ?? -8.64e15;
  const toMs = o.to ? dateEndMs(o.to) : last ?? 8.64e15;
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  const period = Math.abs(fromMs) < 8.64e15 && Math.abs(toMs) < 8.64e15 ? { from: day(fromMs), to: day(toMs - dayMs) } : null;
  const { rows, total: tot, scopes, fallbacks: fb } = await reportSums(store, { fs: fsRow.id, fromMs, toMs }, by);
  const byScope = new Map(scopes.map((s) => [String(s.scope), totals(s)]));
  const zero = totals({});
  const s2 = byScope.get('scope2') ?? zero;
  const s31 = byScope.get('scope3.1') ?? zero;
  const t = totals(tot ?? {});
  const config = parseConfig(fsRow.config, `factor set ${fsRow.id}`);
  return {
    factorSet: fsRow.id,
    from: o.from ?? null,
    to: o.to ?? null,
    period,
    by,
    rows: rows.map((r) => ({ keys: Object.fromEntries(by.map((d, i) => [d, String(r[`k${i}`])])), ...totals(r) })),
    total: t,
    ghg: {
      scope2: {
        label: 'Scope 2 — purchased electricity of self-hosted inference (GHG Protocol Scope 2 Guidance 2015, dual reporting)',
        energyKWh: s2.energyKWh,
        locationKg: s2.carbonKg.location,
        marketKg: s2.carbonKg.market,
      },
      scope3Cat1: {
        label: 'Scope 3 category 1 — purchased LLM API services (modelled provider electricity; supplier data replaces it when available)',
        energyKWh: s31.energyKWh,
        locationKg: s31.carbonKg.location,
        marketKg: s31.carbonKg.market,
      },
      scope3Cat2: inventory(config, fromMs, toMs),
      embodiedAmortised: {
        label: 'Embodied carbon amortised over hardware life (product view, SCI "M"; not an inventory figure, do not add to Scope 3 cat. 2)',
        kg: t.embodiedKg,
      },
    },
    fallbacks: fb.map((f) => ({ note: String(f.fallback), requests: n(f.n), buckets: n(f.n_agg), bucketsWithoutRequestCount: n(f.n_unknown_req) })),
    generatedAt: (o.now ?? (() => new Date()))().toISOString(),
  };
}

/** Scope 3 cat. 2: full cradle-to-gate footprint of hardware acquired in the period (GHG Protocol: not depreciated). */
function inventory(config: LedgerConfig, fromMs: number, toMs: number): GhgView['scope3Cat2'] {
  const items: GhgView['scope3Cat2']['items'][number][] = [];
  let v = 0;
  let lo = 0;
  let hi = 0;
  for (const d of config.deployments) {
    const acc = getAccelerator(d.accelerator);
    const count =
      d.count ??
      resolveInferenceDeployment({ model: d.model, hardware: d.accelerator, precision: d.precision as Precision | undefined, region: d.region }).deployment.count;
    const units = count * d.replicas;
    const kg = {
      value: units * (acc.embodied.kgCO2e.value + acc.hostEmbodiedKgCO2e.value),
      low: units * (acc.embodied.kgCO2e.low + acc.hostEmbodiedKgCO2e.low),
      high: units * (acc.embodied.kgCO2e.high + acc.hostEmbodiedKgCO2e.high),
    };
    const at = d.acquired ? dateStartMs(d.acquired) : undefined;
    const booked = at !== undefined && at >= fromMs && at < toMs;
    items.push({
      deployment: d.name,
      accelerators: units,
      acquired: d.acquired ?? null,
      kg,
      booked,
      note: at === undefined ? 'no acquisition date in the config: not booked' : booked ? 'acquired in the period: booked in full' : 'acquired outside the period',
    });
    if (booked) {
      v += kg.value;
      lo += kg.low;
      hi += kg.high;
    }
  }
  return {
    label: 'Scope 3 category 2 — capital goods: accelerators and host share acquired in the period, cradle-to-gate, in full (inventory view)',
    kg: { value: v, low: lo, high: hi },
    items,
  };
}
