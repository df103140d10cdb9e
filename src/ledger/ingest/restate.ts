/**
 * Restatement: recompute every footprint of the active factor set under the current factors (config, catalog,
 * calibration, hourly grid) into a new factor set, then make it active. The old rows stay, so earlier reports can
 * be reproduced with `--factor-set`. A killed restatement resumes: rows already restated are skipped. Aggregate
 * records (usage buckets) are restated the same way, each again at its mean request (aggregate-footprint.ts).
 */
import type { UsageEvent } from '../../sources/usage/event.js';
import { ConflictingInputError } from '../../core/errors.js';
import type { LedgerConfig } from '../config.js';
import { LedgerEstimator, emptyFootprint } from './estimator.js';
import { UsageMapping } from '../mapping.js';
import type { LedgerStore } from '../store/store.js';
import { RowBatch } from '../store/rows.js';
import { Labels } from './labels.js';
import { factorSignature } from '../store/factor-set.js';
import { factorSetTotals, ledgerAggregatesPage, ledgerEventsPage, rowsWithoutWaterSplit, waterPartsL } from '../store/queries.js';
import type { UsageAggregate } from '../../sources/usage/aggregate.js';
import type { AggregateRow } from '../store/aggregate-rows.js';
import type { SqlRow } from '../store/store.js';
import { aggregateRow, GEO_GROUP } from './aggregate-record.js';

export interface RestateSummary {
  readonly from: number;
  readonly to: number;
  readonly rows: number;
  readonly restated: number;
  readonly failed: number;
  readonly failures: readonly { key: string; reason: string }[];
  readonly before: RestateTotals;
  readonly after: RestateTotals;
}

/** A factor set's totals: water in L, its on-site and off-site parts null while a row lacks the split (schema < 4). */
export interface RestateTotals {
  readonly energyKWh: number;
  readonly carbonKgLocation: number;
  readonly carbonKgMarket: number;
  readonly waterL: number;
  readonly waterOnsiteL: number | null;
  readonly waterOffsiteL: number | null;
}

async function totalsOf(store: LedgerStore, fs: number): Promise<RestateTotals> {
  const r = await factorSetTotals(store, fs);
  return { energyKWh: Number(r.e) / 1000, carbonKgLocation: Number(r.l) / 1000, carbonKgMarket: Number(r.m) / 1000, waterL: Number(r.w) / 1000, ...waterPartsL(r) };
}

export async function restate(store: LedgerStore, config: LedgerConfig, o: { note?: string; pageSize?: number } = {}): Promise<RestateSummary> {
  const unlock = await store.writerLock();
  try {
    return await restateLocked(store, config, o);
  } finally {
    await unlock();
  }
}

async function restateLocked(store: LedgerStore, config: LedgerConfig, o: { note?: string; pageSize?: number }): Promise<RestateSummary> {
  const active = await store.activeFactorSet();
  if (!active) throw new ConflictingInputError(`${store.driver.location} holds no ledger yet: nothing to restate.`);
  const sig = factorSignature(config, await store.hourlyDigest());
  // Unchanged factors are nothing to restate, unless rows migrated from schema < 4 lack their on-site water: a
  // restatement under the same factors computes it (a new factor set, the old one kept as always).
  const unsplit = sig === active.signature ? await rowsWithoutWaterSplit(store, active.id) : 0;
  if (sig === active.signature && unsplit === 0) {
    throw new ConflictingInputError(`the factors are unchanged since factor set ${active.id}: nothing to restate (change the config, import hourly grid data, or upgrade tokenprint first).`);
  }
  const existing = (await store.factorSets()).find((f) => !f.active && f.signature === sig && f.id > active.id);
  const target = existing?.id ?? (await store.addFactorSet(sig, JSON.stringify(config), o.note ?? `restatement of factor set ${active.id}${unsplit > 0 ? ' (on-site/off-site water split)' : ''}`, false));
  const estimator = new LedgerEstimator(config, await store.hourly(), await store.dimIds());
  // The label rules re-apply to the stored events (zones and models apply in the estimator, to the ids as read).
  const mapping = new UsageMapping(config);
  const labelRules = mapping.hasLabelRules ? mapping : undefined;
  const labels = new Labels(await store.labelIds());
  const fp = emptyFootprint();
  const page = o.pageSize ?? 20_000;
  let last = '';
  let rows = 0;
  let restated = 0;
  const failures: { key: string; reason: string }[] = [];
  let failed = 0;
  for (;;) {
    const got = await ledgerEventsPage(store, active.id, last, page);
    if (got.length === 0) break;
    const batch = new RowBatch(target, 0);
    for (const r of got) {
      rows++;
      const e: { -readonly [K in keyof UsageEvent]: UsageEvent[K] } = {
        timestampMs: Number(r.ts_ms),
        model: String(r.model),
        provider: String(r.provider),
        inputTokens: Number(r.input_tokens),
        cachedInputTokens: Number(r.cached_input_tokens),
        outputTokens: Number(r.output_tokens),
        reasoningTokens: Number(r.reasoning_tokens),
      };
      if (r.event_id !== null) e.id = String(r.event_id);
      if (r.deployment !== null) e.deployment = String(r.deployment);
      if (r.region !== null) e.region = String(r.region);
      if (r.team !== null) e.team = String(r.team);
      if (r.app !== null) e.app = String(r.app);
      if (r.latency_ms !== null) e.latencyMs = Number(r.latency_ms);
      if (r.tags !== null) e.tags = JSON.parse(String(r.tags)) as Record<string, string>;
      const m = labelRules === undefined ? e : labelRules.label(e);
      const why = estimator.estimate(m, fp);
      if (why !== undefined) {
        failed++;
        if (failures.length < 20) failures.push({ key: String(r.key), reason: why });
        continue;
      }
      // Keep the original ingest and line so every restated row still points at its source record.
      batch.push(String(r.key), m, Number(r.line), labels.id(m.team, m.app), fp, Number(r.ingest));
    }
    restated += await store.commit({ rows: batch, dims: estimator.takeNewDims(), labels: labels.takeNew(), rejects: [] });
    last = String(got[got.length - 1].key);
  }
  let lastAgg = '';
  for (;;) {
    const got = await ledgerAggregatesPage(store, active.id, lastAgg, page);
    if (got.length === 0) break;
    const out: AggregateRow[] = [];
    for (const r of got) {
      rows++;
      const row = aggregateRow(estimator, labels, mapping, { line: Number(r.line), aggregate: storedAggregate(r) }, target, Number(r.ingest));
      if (typeof row === 'string') {
        failed++;
        if (failures.length < 20) failures.push({ key: String(r.key), reason: row });
        continue;
      }
      out.push(row);
    }
    restated += await store.commit({ rows: new RowBatch(target, 0), dims: estimator.takeNewDims(), labels: labels.takeNew(), rejects: [], aggregates: { rows: out, file: '' } });
    lastAgg = String(got[got.length - 1].key);
  }
  const before = await totalsOf(store, active.id);
  await store.activate(target);
  return { from: active.id, to: target, rows, restated, failed, failures, before, after: await totalsOf(store, target) };
}

/** A stored aggregate read back as the reader gave it (its dim's provider, model, deployment and region). */
function storedAggregate(r: SqlRow): UsageAggregate {
  const opt = (v: unknown) => (v === null || v === undefined ? undefined : String(v));
  const groups = JSON.parse(String(r.groups)) as Record<string, string>;
  // A region equal to the bucket's inference_geo was the mapping's (aggregate-record.ts): the new config's decides.
  const region = opt(r.region);
  return {
    key: String(r.key),
    startMs: Number(r.start_ms),
    endMs: Number(r.end_ms),
    provider: String(r.provider),
    model: String(r.model),
    region: region !== undefined && region === groups[GEO_GROUP] ? undefined : region,
    deployment: opt(r.deployment),
    requests: r.requests === null ? undefined : Number(r.requests),
    inputTokens: Number(r.input_tokens),
    cachedInputTokens: Number(r.cached_input_tokens),
    outputTokens: Number(r.output_tokens),
    reasoningTokens: Number(r.reasoning_tokens),
    groups,
    team: opt(r.team),
    app: opt(r.app),
  };
}
