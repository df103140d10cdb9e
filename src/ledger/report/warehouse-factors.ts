/**
 * The portable footprint for a warehouse: per-token factors for every (provider, model, deployment, region) the
 * ledger knows, linearised at the request shape given (default 1,000 input / 500 output tokens), for the SQL view
 * any SQL engine can run over its own usage table (ledger/store/warehouse-view.ts). The ledger itself evaluates the
 * full per-request model (context terms included); docs/ledger.md gives the difference this linearisation makes.
 */
import type { UsageEvent } from '../../sources/usage/event.js';
import type { LedgerConfig } from '../config.js';
import { LedgerEstimator, emptyFootprint } from '../ingest/estimator.js';
import { DEFAULT_CACHED_INPUT_FACTOR } from '../../catalog/defaults.js';
import { InvalidInputError } from '../../core/errors.js';
import type { LedgerStore } from '../store/store.js';
import { parseConfig } from '../config.js';

export interface FactorRow {
  readonly provider: string;
  readonly model: string;
  readonly deployment: string;
  readonly region: string;
  readonly j_per_input_token: number;
  readonly j_per_cached_input_token: number;
  readonly j_per_output_token: number;
  readonly loc_g_per_kwh: number;
  readonly mkt_g_per_kwh: number;
  readonly water_l_per_kwh: number;
  readonly embodied_g_per_output_token: number;
}

/**
 * Factors for each key: two probes of the ledger estimator (input-only and output-only requests at the reference
 * shape) give J per input and per output token, so the linear view reproduces the ledger at that shape.
 */
export function exportFactors(
  config: LedgerConfig,
  keys: readonly { provider: string; model: string; deployment?: string; region?: string }[],
  shape: { inputTokens: number; outputTokens: number } = { inputTokens: 1000, outputTokens: 500 },
  /** When the factors apply (selects market instruments by period), ms since the epoch. */
  atMs = 0,
): { rows: FactorRow[]; failed: { key: string; reason: string }[] } {
  const est = new LedgerEstimator(config, new Map());
  const fp = emptyFootprint();
  const rows: FactorRow[] = [];
  const failed: { key: string; reason: string }[] = [];
  const cachedF = DEFAULT_CACHED_INPUT_FACTOR.range.value;
  for (const k of keys) {
    const ev = (inputTokens: number, outputTokens: number): UsageEvent => ({
      timestampMs: atMs, provider: k.provider, model: k.model, deployment: k.deployment, region: k.region,
      inputTokens, cachedInputTokens: 0, outputTokens, reasoningTokens: 0,
    });
    const full = est.estimate(ev(shape.inputTokens, shape.outputTokens), fp);
    if (full !== undefined) {
      failed.push({ key: `${k.provider}/${k.model}/${k.deployment ?? ''}`, reason: full });
      continue;
    }
    const totWh = fp.energyWh;
    const loc = totWh ? fp.locG / (totWh / 1000) : 0;
    const mkt = totWh ? fp.mktG / (totWh / 1000) : 0;
    const water = totWh ? fp.waterMl / 1000 / (totWh / 1000) : 0;
    const emb = fp.embodiedG / shape.outputTokens;
    est.estimate(ev(shape.inputTokens, 0), fp);
    const inJ = (fp.energyWh * 3600) / shape.inputTokens;
    const outJ = ((totWh - fp.energyWh) * 3600) / shape.outputTokens;
    rows.push({
      provider: k.provider, model: k.model, deployment: k.deployment ?? '', region: k.region ?? '',
      j_per_input_token: inJ, j_per_cached_input_token: inJ * cachedF, j_per_output_token: outJ,
      loc_g_per_kwh: loc, mkt_g_per_kwh: mkt, water_l_per_kwh: water, embodied_g_per_output_token: emb,
    });
  }
  return { rows, failed };
}

export function factorsCsv(rows: readonly FactorRow[]): string {
  const cols = ['provider', 'model', 'deployment', 'region', 'j_per_input_token', 'j_per_cached_input_token', 'j_per_output_token', 'loc_g_per_kwh', 'mkt_g_per_kwh', 'water_l_per_kwh', 'embodied_g_per_output_token'] as const;
  return [cols.join(','), ...rows.map((r) => cols.map((c) => String(r[c])).join(','))].join('\n') + '\n';
}

/**
 * The factor table of a ledger (`tokenprint report --export-factors`): every key booked under the active factor set,
 * under that set's config, with market instruments as of the latest event.
 */
export async function exportLedgerFactors(store: LedgerStore): Promise<{ rows: FactorRow[]; failed: { key: string; reason: string }[] }> {
  const active = await store.activeFactorSet();
  if (!active) throw new InvalidInputError('--db', `${store.driver.location} holds no ledger yet`);
  return exportFactors(parseConfig(active.config), await store.usageKeys(active.id), undefined, await store.lastEventMs(active.id));
}
