/**
 * The ledger's metrics, one line each (in the spirit of Impact Framework's parameter metadata): the column in
 * tp_rows / tp_ledger, its unit, how it aggregates, whether low/high bound columns sit beside it, what it is, where
 * it goes in a report (the JSON key in Totals, the CSV column, the report unit) and how the warehouse view computes
 * it per row. Generated from this table: the report sums and the ingest and restatement totals (queries.ts), the
 * report's totals, JSON keys and CSV columns (ledger/report/report.ts, report-render.ts), and the warehouse view's
 * output columns (warehouse-view.ts). A new metric is one line here plus its computation: its columns in schema.ts
 * and rows.ts and its value in the estimator's footprint (ledger/ingest/estimator.ts).
 */
export interface LedgerMetric {
  /** Column in tp_rows and tp_ledger (and in the warehouse view). */
  readonly column: string;
  /** Name the sums return it as (kept short and stable). */
  readonly as: string;
  readonly unit: string;
  /**
   * `sum`: a stored column summed by the reports. `difference`: not stored; the first metric's sum minus the second's
   * (`of`), null when the second is null.
   */
  readonly aggregation: 'sum' | 'difference';
  readonly of?: readonly [string, string];
  /** Whether `<column>_low` and `<column>_high` hold the range bounds (summed bound by bound: `<as>_lo`, `<as>_hi`). */
  readonly bounds: boolean;
  /** Whether the stored column may be NULL (rows migrated before it existed): the report total is then null. */
  readonly nullable?: boolean;
  readonly description: string;
  /**
   * In reports: the key in Totals (a dotted path for nested keys), the CSV column (null: JSON only; with bounds,
   * `<csv>_low` and `<csv>_high` follow) and the report unit's size in stored units (1000: mL → L, Wh → kWh, g → kg).
   */
  readonly report: { readonly json: string; readonly csv: string | null; readonly per: number };
  /**
   * Its central value per row in the warehouse view (warehouse-view.ts), in portable SQL over the view's inner
   * columns (`x.tp_…`); null: the usage table's own column, passed through.
   */
  readonly warehouse: string | null;
}

export const LEDGER_METRICS = [
  { column: 'input_tokens', as: 'input_tokens', unit: 'tokens', aggregation: 'sum', bounds: false, description: 'prompt tokens, cached ones included', report: { json: 'inputTokens', csv: 'input_tokens', per: 1 }, warehouse: null },
  { column: 'cached_input_tokens', as: 'cached_input_tokens', unit: 'tokens', aggregation: 'sum', bounds: false, description: 'prompt tokens served from the prefix cache', report: { json: 'cachedInputTokens', csv: null, per: 1 }, warehouse: null },
  { column: 'output_tokens', as: 'output_tokens', unit: 'tokens', aggregation: 'sum', bounds: false, description: 'generated tokens, reasoning ones included', report: { json: 'outputTokens', csv: 'output_tokens', per: 1 }, warehouse: null },
  { column: 'reasoning_tokens', as: 'reasoning_tokens', unit: 'tokens', aggregation: 'sum', bounds: false, description: 'reasoning/thinking tokens', report: { json: 'reasoningTokens', csv: null, per: 1 }, warehouse: null },
  { column: 'energy_wh', as: 'e', unit: 'Wh', aggregation: 'sum', bounds: true, description: 'energy at the row’s boundary', report: { json: 'energyKWh', csv: 'energy_kwh', per: 1000 }, warehouse: 'x.tp_facility_wh' },
  { column: 'carbon_loc_g', as: 'l', unit: 'gCO2e', aggregation: 'sum', bounds: true, description: 'operational carbon, location-based (GHG Protocol Scope 2)', report: { json: 'carbonKg.location', csv: 'co2e_location_kg', per: 1000 }, warehouse: 'x.tp_facility_wh / 1000.0 * x.tp_loc_g_per_kwh' },
  { column: 'carbon_mkt_g', as: 'm', unit: 'gCO2e', aggregation: 'sum', bounds: true, description: 'operational carbon, market-based (GHG Protocol Scope 2)', report: { json: 'carbonKg.market', csv: 'co2e_market_kg', per: 1000 }, warehouse: 'x.tp_facility_wh / 1000.0 * x.tp_mkt_g_per_kwh' },
  { column: 'water_ml', as: 'w', unit: 'mL', aggregation: 'sum', bounds: true, description: 'water, on-site plus off-site', report: { json: 'waterL', csv: 'water_l', per: 1000 }, warehouse: 'x.tp_it_wh * x.tp_wue_onsite_l_per_kwh + x.tp_facility_wh * x.tp_offsite_l_per_kwh' },
  { column: 'water_onsite_ml', as: 'won', unit: 'mL', aggregation: 'sum', bounds: false, nullable: true, description: 'on-site (cooling) part of water_ml, central value: WUE × IT energy; NULL in rows migrated from schema 3 until restated', report: { json: 'waterOnsiteL', csv: 'water_onsite_l', per: 1000 }, warehouse: 'x.tp_it_wh * x.tp_wue_onsite_l_per_kwh' },
  { column: 'water_offsite_ml', as: 'woff', unit: 'mL', aggregation: 'difference', of: ['water_ml', 'water_onsite_ml'], bounds: false, description: 'off-site part of water_ml (water consumed generating the electricity: off-site intensity × facility energy), central value', report: { json: 'waterOffsiteL', csv: 'water_offsite_l', per: 1000 }, warehouse: 'x.tp_facility_wh * x.tp_offsite_l_per_kwh' },
  { column: 'embodied_g', as: 'b', unit: 'gCO2e', aggregation: 'sum', bounds: true, description: 'embodied carbon amortised over hardware life (product view)', report: { json: 'embodiedKg', csv: 'embodied_kg', per: 1000 }, warehouse: 'x.tp_replica_s * x.tp_embodied_g_per_replica_s' },
] as const satisfies readonly LedgerMetric[];

export type MetricColumn = (typeof LEDGER_METRICS)[number]['column'];

/** The metrics stored per row and summed (aggregation `sum`). */
export const SUMMED_METRICS: readonly LedgerMetric[] = LEDGER_METRICS.filter((m) => m.aggregation === 'sum');

/**
 * The SELECT list that sums `metrics` (default: all summed ones): `SUM(col) AS as` and, with `bounds`, the bound
 * columns. `zeroIfEmpty` wraps each sum in COALESCE(…, 0) (an empty selection sums to 0, not NULL). A nullable metric
 * also counts its NULL rows (`n_no_<as>`), which make its total null.
 */
export function metricSumsSql(o: { bounds: boolean; zeroIfEmpty: boolean; only?: readonly MetricColumn[] }): string {
  const wrap = (x: string) => (o.zeroIfEmpty ? `COALESCE(${x}, 0)` : x);
  const chosen = o.only ? SUMMED_METRICS.filter((m) => (o.only as readonly string[]).includes(m.column)) : SUMMED_METRICS;
  return chosen
    .flatMap((m) => {
      const out = [`${wrap(`SUM(${m.column})`)} AS ${m.as}`];
      if (o.bounds && m.bounds) out.push(`${wrap(`SUM(${m.column}_low)`)} AS ${m.as}_lo`, `${wrap(`SUM(${m.column}_high)`)} AS ${m.as}_hi`);
      if (!o.only && m.nullable) out.push(`count(*) - count(${m.column}) AS n_no_${m.as}`);
      return out;
    })
    .join(', ');
}
