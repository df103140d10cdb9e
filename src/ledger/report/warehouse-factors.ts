/**
 * The factor table of the portable warehouse view (ledger/store/warehouse-view.ts, docs/ledger.md): for every key the
 * ledger can estimate — each configured deployment, each API (provider, model, region) it booked — the closed-form
 * coefficients of the per-request model (core/inference.ts RequestCoefficients: the context and batch terms are in
 * them), the calibration, the site's intensities, and one row per span of time over which the market-based factor is
 * constant (the config's instruments start and end at month or day boundaries). With the hourly grid table
 * (`tp_grid_hourly`, exported beside it), the view gives each row the numbers `ingest` books, to float rounding.
 *
 * Join keys: self-hosted rows by deployment (model and region ''), API rows by provider, model and region (deployment
 * ''; region '' = the row named none: the config's provider region, if any, applies as in the ledger).
 *
 * Every method the ledger books has a closed form (`modeled:deployment`, `measured` = a calibrated deployment, and
 * `modeled:provider` = the provider-profile method on the provider's assumed deployment). EcoLogits, the comparison
 * method, is never booked by the ledger and has no row here. A key whose estimator lacks a closed form would be
 * listed in `failed`, never given approximate factors.
 */
import type { UsageEvent } from '../../sources/usage/event.js';
import type { LedgerConfig } from '../config.js';
import { LedgerEstimator } from '../ingest/estimator.js';
import { MarketFactors } from '../ingest/market.js';
import { InvalidInputError } from '../../core/errors.js';
import type { LedgerStore } from '../store/store.js';
import { parseConfig } from '../config.js';

export { WAREHOUSE_VIEW_SQL } from '../store/warehouse-view.js';

/** Validity bounds of a factor row with no market change: 0001-01-01 and 10000-01-01 UTC, ms. */
export const VALID_FROM_MIN_MS = -62_135_596_800_000;
export const VALID_TO_MAX_MS = 253_402_300_800_000;

export interface FactorRow {
  readonly provider: string;
  /** API rows: the model as the usage names it; '' for self-hosted rows (they join on the deployment). */
  readonly model: string;
  readonly deployment: string;
  readonly region: string;
  /** The span [valid_from_ms, valid_to_ms) of event times (ms since the epoch, UTC) the row prices. */
  readonly valid_from_ms: number;
  readonly valid_to_ms: number;
  /** Descriptive: method tier, model estimated, hardware, grid zone ('' when none). */
  readonly method: string;
  readonly est_model: string;
  readonly hardware: string;
  readonly zone: string;
  /** GPU J per generated token, before its context term; and per generated token per token of context. */
  readonly gpu_j_per_output_token: number;
  readonly gpu_j_per_output_token_ctx: number;
  readonly gpu_j_per_input_token: number;
  readonly gpu_j_per_input_token_ctx: number;
  /** Replica seconds, the same four terms. */
  readonly replica_s_per_output_token: number;
  readonly replica_s_per_output_token_ctx: number;
  readonly replica_s_per_input_token: number;
  readonly replica_s_per_input_token_ctx: number;
  readonly cached_input_factor: number;
  /** Host W attributed per replica second (0 at the gpu boundary), idle share, PUE (1 below facility). */
  readonly host_w: number;
  readonly idle_share: number;
  readonly pue: number;
  /** Calibration of a measured deployment (1 otherwise): scales energy, carbon and water, not embodied. */
  readonly energy_factor: number;
  /** Location-based intensity where no hourly figure applies (yearly, or the provider's), gCO2e/kWh. */
  readonly loc_g_per_kwh: number;
  /** Market-based intensity, gCO2e/kWh; ignored when mkt_is_location is 1 (no instrument: the location figure). */
  readonly mkt_g_per_kwh: number;
  readonly mkt_is_location: 0 | 1;
  readonly wue_onsite_l_per_kwh: number;
  readonly offsite_l_per_kwh: number;
  readonly embodied_g_per_replica_s: number;
}

/** The CSV columns, in order (the columns of the tp_factors table). */
export const FACTOR_COLUMNS = [
  'provider', 'model', 'deployment', 'region', 'valid_from_ms', 'valid_to_ms', 'method', 'est_model', 'hardware', 'zone',
  'gpu_j_per_output_token', 'gpu_j_per_output_token_ctx', 'gpu_j_per_input_token', 'gpu_j_per_input_token_ctx',
  'replica_s_per_output_token', 'replica_s_per_output_token_ctx', 'replica_s_per_input_token', 'replica_s_per_input_token_ctx',
  'cached_input_factor', 'host_w', 'idle_share', 'pue', 'energy_factor',
  'loc_g_per_kwh', 'mkt_g_per_kwh', 'mkt_is_location', 'wue_onsite_l_per_kwh', 'offsite_l_per_kwh', 'embodied_g_per_replica_s',
] as const satisfies readonly (keyof FactorRow)[];

/** Text columns of the factor table (the rest are numbers; valid_*_ms and mkt_is_location are integers). */
export const FACTOR_TEXT_COLUMNS: readonly string[] = ['provider', 'model', 'deployment', 'region', 'method', 'est_model', 'hardware', 'zone'];

export interface FactorKey {
  readonly provider: string;
  readonly model: string;
  readonly deployment?: string;
  readonly region?: string;
}

/**
 * The factor rows of `keys` under `config`. Self-hosted keys are taken by deployment (every configured deployment is
 * added); API keys as given, plus each (provider, model) with no region (the ledger applies the config's provider
 * region to such rows).
 */
export function exportFactors(config: LedgerConfig, keys: readonly FactorKey[]): { rows: FactorRow[]; failed: { key: string; reason: string }[] } {
  const est = new LedgerEstimator(config, new Map());
  const market = new MarketFactors(config.instruments);
  const rows: FactorRow[] = [];
  const failed: { key: string; reason: string }[] = [];
  const seen = new Set<string>();
  const all: FactorKey[] = [
    ...config.deployments.map((d) => ({ provider: 'self-hosted', model: '', deployment: d.name })),
    ...keys.flatMap((k) => (k.provider === 'self-hosted' ? [{ provider: k.provider, model: '', deployment: k.deployment }] : [k, { provider: k.provider, model: k.model }])),
  ];
  for (const k of all) {
    const self = k.provider === 'self-hosted';
    const key = { provider: k.provider, model: self ? '' : k.model, deployment: self ? (k.deployment ?? '') : '', region: self ? '' : (k.region ?? '') };
    const id = `${key.provider}/${key.model}/${key.deployment}/${key.region}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const ev: UsageEvent = {
      timestampMs: 0, provider: key.provider, model: key.model, deployment: self ? key.deployment : undefined, region: key.region || undefined,
      inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0,
    };
    const c = est.coefficientsFor(ev);
    if (typeof c === 'string') {
      failed.push({ key: id, reason: c });
      continue;
    }
    const q = c.coefficients;
    const base = {
      ...key,
      method: c.base.method, est_model: c.base.estModel, hardware: c.base.hardware ?? '', zone: c.zone ?? '',
      gpu_j_per_output_token: q.gpuJPerOutputToken, gpu_j_per_output_token_ctx: q.gpuJPerOutputTokenCtx,
      gpu_j_per_input_token: q.gpuJPerInputToken, gpu_j_per_input_token_ctx: q.gpuJPerInputTokenCtx,
      replica_s_per_output_token: q.replicaSPerOutputToken, replica_s_per_output_token_ctx: q.replicaSPerOutputTokenCtx,
      replica_s_per_input_token: q.replicaSPerInputToken, replica_s_per_input_token_ctx: q.replicaSPerInputTokenCtx,
      cached_input_factor: q.cachedInputFactor, host_w: q.hostW, idle_share: q.idleShare, pue: q.pue, energy_factor: c.calibration,
      loc_g_per_kwh: q.locationGPerKWh, wue_onsite_l_per_kwh: q.wueOnsiteLPerKWh, offsite_l_per_kwh: q.offsiteWaterLPerKWh,
      embodied_g_per_replica_s: q.embodiedGPerReplicaS,
    };
    if (c.kind === 'api' || c.zone === null) {
      // API services: the provider's market figure (our instruments cover our own electricity only, as in the ledger).
      const api = c.kind === 'api';
      rows.push({ ...base, valid_from_ms: VALID_FROM_MIN_MS, valid_to_ms: VALID_TO_MAX_MS, mkt_g_per_kwh: api ? q.marketGPerKWh : 0, mkt_is_location: api ? 0 : 1 });
      continue;
    }
    // Own electricity: one row per span over which the zone's instruments do not change.
    const cuts = [VALID_FROM_MIN_MS, ...market.breakpoints(c.zone).filter((t) => t > VALID_FROM_MIN_MS && t < VALID_TO_MAX_MS), VALID_TO_MAX_MS];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const m = market.at(c.zone, cuts[i], c.yearlyGPerKWh);
      rows.push({ ...base, valid_from_ms: cuts[i], valid_to_ms: cuts[i + 1], mkt_g_per_kwh: m?.gPerKWh ?? 0, mkt_is_location: m === undefined ? 1 : 0 });
    }
  }
  return { rows, failed };
}

function csv(cols: readonly string[], rows: readonly Readonly<Record<string, unknown>>[]): string {
  const cell = (v: unknown) => {
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

export function factorsCsv(rows: readonly FactorRow[]): string {
  return csv(FACTOR_COLUMNS, rows as unknown as readonly Record<string, unknown>[]);
}

/** One hour of a zone's location-based intensity (the tp_grid_hourly table the view left-joins). */
export interface GridHourRow {
  readonly zone: string;
  readonly hour_ms: number;
  readonly g_per_kwh: number;
}

export const GRID_COLUMNS = ['zone', 'hour_ms', 'g_per_kwh'] as const satisfies readonly (keyof GridHourRow)[];

export function gridCsv(rows: readonly GridHourRow[]): string {
  return csv(GRID_COLUMNS, rows as unknown as readonly Record<string, unknown>[]);
}

/**
 * The factor table of a ledger (`tokenprint report --export-factors`): every key booked under the active factor set
 * and every configured deployment, under that set's config; and its hourly grid data for the zones the factors name
 * (`--export-grid`), which the ledger applied when it booked the rows.
 */
export async function exportLedgerFactors(store: LedgerStore): Promise<{ rows: FactorRow[]; failed: { key: string; reason: string }[]; grid: GridHourRow[] }> {
  const active = await store.activeFactorSet();
  if (!active) throw new InvalidInputError('--db', `${store.driver.location} holds no ledger yet`);
  const { rows, failed } = exportFactors(parseConfig(active.config), await store.usageKeys(active.id));
  const zones = new Set(rows.map((r) => r.zone).filter((z) => z !== ''));
  const grid: GridHourRow[] = [];
  for (const [zone, hours] of await store.hourly()) {
    if (!zones.has(zone)) continue;
    for (const [hour_ms, g_per_kwh] of hours) grid.push({ zone, hour_ms, g_per_kwh });
  }
  grid.sort((a, b) => (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : a.hour_ms - b.hour_ms));
  return { rows, failed, grid };
}
