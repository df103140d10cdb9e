/**
 * The portable footprint view for a warehouse (docs/ledger.md): plain SQL over the warehouse's own `usage` table, the
 * factor table `tokenprint report --export-factors` writes (`tp_factors`, ledger/report/warehouse-factors.ts) and the
 * hourly grid table `--export-grid` writes (`tp_grid_hourly`, possibly empty). It evaluates the ledger's per-request
 * model in closed form (core/inference.ts RequestCoefficients): the context terms of decode and prefill, the
 * batch-shared step folded into the per-token coefficients, host power over the replica time, idle share, PUE, the
 * calibration, hourly location-based intensity, market instruments by period, on-site and off-site water, embodied
 * carbon over the replica time. Its metric columns come from the metrics table (metrics.ts: `warehouse`).
 *
 * Only arithmetic, COALESCE, CASE, CAST(… AS BIGINT), FLOOR, equi-joins and a WHERE on the validity span: SQL that
 * DuckDB and PostgreSQL run (tested: test/ledger/warehouse-view.test.ts) and that BigQuery, Snowflake and ClickHouse
 * accept (no UDF, no dialect function, no range join condition).
 */
import { LEDGER_METRICS } from './metrics.js';

/** The usage table's columns the view reads (docs/ledger.md: `ts_ms` is the event time, ms since the epoch, UTC). */
export const WAREHOUSE_USAGE_COLUMNS = ['ts_ms', 'provider', 'model', 'deployment', 'region', 'input_tokens', 'cached_input_tokens', 'output_tokens'] as const;

/** The per-row metric columns the view adds, from the metrics table (name and SQL). */
export const WAREHOUSE_METRICS: readonly { readonly column: string; readonly sql: string }[] = LEDGER_METRICS.flatMap((m) =>
  m.warehouse === null ? [] : [{ column: m.column, sql: m.warehouse }],
);

/** Generated tokens × (J per token + J per token per token of context × mean decode context) + the prefill term. */
const perRequest = (k: 'gpu_j' | 'replica_s') => `u.output_tokens * (f.${k}_per_output_token + f.${k}_per_output_token_ctx * (u.input_tokens + u.output_tokens / 2.0))
        + (u.input_tokens - COALESCE(u.cached_input_tokens, 0) * (1 - f.cached_input_factor))
          * (f.${k}_per_input_token + f.${k}_per_input_token_ctx * u.input_tokens / 2.0)`;

/**
 * The view docs/ledger.md documents: `usage` is the warehouse's table, `tp_factors` and `tp_grid_hourly` exported. Empty
 * key cells may load as NULL (CSV loaders differ): the join reads NULL as ''.
 */
export const WAREHOUSE_VIEW_SQL = `CREATE VIEW tp_footprint AS
SELECT x.*,
  ${WAREHOUSE_METRICS.map((m) => `${m.sql} AS ${m.column}`).join(',\n  ')}
FROM (
  SELECT r.*,
    (r.tp_gpu_j + r.tp_host_w * r.tp_replica_s) * (1 + r.tp_idle_share) / 3600.0 * r.tp_energy_factor AS tp_it_wh,
    (r.tp_gpu_j + r.tp_host_w * r.tp_replica_s) * (1 + r.tp_idle_share) * r.tp_pue / 3600.0 * r.tp_energy_factor AS tp_facility_wh
  FROM (
    SELECT u.*,
      f.method AS tp_method, f.est_model AS tp_est_model, f.hardware AS tp_hardware, f.zone AS tp_zone,
      ${perRequest('gpu_j')} AS tp_gpu_j,
      ${perRequest('replica_s')} AS tp_replica_s,
      f.host_w AS tp_host_w, f.idle_share AS tp_idle_share, f.pue AS tp_pue, f.energy_factor AS tp_energy_factor,
      COALESCE(g.g_per_kwh, f.loc_g_per_kwh) AS tp_loc_g_per_kwh,
      CASE WHEN f.mkt_is_location = 1 THEN COALESCE(g.g_per_kwh, f.loc_g_per_kwh) ELSE f.mkt_g_per_kwh END AS tp_mkt_g_per_kwh,
      f.wue_onsite_l_per_kwh AS tp_wue_onsite_l_per_kwh, f.offsite_l_per_kwh AS tp_offsite_l_per_kwh,
      f.embodied_g_per_replica_s AS tp_embodied_g_per_replica_s
    FROM usage u
    JOIN tp_factors f
      ON f.provider = u.provider
     AND COALESCE(f.model, '') = CASE WHEN u.provider = 'self-hosted' THEN '' ELSE u.model END
     AND COALESCE(f.deployment, '') = CASE WHEN u.provider = 'self-hosted' THEN COALESCE(u.deployment, '') ELSE '' END
     AND COALESCE(f.region, '') = CASE WHEN u.provider = 'self-hosted' THEN '' ELSE COALESCE(u.region, '') END
    LEFT JOIN tp_grid_hourly g
      ON g.zone = f.zone AND g.hour_ms = CAST(FLOOR(u.ts_ms / 3600000.0) AS BIGINT) * 3600000
    WHERE u.ts_ms >= f.valid_from_ms AND u.ts_ms < f.valid_to_ms
  ) r
) x`;
