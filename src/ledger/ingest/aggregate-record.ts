/**
 * An aggregate usage record (a bucket) made ready for the ledger: estimated at its mean request with its widened
 * range (aggregate-footprint.ts), labelled, and laid out as a tp_aggregates row. Ingestion and restatement share it.
 */
import type { ParsedAggregate, UsageAggregate } from '../../sources/usage/aggregate.js';
import { MATCH_KEYS, type SourceLookup, type UsageMapping } from '../mapping.js';
import type { AggregateRow } from '../store/aggregate-rows.js';
import { estimateAggregate } from './aggregate-footprint.js';
import type { LedgerEstimator } from './estimator.js';
import type { Labels } from './labels.js';
import type { LedgerConfig } from '../config.js';
import { findProvider } from '../../catalog/providers.js';

/** The grouping key that names a bucket's inference geography (Anthropic's usage report). */
export const GEO_GROUP = 'inference_geo';

/**
 * The config's mapping applied to a bucket, as to a per-request row (ingest-packets.ts, restate.ts): the label rules
 * match on its grouping keys (`project_id`, `workspace_id`, `api_key_id`, `team_id`, `api_key`…, and the team the
 * reader gave for teamId); its `inference_geo` becomes its region where `mapping.zones` maps it (else the provider's
 * configured region applies, as before). Provider model ids and regions map to catalog models and zones in the
 * estimator, for both kinds alike.
 */
export function mapAggregate(mapping: UsageMapping, a: UsageAggregate): UsageAggregate {
  const g = a.groups;
  const geo = g[GEO_GROUP];
  const region = a.region === undefined && geo !== undefined && mapping.zoneFor(geo) !== undefined ? geo : a.region;
  let team = a.team;
  let app = a.app;
  if (mapping.hasLabelRules) {
    const look: SourceLookup = (names) => {
      const out: (string | undefined)[] = names.map((n) => g[n]);
      if (names === MATCH_KEYS.teamId) out.push(a.team);
      return out;
    };
    const hit = mapping.labelsFor(look);
    if (hit !== undefined) {
      team = hit.team ?? team;
      app = hit.app ?? app;
    }
  }
  if (region === a.region && team === a.team && app === a.app) return a;
  return { ...a, region, team, app };
}

/** An `inference_geo` that mapping.zones does not map, and the zone its buckets were booked in instead. */
export interface UnmappedGeoCount {
  readonly provider: string;
  readonly geo: string;
  /** The zone booked instead: the provider's configured region (through mapping.zones), else the catalog's default. */
  readonly zone: string | null;
  /** Where `zone` comes from: the config's providers.<id>.region, or the provider's catalog default. */
  readonly from: 'config' | 'catalog';
  /** Buckets seen since the last count was taken. */
  readonly buckets: number;
}

/** Adds `buckets` of one unmapped geo to a count kept per (provider, geo). */
export function countUnmappedGeo(counts: Map<string, UnmappedGeoCount>, g: Omit<UnmappedGeoCount, 'buckets'>, buckets: number): void {
  const k = `${g.provider}\u0001${g.geo}`;
  counts.set(k, { ...g, buckets: (counts.get(k)?.buckets ?? 0) + buckets });
}

/**
 * The bucket's `inference_geo` when mapping.zones does not map it and the bucket names no region of its own (so the
 * provider's region stands in, as mapAggregate leaves it), with that stand-in zone; undefined otherwise.
 */
export function unmappedGeo(config: LedgerConfig, mapping: UsageMapping, a: UsageAggregate): Omit<UnmappedGeoCount, 'buckets'> | undefined {
  const geo = a.groups[GEO_GROUP];
  if (geo === undefined || a.region !== undefined || mapping.zoneFor(geo) !== undefined) return undefined;
  const region = config.providers[a.provider]?.region;
  if (region !== undefined) return { provider: a.provider, geo, zone: mapping.zoneFor(region) ?? region, from: 'config' };
  return { provider: a.provider, geo, zone: findProvider(a.provider)?.defaultRegion ?? null, from: 'catalog' };
}

/** The stored row of one aggregate, or the reason it cannot be estimated (unknown model, tokens without requests…). */
export function aggregateRow(est: LedgerEstimator, labels: Labels, mapping: UsageMapping, p: Pick<ParsedAggregate, 'line' | 'aggregate'>, fs: number, ingest: number): AggregateRow | string {
  const a: UsageAggregate = mapAggregate(mapping, p.aggregate);
  const f = estimateAggregate(est, a);
  if (typeof f === 'string') return f;
  const groups: Record<string, string> = {};
  for (const k of Object.keys(a.groups).sort()) groups[k] = a.groups[k];
  const s = (x: { value: number; low: number; high: number }) => [x.value, x.low, x.high];
  return {
    key: a.key,
    fs,
    ingest,
    line: p.line,
    startMs: a.startMs,
    endMs: a.endMs,
    dim: f.dim.id,
    label: labels.id(a.team, a.app),
    groups: JSON.stringify(groups),
    requests: a.requests ?? null,
    requestsLow: f.requests.low,
    requestsHigh: f.requests.high,
    inputTokens: a.inputTokens,
    cachedInputTokens: a.cachedInputTokens,
    outputTokens: a.outputTokens,
    reasoningTokens: a.reasoningTokens,
    footprint: [...s(f.energyWh), ...s(f.carbonLocG), ...s(f.carbonMktG), ...s(f.waterMl), ...s(f.embodiedG), f.waterOnsiteMl],
    note: f.notes.join('; '),
  };
}
