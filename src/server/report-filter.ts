/**
 * Filters (team, model, provider, region) on top of the ledger report: the report is built by the requested
 * dimensions plus the filtered ones, rows that do not match are dropped, and the rest are summed back to the
 * requested dimensions. Sums are bound by bound, as in the ledger report (ledger/report.ts), so a filtered total
 * equals the unfiltered report's row for the same key.
 */
import type { Range } from '../core/range.js';
import { buildReport, type Dimension, type Report, type ReportRow, type Totals } from '../ledger/report/report.js';
import type { LedgerStore } from '../ledger/store/store.js';

export const FILTER_DIMS = ['team', 'model', 'provider', 'region'] as const;
export type Filters = Partial<Record<(typeof FILTER_DIMS)[number], string>>;

export interface FilteredReport extends Report {
  readonly filters: Filters;
}

const addR = (a: Range, b: Range): Range => ({ value: a.value + b.value, low: a.low + b.low, high: a.high + b.high });
const ZERO: Range = { value: 0, low: 0, high: 0 };

export function sumTotals(rows: readonly Totals[]): Totals {
  let t = {
    requests: 0, buckets: 0, uncounted: 0, aggregate: 0, inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0,
    energyKWh: ZERO, loc: ZERO, mkt: ZERO, waterL: ZERO, embodiedKg: ZERO, measured: 0, deployment: 0, provider: 0,
  };
  // On-site water: null (n/a) as soon as one row lacks it; off-site is the rest of the total, as in report.ts.
  let onsite: number | null = 0;
  for (const r of rows) {
    onsite = onsite === null || r.waterOnsiteL === null ? null : onsite + r.waterOnsiteL;
    t = {
      requests: t.requests + r.requests,
      buckets: t.buckets + r.buckets,
      uncounted: t.uncounted + r.bucketsWithoutRequestCount,
      aggregate: t.aggregate + r.methodMix.aggregate * r.requests,
      inputTokens: t.inputTokens + r.inputTokens,
      cachedInputTokens: t.cachedInputTokens + r.cachedInputTokens,
      outputTokens: t.outputTokens + r.outputTokens,
      reasoningTokens: t.reasoningTokens + r.reasoningTokens,
      energyKWh: addR(t.energyKWh, r.energyKWh),
      loc: addR(t.loc, r.carbonKg.location),
      mkt: addR(t.mkt, r.carbonKg.market),
      waterL: addR(t.waterL, r.waterL),
      embodiedKg: addR(t.embodiedKg, r.embodiedKg),
      measured: t.measured + r.methodMix.measured * r.requests,
      deployment: t.deployment + r.methodMix['modeled:deployment'] * r.requests,
      provider: t.provider + r.methodMix['modeled:provider'] * r.requests,
    };
  }
  const tokens = t.inputTokens + t.outputTokens;
  const share = (x: number) => (t.requests ? x / t.requests : 0);
  return {
    requests: t.requests,
    buckets: t.buckets,
    bucketsWithoutRequestCount: t.uncounted,
    inputTokens: t.inputTokens,
    cachedInputTokens: t.cachedInputTokens,
    outputTokens: t.outputTokens,
    reasoningTokens: t.reasoningTokens,
    energyKWh: t.energyKWh,
    carbonKg: { location: t.loc, market: t.mkt },
    waterL: t.waterL,
    waterOnsiteL: onsite,
    waterOffsiteL: onsite === null ? null : t.waterL.value - onsite,
    embodiedKg: t.embodiedKg,
    // kg → g per 1,000 tokens
    gPer1kTokens: { location: tokens ? (t.loc.value * 1e6) / tokens : 0, market: tokens ? (t.mkt.value * 1e6) / tokens : 0 },
    methodMix: { measured: share(t.measured), 'modeled:deployment': share(t.deployment), 'modeled:provider': share(t.provider), aggregate: share(t.aggregate) },
  };
}

export async function filteredReport(
  store: LedgerStore,
  o: { by: readonly Dimension[]; from?: string; to?: string; factorSet?: number; filters: Filters },
): Promise<FilteredReport> {
  const active = FILTER_DIMS.filter((d) => o.filters[d] !== undefined);
  if (!active.length) return { ...(await buildReport(store, o)), filters: {} };
  const by = [...o.by, ...active.filter((d) => !o.by.includes(d))];
  const r = await buildReport(store, { ...o, by });
  const kept = r.rows.filter((row) => active.every((d) => row.keys[d] === o.filters[d]));
  const groups = new Map<string, { keys: Record<string, string>; rows: ReportRow[] }>();
  for (const row of kept) {
    const keys = Object.fromEntries(o.by.map((d) => [d, row.keys[d]]));
    const id = JSON.stringify(o.by.map((d) => row.keys[d]));
    const g = groups.get(id) ?? { keys, rows: [] };
    g.rows.push(row);
    groups.set(id, g);
  }
  return {
    ...r,
    by: o.by,
    filters: Object.fromEntries(active.map((d) => [d, o.filters[d] as string])),
    rows: o.by.length ? [...groups.values()].map((g) => ({ keys: g.keys, ...sumTotals(g.rows) })) : [],
    total: sumTotals(kept),
  };
}
