/**
 * The ledger's read queries, in portable SQL (DuckDB and PostgreSQL): report sums by dimension, ingest and
 * factor-set totals, the event span, restatement pages, and the DuckDB settings ingestion tunes. The sums come from
 * the metrics table (metrics.ts). Everything above the store asks these; no SQL is written outside ledger/store/.
 */
import type { LedgerStore, SqlRow } from './store.js';
import { metricSumsSql } from './metrics.js';

export const DIMENSIONS = ['team', 'model', 'provider', 'region', 'deployment', 'app', 'day', 'month', 'scope', 'method'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** The SQL expression each report dimension groups by (tp_ledger columns). */
const DIMENSION_SQL: Record<Dimension, string> = {
  team: `COALESCE(team, '(none)')`,
  model: 'model',
  provider: 'provider',
  region: `COALESCE(zone, region, '(provider default)')`,
  deployment: `COALESCE(deployment, '(api)')`,
  app: `COALESCE(app, '(none)')`,
  day: 'day',
  month: 'month',
  scope: 'scope',
  method: 'method',
};

/** Rows without their on-site water part (migrated from schema < 4, not restated since), beside the water sums. */
const NO_WATER_SPLIT = `count(*) - count(water_onsite_ml) AS n_no_won`;

/**
 * Requests are summed (a row is 1, a bucket its count); a bucket without a count adds its tokens and footprint but no
 * requests, and is counted in n_unknown_req so the report can say so. The tier counts are requests per tier. The
 * metric sums count the rows without on-site water themselves (n_no_won).
 */
const REPORT_SUMS = `COALESCE(SUM(requests), 0) AS requests, ${metricSumsSql({ bounds: true, zeroIfEmpty: false })},
  SUM(CASE WHEN method = 'measured' THEN requests ELSE 0 END) AS n_measured,
  SUM(CASE WHEN method = 'modeled:deployment' THEN requests ELSE 0 END) AS n_deployment,
  SUM(CASE WHEN method = 'modeled:provider' THEN requests ELSE 0 END) AS n_provider,
  SUM(CASE WHEN kind = 'aggregate' THEN requests ELSE 0 END) AS n_agg_req,
  SUM(CASE WHEN kind = 'aggregate' THEN 1 ELSE 0 END) AS n_agg,
  SUM(CASE WHEN kind = 'aggregate' AND requests IS NULL THEN 1 ELSE 0 END) AS n_unknown_req`;

/** Which rows a report covers: one factor set, events in [fromMs, toMs). */
export interface ReportSelection {
  readonly fs: number;
  readonly fromMs: number;
  readonly toMs: number;
}

const WHERE = `fs = $1 AND ts_ms >= $2 AND ts_ms < $3`;
const params = (s: ReportSelection) => [s.fs, s.fromMs, s.toMs];

/** Report sums grouped by `by` (keys as k0, k1, …, ordered), the total, the sums per scope and the fallback counts. */
export async function reportSums(
  store: LedgerStore,
  sel: ReportSelection,
  by: readonly Dimension[],
): Promise<{ rows: SqlRow[]; total: SqlRow | undefined; scopes: SqlRow[]; fallbacks: SqlRow[] }> {
  const p = params(sel);
  const keyCols = by.map((d, i) => `${DIMENSION_SQL[d]} AS k${i}`);
  const rows = by.length
    ? await store.driver.query(
        `SELECT ${keyCols.join(', ')}, ${REPORT_SUMS} FROM tp_ledger WHERE ${WHERE} GROUP BY ${by.map((_, i) => `k${i}`).join(', ')} ORDER BY ${by.map((_, i) => `k${i}`).join(', ')}`,
        p,
      )
    : [];
  const tot = await store.driver.query(`SELECT ${REPORT_SUMS} FROM tp_ledger WHERE ${WHERE}`, p);
  const scopes = await store.driver.query(`SELECT scope, ${REPORT_SUMS} FROM tp_ledger WHERE ${WHERE} GROUP BY scope`, p);
  const fallbacks = await store.driver.query(
    `SELECT fallback, COALESCE(SUM(requests), 0) AS n, SUM(CASE WHEN kind = 'aggregate' THEN 1 ELSE 0 END) AS n_agg,
      SUM(CASE WHEN kind = 'aggregate' AND requests IS NULL THEN 1 ELSE 0 END) AS n_unknown_req FROM tp_ledger WHERE ${WHERE} AND fallback IS NOT NULL GROUP BY fallback ORDER BY count(*) DESC`,
    p,
  );
  return { rows, total: tot[0], scopes, fallbacks };
}

/** On-site water is stored per row; off-site is the rest of the total, L (n/a as soon as one row lacks its on-site part). */
export function waterPartsL(r: SqlRow): { waterOnsiteL: number | null; waterOffsiteL: number | null } {
  if (Number(r.n_no_won ?? 0) > 0) return { waterOnsiteL: null, waterOffsiteL: null };
  const on = Number(r.won ?? 0) / 1000;
  return { waterOnsiteL: on, waterOffsiteL: Number(r.w ?? 0) / 1000 - on };
}

/** The same sums over per-request rows and aggregate records, added (each table queried on its own, by its index). */
async function bothTables(store: LedgerStore, select: string, where: string, p: readonly unknown[]): Promise<SqlRow> {
  const [a] = await store.driver.query(`SELECT ${select} FROM tp_rows WHERE ${where}`, p);
  const [b] = await store.driver.query(`SELECT ${select} FROM tp_aggregates WHERE ${where}`, p);
  return Object.fromEntries(Object.keys(a).map((k) => [k, Number(a[k]) + Number(b[k])]));
}

/** Energy, carbon (both methods), water (total and on-site) and embodied sums of one ingest under factor set `fs` (0 when empty). */
export async function ingestTotals(store: LedgerStore, ingest: number, fs: number): Promise<SqlRow> {
  const sums = metricSumsSql({ bounds: false, zeroIfEmpty: true, only: ['energy_wh', 'carbon_loc_g', 'carbon_mkt_g', 'water_ml', 'water_onsite_ml', 'embodied_g'] });
  return bothTables(store, `${sums}, ${NO_WATER_SPLIT}`, `ingest = $1 AND fs = $2`, [ingest, fs]);
}

/** Energy, carbon (both methods) and water (total and on-site) sums of a factor set (0 when empty). */
export async function factorSetTotals(store: LedgerStore, fs: number): Promise<SqlRow> {
  const sums = metricSumsSql({ bounds: false, zeroIfEmpty: true, only: ['energy_wh', 'carbon_loc_g', 'carbon_mkt_g', 'water_ml', 'water_onsite_ml'] });
  return bothTables(store, `${sums}, ${NO_WATER_SPLIT}`, `fs = $1`, [fs]);
}

/** Rows of factor set `fs` stored without their on-site water (migrated from schema < 4, not restated since). */
export async function rowsWithoutWaterSplit(store: LedgerStore, fs: number): Promise<number> {
  const r = await store.driver.query(`SELECT count(*) AS n FROM tp_rows WHERE fs = $1 AND water_onsite_ml IS NULL`, [fs]);
  return Number(r[0]?.n ?? 0);
}

/**
 * The first and last event time of factor set `fs`, or undefined when it holds no events. An aggregate counts at its
 * window start (the period it belongs to).
 */
export async function eventSpanOrNoneMs(store: LedgerStore, fs: number): Promise<{ firstMs: number; lastMs: number } | undefined> {
  const r = await store.driver.query(`SELECT MIN(ts_ms) AS a, MAX(ts_ms) AS b FROM tp_rows WHERE fs = $1`, [fs]);
  const g = await store.driver.query(`SELECT MIN(start_ms) AS a, MAX(start_ms) AS b FROM tp_aggregates WHERE fs = $1`, [fs]);
  const ends = [r[0], g[0]].filter((x) => x?.a !== null && x?.a !== undefined && x?.b !== null && x?.b !== undefined);
  if (ends.length === 0) return undefined;
  return { firstMs: Math.min(...ends.map((x) => Number(x.a))), lastMs: Math.max(...ends.map((x) => Number(x.b))) };
}

/** The events of factor set `fs` after key `after`, in key order, `limit` at a time (restatement pages through them). */
export async function ledgerEventsPage(store: LedgerStore, fs: number, after: string, limit: number): Promise<SqlRow[]> {
  return store.driver.query(
    `SELECT key, event_id, ingest, line, ts_ms, provider, model, deployment, region, team, app, tags, input_tokens, cached_input_tokens, output_tokens, reasoning_tokens, latency_ms
       FROM tp_ledger WHERE fs = $1 AND key > $2 AND kind = 'request' ORDER BY key LIMIT ${Math.trunc(limit)}`,
    [fs, after],
  );
}

/** The aggregate records of factor set `fs` after key `after`, in key order, with their dims and labels (restatement). */
export async function ledgerAggregatesPage(store: LedgerStore, fs: number, after: string, limit: number): Promise<SqlRow[]> {
  return store.driver.query(
    `SELECT a.key, a.ingest, a.line, a.start_ms, a.end_ms, a.groups, a.requests, a.input_tokens, a.cached_input_tokens, a.output_tokens, a.reasoning_tokens,
            d.provider, d.model, d.deployment, d.region, l.team, l.app
       FROM tp_aggregates a JOIN tp_dims d ON d.id = a.dim JOIN tp_labels l ON l.id = a.label
      WHERE a.fs = $1 AND a.key > $2 ORDER BY a.key LIMIT ${Math.trunc(limit)}`,
    [fs, after],
  );
}

/**
 * Sets DuckDB settings for the length of an ingest and returns what restores them (`RESET` for a setting that was
 * empty and has no empty form). Values are the caller's constants; restored values are stripped to a safe alphabet.
 */
export async function setDuckDbSettings(store: LedgerStore, settings: readonly (readonly [string, string])[]): Promise<() => Promise<void>> {
  const before: [string, string][] = [];
  for (const [k, v] of settings) {
    const r = await store.driver.query(`SELECT current_setting('${k}') AS v`);
    before.push([k, String(r[0].v ?? '')]);
    await store.driver.run(`SET ${k} = '${v}'`);
  }
  return async () => {
    for (const [k, v] of before.reverse()) {
      if (k === 'disabled_compression_methods' && v === '') await store.driver.run(`RESET ${k}`);
      else await store.driver.run(`SET ${k} = '${v.replace(/[^0-9A-Za-z., ]/g, '')}'`);
    }
  };
}
