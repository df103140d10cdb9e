/**
 * The portable footprint view for a warehouse (docs/ledger.md): plain SQL over the warehouse's own `usage` table and
 * the factor table `tokenprint report --export-factors` writes (`tp_factors`, ledger/report/warehouse-factors.ts).
 */
/** The view docs/ledger.md documents: `usage` is the warehouse's table, `tp_factors` the exported factors. */
export const WAREHOUSE_VIEW_SQL = `CREATE VIEW tp_footprint AS
SELECT u.*,
  ((u.input_tokens - COALESCE(u.cached_input_tokens, 0)) * f.j_per_input_token
    + COALESCE(u.cached_input_tokens, 0) * f.j_per_cached_input_token
    + u.output_tokens * f.j_per_output_token) / 3600.0 AS energy_wh
FROM usage u
JOIN tp_factors f
  ON f.provider = u.provider AND f.model = u.model
 AND COALESCE(f.deployment, '') = COALESCE(u.deployment, '') AND COALESCE(f.region, '') = COALESCE(u.region, '');

CREATE VIEW tp_footprint_carbon AS
SELECT p.*, f.loc_g_per_kwh * p.energy_wh / 1000.0 AS carbon_loc_g,
       f.mkt_g_per_kwh * p.energy_wh / 1000.0 AS carbon_mkt_g,
       f.water_l_per_kwh * p.energy_wh AS water_ml,
       f.embodied_g_per_output_token * p.output_tokens AS embodied_g
FROM tp_footprint p
JOIN tp_factors f
  ON f.provider = p.provider AND f.model = p.model
 AND COALESCE(f.deployment, '') = COALESCE(p.deployment, '') AND COALESCE(f.region, '') = COALESCE(p.region, '');`;
