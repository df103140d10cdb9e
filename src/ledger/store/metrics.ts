/**
 * The ledger's metrics, one line each (in the spirit of Impact Framework's parameter metadata): the column in
 * tp_rows / tp_ledger, its unit, how it aggregates, whether low/high bound columns sit beside it, and what it is. The
 * report sums, the ingest and restatement totals are generated from this table; a new summed metric is one line here
 * (plus its columns in schema.ts and rows.ts).
 */
export interface LedgerMetric {
  /** Column in tp_rows and tp_ledger. */
  readonly column: string;
  /** Name the sums return it as (kept short and stable: report.ts reads these). */
  readonly as: string;
  readonly unit: string;
  readonly aggregation: 'sum';
  /** Whether `<column>_low` and `<column>_high` hold the range bounds (summed bound by bound: `<as>_lo`, `<as>_hi`). */
  readonly bounds: boolean;
  readonly description: string;
}

export const LEDGER_METRICS = [
  { column: 'input_tokens', as: 'input_tokens', unit: 'tokens', aggregation: 'sum', bounds: false, description: 'prompt tokens, cached ones included' },
  { column: 'cached_input_tokens', as: 'cached_input_tokens', unit: 'tokens', aggregation: 'sum', bounds: false, description: 'prompt tokens served from the prefix cache' },
  { column: 'output_tokens', as: 'output_tokens', unit: 'tokens', aggregation: 'sum', bounds: false, description: 'generated tokens, reasoning ones included' },
  { column: 'reasoning_tokens', as: 'reasoning_tokens', unit: 'tokens', aggregation: 'sum', bounds: false, description: 'reasoning/thinking tokens' },
  { column: 'energy_wh', as: 'e', unit: 'Wh', aggregation: 'sum', bounds: true, description: 'energy at the row’s boundary' },
  { column: 'carbon_loc_g', as: 'l', unit: 'gCO2e', aggregation: 'sum', bounds: true, description: 'operational carbon, location-based (GHG Protocol Scope 2)' },
  { column: 'carbon_mkt_g', as: 'm', unit: 'gCO2e', aggregation: 'sum', bounds: true, description: 'operational carbon, market-based (GHG Protocol Scope 2)' },
  { column: 'water_ml', as: 'w', unit: 'mL', aggregation: 'sum', bounds: true, description: 'water, on-site plus off-site' },
  { column: 'water_onsite_ml', as: 'won', unit: 'mL', aggregation: 'sum', bounds: false, description: 'on-site (cooling) part of water_ml, central value (off-site = water_ml − this); NULL in rows migrated from schema 3 until restated' },
  { column: 'embodied_g', as: 'b', unit: 'gCO2e', aggregation: 'sum', bounds: true, description: 'embodied carbon amortised over hardware life (product view)' },
] as const satisfies readonly LedgerMetric[];

export type MetricColumn = (typeof LEDGER_METRICS)[number]['column'];

/**
 * The SELECT list that sums `metrics` (default: all): `SUM(col) AS as` and, with `bounds`, the bound columns.
 * `zeroIfEmpty` wraps each sum in COALESCE(…, 0) (an empty selection sums to 0, not NULL).
 */
export function metricSumsSql(o: { bounds: boolean; zeroIfEmpty: boolean; only?: readonly MetricColumn[] }): string {
  const wrap = (x: string) => (o.zeroIfEmpty ? `COALESCE(${x}, 0)` : x);
  const chosen: readonly LedgerMetric[] = o.only ? LEDGER_METRICS.filter((m) => o.only?.includes(m.column)) : LEDGER_METRICS;
  return chosen
    .flatMap((m) => {
      const out = [`${wrap(`SUM(${m.column})`)} AS ${m.as}`];
      if (o.bounds && m.bounds) out.push(`${wrap(`SUM(${m.column}_low)`)} AS ${m.as}_lo`, `${wrap(`SUM(${m.column}_high)`)} AS ${m.as}_hi`);
      return out;
    })
    .join(', ');
}

