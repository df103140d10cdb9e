/**
 * One candidate deployment, evaluated for one year of the scenario's demand: the operating batch (latency, memory,
 * regime), replicas to serve the peak, then energy, carbon (location- and market-based), water and embodied per
 * year and per 1,000 requests. Per-request energy comes from the estimator itself (core/inference.ts), so the
 * planner and `tokenprint estimate inference` can never disagree.
 */
import { type Precision } from '../core/precision.js';
import { type Range, exact, scale, add } from '../core/range.js';
import { sourced } from '../core/quantity.js';
import { type Factor, factor } from '../core/trace.js';
import { TokenprintError } from '../core/errors.js';
import { prepareInference, type InferenceEstimate } from '../core/inference.js';
import { SECONDS_PER_YEAR, embodiedForUse, yearsToSeconds } from '../core/embodied.js';
import { resolveInferenceDeployment } from '../estimate/inference-deployment.js';
import { peakFlopsFor } from '../catalog/shapes.js';
import { operatingPoint, replicasForPeak, type OperatingPoint } from './capacity.js';
import { peakShare, shiftDeferrable, weightedIntensity } from './hourly.js';
import type { BatchingRegime, HoursMode, Scenario } from './scenario.js';

/**
 * Days of requests in the planning year (365). The embodied share of that year is one year over the lifetime in years
 * (SECONDS_PER_YEAR of core/embodied.ts on both sides, so the year's length cancels).
 */
export const DAYS_PER_YEAR = 365;
/**
 * Planned peak utilisation of a replica when the scenario gives none: an assumption (serving fleets keep headroom
 * for bursts and failover; 0.8 is a common autoscaling target), traced as assumed.
 */
export const DEFAULT_MAX_UTILISATION = 0.8;

export interface OptionSpec {
  readonly model: string;
  readonly accelerator: string;
  /** Accelerators per replica (tensor parallel); undefined → the smallest power of two that holds the weights. */
  readonly countPerReplica?: number;
  readonly precision?: Precision;
  readonly batching: BatchingRegime;
  readonly region: string;
  readonly hours: HoursMode;
}

export interface HourlyIntensity {
  readonly values: readonly number[];
  readonly source: string;
}

export interface PlanContext {
  readonly scenario: Scenario;
  /** Demand shares per hour (sum 1). */
  readonly shares: readonly number[];
  /** Grid zone id (upper case) → 24 hourly average intensities. */
  readonly hourly: ReadonlyMap<string, HourlyIntensity>;
}

export interface AnnualFootprint {
  readonly requests: number;
  readonly energyKWh: Range;
  readonly carbonLocationKg: Range;
  readonly carbonMarketKg: Range;
  readonly waterL: Range;
  readonly embodiedKg: Range;
  /** Operational location-based + embodied. */
  readonly totalLocationKg: Range;
  /** Operational market-based + embodied. */
  readonly totalMarketKg: Range;
}

export interface Per1kRequests {
  readonly energyWh: Range;
  readonly carbonLocationG: Range;
  readonly carbonMarketG: Range;
  readonly waterL: Range;
  readonly embodiedG: Range;
  readonly totalLocationG: Range;
}

export interface EvaluatedOption {
  readonly label: string;
  readonly spec: OptionSpec & { readonly countPerReplica: number; readonly precision: Precision };
  readonly zone: string;
  readonly quality: number;
  readonly qualityAssumed: boolean;
  readonly operating: OperatingPoint;
  readonly interTokenMs: number;
  readonly replicas: number;
  readonly accelerators: number;
  readonly annual: AnnualFootprint;
  readonly per1k: Per1kRequests;
  readonly perRequest: InferenceEstimate['perRequest'];
  /** What the rebound projection needs to grow the option with demand. */
  readonly scaling: {
    readonly replicaSPerRequest: number;
    readonly embodiedKgPerAcceleratorYear: Range;
    readonly peakRequestsPerSPerRequestPerDay: number;
    readonly maxUtilisation: number;
  };
  readonly trace: readonly Factor[];
  readonly warnings: readonly string[];
}

export type Evaluation =
  | { readonly ok: true; readonly option: EvaluatedOption }
  | { readonly ok: false; readonly label: string; readonly spec: OptionSpec; readonly reason: string };

export function labelOf(s: OptionSpec, count?: number, precision?: string): string {
  const c = count ?? s.countPerReplica;
  return `${s.model} · ${c === undefined ? '' : `${c}×`}${s.accelerator} · ${precision ?? s.precision ?? 'native'} · ${s.batching.id} · ${s.region} · ${s.hours}`;
}

function qualityOf(ctx: PlanContext, modelId: string, nativePrecision: Precision, precision: Precision): { q: number; source: string; assumed: boolean } {
  const entry = ctx.scenario.models.find((m) => m.id === modelId) ?? ctx.scenario.models.find((m) => m.id.toLowerCase() === modelId);
  if (!entry) return { q: Number.NaN, source: 'no quality score', assumed: true };
  const byP = entry.qualityByPrecision?.[precision];
  if (byP !== undefined) return { q: byP, source: `${entry.source} (${precision})`, assumed: false };
  const same = precision === nativePrecision || (precision === 'fp16' && nativePrecision === 'bf16') || (precision === 'bf16' && nativePrecision === 'fp16');
  return same
    ? { q: entry.quality, source: entry.source, assumed: false }
    : { q: entry.quality, source: `${entry.source}; no score given at ${precision}: the native-precision score is used`, assumed: true };
}

export function evaluateOption(spec: OptionSpec, ctx: PlanContext): Evaluation {
  try {
    return { ok: true, option: evaluate(spec, ctx) };
  } catch (e) {
    if (e instanceof TokenprintError && (e.code === 'INFEASIBLE' || e.code === 'INVALID_INPUT')) {
      const label = labelOf(spec);
      return { ok: false, label, spec, reason: e.message.startsWith(label) ? e.message : `${label}: ${e.message}` };
    }
    throw e;
  }
}

class OptionInfeasible extends TokenprintError {
  constructor(msg: string) {
    super('INFEASIBLE', msg);
  }
}

function evaluate(spec: OptionSpec, ctx: PlanContext): EvaluatedOption {
  const w = ctx.scenario.workload;
  const meanIn = w.inputTokens.mean;
  const meanOut = w.outputTokens.mean;
  const { deployment, model, accelerator, zone } = resolveInferenceDeployment({
    model: spec.model,
    hardware: spec.accelerator,
    gpus: spec.countPerReplica,
    precision: spec.precision,
    batch: 1,
    // WORLD: no region given (compare-hardware without --region): the catalog's world average, traced as assumed.
    region: spec.region.toUpperCase() === 'WORLD' ? undefined : spec.region,
    typicalInputTokens: meanIn,
    typicalOutputTokens: meanOut,
  });
  const precision = deployment.precision as Precision;
  const count = deployment.count;
  const label = labelOf(spec, count, precision);
  const shape = { ...deployment.model, totalParams: deployment.model.totalParams.value, activeParams: deployment.model.activeParams.value };
  const op = operatingPoint({
    hw: deployment.hardware,
    count,
    shape,
    constants: deployment.calibration.constants,
    maxBatch: spec.batching.maxBatch,
    maxInterTokenS: w.latency.maxInterTokenMs / 1000,
    decodeCtx: meanIn + meanOut / 2,
    kvCtx: (w.inputTokens.p90 ?? meanIn) + (w.outputTokens.p90 ?? meanOut),
    promptTokens: meanIn,
  });
  if ('reason' in op) throw new OptionInfeasible(`${label}: ${op.reason}`);
  const est = prepareInference({
    ...deployment,
    batch: sourced(exact(op.batch), `derived: largest batch meeting the latency target and memory, limited by ${op.limitedBy}`, false),
  })({ inputTokens: meanIn, outputTokens: meanOut });

  const q = qualityOf(ctx, model.id, model.nativePrecision, precision);
  const util = w.maxUtilisation ?? DEFAULT_MAX_UTILISATION;
  const peak = peakShare(ctx.shares);
  const peakRps = (w.requestsPerDay * peak) / 3600;
  const replicaS = est.perRequest.replicaTimeS.value;
  const replicas = replicasForPeak(peakRps, replicaS, util);
  const accelerators = replicas * count;
  const requests = w.requestsPerDay * DAYS_PER_YEAR;
  const k = requests / 1000;

  const energyKWh = scale(est.perRequest.energyWh, k); // Wh × requests / 1000
  const hourly = ctx.hourly.get(zone.toUpperCase());
  const trace: Factor[] = [...est.trace];
  let carbonLocationKg: Range;
  if (hourly) {
    const shares = spec.hours === 'cleanest' ? shiftDeferrable(ctx.shares, w.deferrableShare, hourly.values, w.deferrableHours) : ctx.shares;
    const effective = weightedIntensity(shares, hourly.values);
    carbonLocationKg = scale(energyKWh, effective / 1000);
    trace.push(
      factor('effectiveLocationIntensity', effective, 'gCO2e/kWh', hourly.source, false, {
        note:
          spec.hours === 'cleanest'
            ? `load-weighted hourly average after moving the deferrable ${Math.round(w.deferrableShare * 100)}% into the cleanest allowed hours (fleet unchanged)`
            : 'load-weighted hourly average over the demand profile (replaces the yearly zone average)',
      }),
    );
  } else {
    // g per request × requests / 1000 → kg.
    carbonLocationKg = scale(est.perRequest.carbonG.location, k);
  }
  const carbonMarketKg = scale(est.perRequest.carbonG.market, k);
  const waterL = scale(est.perRequest.waterMl, k); // mL × requests / 1000
  const lifetimeS = yearsToSeconds(deployment.lifetimeYears.range);
  const emb = embodiedForUse({
    deviceKg: accelerator.embodied.kgCO2e,
    hostKg: accelerator.hostEmbodiedKgCO2e,
    count: accelerators,
    durationS: SECONDS_PER_YEAR,
    lifetimeS,
  });
  const embodiedKg = scale(emb.totalG, 1 / 1000);
  const annual: AnnualFootprint = {
    requests,
    energyKWh,
    carbonLocationKg,
    carbonMarketKg,
    waterL,
    embodiedKg,
    totalLocationKg: add(carbonLocationKg, embodiedKg),
    totalMarketKg: add(carbonMarketKg, embodiedKg),
  };
  const per = (r: Range, f: number) => scale(r, f / k);
  const per1k: Per1kRequests = {
    energyWh: per(energyKWh, 1000),
    carbonLocationG: per(carbonLocationKg, 1000),
    carbonMarketG: per(carbonMarketKg, 1000),
    waterL: per(waterL, 1),
    embodiedG: per(embodiedKg, 1000),
    totalLocationG: per(annual.totalLocationKg, 1000),
  };

  const profileGiven = w.dailyProfile !== undefined;
  trace.push(
    factor('operatingBatch', op.batch, 'sequences', `derived: physical model; limited by ${op.limitedBy}`, false, {
      note: `memory holds up to ${op.memoryMaxBatch} sequences at p90 context; regime ${spec.batching.id} allows ${spec.batching.maxBatch}`,
    }),
    factor('interTokenLatencyTargetMs', w.latency.maxInterTokenMs, 'ms', 'scenario workload.latency.maxInterTokenMs', false),
    factor('peakHourShare', peak, '1', profileGiven ? 'scenario workload.dailyProfile' : 'no daily profile given: flat demand assumed', !profileGiven),
    factor('replicaTimePerRequestS', replicaS, 's', 'derived: estimator replica time per request', false),
    factor('maxUtilisation', util, '1', w.maxUtilisation === undefined ? 'assumption: 0.8 planned peak utilisation (headroom for bursts)' : 'scenario workload.maxUtilisation', w.maxUtilisation === undefined),
    factor('replicas', replicas, '1', 'derived: ceil(peak requests/s × replica-s per request ÷ utilisation)', false),
    factor('acceleratorsProvisioned', accelerators, '1', 'derived: replicas × accelerators per replica', false),
    factor('requestsPerYear', requests, 'requests', `scenario workload.requestsPerDay × ${DAYS_PER_YEAR}`, false),
    factor('embodiedAllocation', 1, '1', 'SCI (ISO/IEC 21031:2024) time-based amortisation of the whole provisioned fleet', true, {
      note: 'reserved-capacity allocation: the fleet sized for the peak carries all its embodied carbon, busy or not',
    }),
    factor('quality', q.q, ctx.scenario.quality.metric, q.source, q.assumed),
  );
  const warnings = [...est.warnings];
  const pf = peakFlopsFor(accelerator, precision);
  if (pf.fallback) warnings.push(`${accelerator.id} has no ${precision} tensor throughput in the catalog; ${pf.format} peak used`);
  if (q.assumed) warnings.push(`quality of ${model.id} at ${precision} is assumed equal to its native-precision score`);
  return {
    label,
    spec: { ...spec, model: model.id, accelerator: accelerator.id, countPerReplica: count, precision },
    zone,
    quality: q.q,
    qualityAssumed: q.assumed,
    operating: op,
    interTokenMs: op.stepS * 1000,
    replicas,
    accelerators,
    annual,
    per1k,
    perRequest: est.perRequest,
    scaling: {
      replicaSPerRequest: replicaS,
      embodiedKgPerAcceleratorYear: scale(embodiedKg, 1 / accelerators),
      peakRequestsPerSPerRequestPerDay: peak / 3600,
      maxUtilisation: util,
    },
    trace,
    warnings,
  };
}

export type Objective = Scenario['objective'];

/** The figure an objective minimises, per year. */
export function objectiveValue(o: EvaluatedOption, objective: Objective): Range {
  switch (objective) {
    case 'carbon-location':
      return o.annual.totalLocationKg;
    case 'carbon-market':
      return o.annual.totalMarketKg;
    case 'energy':
      return o.annual.energyKWh;
    case 'water':
      return o.annual.waterL;
  }
}

export const OBJECTIVE_UNIT: Readonly<Record<Objective, string>> = {
  'carbon-location': 'kgCO2e/yr (location-based operational + embodied)',
  'carbon-market': 'kgCO2e/yr (market-based operational + embodied)',
  energy: 'kWh/yr',
  water: 'L/yr',
};
