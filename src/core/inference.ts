/**
 * Per-request inference footprint on a known deployment: the physical model of `inference-physics.ts` evaluated
 * at the corners of the input ranges, then boundary (gpu → server → facility), carbon, water and embodied share.
 *
 * `prepareInference` does all per-deployment work once (physics, trace); the returned function costs a few
 * multiplications per request, so ledgers can estimate millions of rows per second.
 */
import type { Range } from './range.js';
import { type Factor, type Boundary, type MethodTier, factor, rangeFactor } from './trace.js';
import { type SiteFactors, type SourcedRange, toFactor } from './quantity.js';
import {
  type AcceleratorSpecs,
  type ModelShape,
  type PhysicsConstants,
  servingStep,
  maxBatchForMemory,
  flopsPerToken,
  weightBytesResident,
} from './inference-physics.js';
import { InfeasibleError, InvalidInputError } from './errors.js';
import { amortisedEmbodied, J_PER_WH } from './impacts.js';

export interface HardwareInput extends AcceleratorSpecs {
  readonly id: string;
  /** Host power attributable to one accelerator at full load, W. */
  readonly hostPowerW: number;
  /** Manufacturing footprint of one accelerator, kgCO2e. */
  readonly embodiedKg: SourcedRange;
  /** Manufacturing footprint of the host share per accelerator, kgCO2e. */
  readonly hostEmbodiedKg: SourcedRange;
  /** Die-area × carbon-per-area lower bound of the device footprint, kgCO2e (LLMCarbon method), when die area is known. */
  readonly embodiedLowerBoundKg?: SourcedRange;
  readonly source: string;
}

export interface ModelInput extends Omit<ModelShape, 'totalParams' | 'activeParams'> {
  readonly id: string;
  readonly totalParams: Range;
  readonly activeParams: Range;
  readonly source: string;
  readonly architectureEstimated: boolean;
}

export interface Calibration {
  readonly constants: PhysicsConstants;
  /** measured/predicted spread on the calibration data (5th–95th percentile), applied to energy as a range. */
  readonly errorLow: number;
  readonly errorHigh: number;
  readonly source: string;
  /** Version tag of the fitted constants. */
  readonly version: string;
}

export interface InferenceDeployment {
  readonly hardware: HardwareInput;
  readonly count: number;
  /** Where `count` came from, for the trace; absent = given by the user. */
  readonly countSource?: string;
  readonly model: ModelInput;
  readonly precision: string;
  /** Average concurrent sequences per replica. */
  readonly batch: SourcedRange;
  readonly boundary: Boundary;
  readonly site: SiteFactors;
  readonly calibration: Calibration;
  /** Average host utilisation (host power = hostPowerW × this), dimensionless. */
  readonly hostUtilisation: SourcedRange;
  /** Energy of idle/provisioned capacity as a share of active server energy. */
  readonly idleShare: SourcedRange;
  /** Service life of accelerators and servers, years. */
  readonly lifetimeYears: SourcedRange;
  /** Prompt and output lengths the deployment typically serves (sets batch context and power draw). */
  readonly typicalInputTokens: number;
  readonly typicalOutputTokens: number;
  /** Energy of a cached input token relative to an uncached one (prefix-cache hit skips most prefill). */
  readonly cachedInputFactor: SourcedRange;
  /** Serving engine and its J per output token relative to vLLM, the calibration's engine (catalog/engines.ts). */
  readonly engine: string;
  readonly engineFactor: SourcedRange;
  readonly method: MethodTier;
}

export interface InferenceRequest {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedInputTokens?: number;
  /** Reasoning tokens are generated like output tokens; pass them separately when the API reports them apart. */
  readonly reasoningTokens?: number;
}

export interface InferenceEstimate {
  readonly kind: 'inference';
  readonly method: MethodTier;
  readonly boundary: Boundary;
  readonly model: string;
  readonly hardware: string;
  readonly count: number;
  readonly precision: string;
  /** Serving engine the energy is modelled for (absent where a method has no engine). */
  readonly engine?: string;
  readonly request: {
    readonly inputTokens: number;
    readonly cachedInputTokens: number;
    readonly outputTokens: number;
    readonly reasoningTokens: number;
  };
  readonly perOutputToken: { readonly energyJ: Range };
  readonly perInputToken: { readonly energyJ: Range };
  readonly perRequest: {
    readonly energyWh: Range;
    /** Accelerator energy alone (gpu boundary, PUE 1), Wh: what GPU-only measurements report (absent where a method does not split it out). */
    readonly gpuEnergyWh?: Range;
    readonly carbonG: { readonly location: Range; readonly market: Range };
    /** Water consumed, mL: on-site + off-site. */
    readonly waterMl: Range;
    /** On-site part: data-centre cooling water, on-site WUE × IT energy, mL. */
    readonly waterOnsiteMl: Range;
    /** Off-site part: water consumed generating the electricity, intensity × facility energy, mL. */
    readonly waterOffsiteMl: Range;
    readonly embodiedCarbonG: Range;
    /** Replica time the request occupies (its share of decode steps plus its prefill), s. */
    readonly replicaTimeS: Range;
  };
  readonly timing: {
    /** Inter-token latency (one decode step), ms. */
    readonly interTokenMs: Range;
    /** Output tokens per second of one replica. */
    readonly replicaThroughputTokS: Range;
  };
  /** Standard efficiency metrics of this request at the chosen boundary. */
  readonly metrics: {
    /** Forward FLOPs per generated token at the request's mean context (Kaplan et al. 2020), FLOP. */
    readonly flopsPerOutputToken: number;
    /** Achieved model-FLOPs utilisation of a decode step (central case), dimensionless. */
    readonly decodeMfu: number;
    /** Generated tokens (output + reasoning) per joule. */
    readonly outputTokensPerJ: Range;
    /** Generated tokens per kWh. */
    readonly outputTokensPerKWh: Range;
    /** Location-based gCO2e per 1,000 tokens processed (input + generated). */
    readonly carbonGPer1kTokens: Range;
    /** Software Carbon Intensity per request, SCI = (E·I + M)/R with R = one request, gCO2e (ISO/IEC 21031:2024). */
    readonly sciGPerRequest: Range;
  };
  readonly trace: readonly Factor[];
  readonly warnings: readonly string[];
}

/** Per-deployment coefficients at one corner of the input ranges. */
interface Corner {
  /** J per output token at the gpu boundary, before the context term. */
  readonly outJ: number;
  /** J per output token per token of context (KV reads + attention FLOPs). */
  readonly outJPerCtx: number;
  readonly inJ: number;
  readonly inJPerCtx: number;
  /** Replica-seconds per output token and per input token. */
  readonly outS: number;
  readonly outSPerCtx: number;
  readonly inS: number;
  readonly inSPerCtx: number;
  readonly stepS: number;
  readonly throughput: number;
  /** Achieved model-FLOPs utilisation of one decode step. */
  readonly mfu: number;
}

const SECONDS_PER_YEAR = 365.25 * 24 * 3600;

function shapeAt(m: ModelInput, which: 'low' | 'value' | 'high'): ModelShape {
  return { ...m, totalParams: m.totalParams[which], activeParams: m.activeParams[which] };
}

function corner(d: InferenceDeployment, m: ModelShape, batch: number): Corner {
  const c = d.calibration.constants;
  const hw = d.hardware;
  const n = d.count;
  const ctx = d.typicalInputTokens + d.typicalOutputTokens / 2;
  const step = servingStep(hw, n, m, c, batch, ctx, d.typicalInputTokens);
  // Marginal cost of one more token of context for one sequence: its KV bytes and attention FLOPs.
  const memEff = m.experts ? c.memEfficiency * c.moeMemEfficiency : c.memEfficiency;
  const kvS = m.kvBytesPerToken / (n * hw.memoryBandwidthBps * memEff);
  const attnS = (2 * m.attentionLayers * m.attentionDim) / (n * hw.peakFlops * c.decodeComputeEfficiency);
  const ctxSPerStep = kvS + attnS; // per sequence, per token of context
  // Split the step time into the part shared by the batch and the part that scales with each sequence's context.
  const sharedS = step.stepS - batch * ctx * ctxSPerStep;
  const outS = sharedS / batch; // replica-seconds per output token, excluding own-context term
  const powerDecode = step.decodePowerW;
  const prefillFlopsPerCtx = 2 * m.attentionLayers * m.attentionDim;
  const inS = (2 * m.activeParams) / (n * hw.peakFlops * c.prefillComputeEfficiency);
  const inSPerCtx = prefillFlopsPerCtx / (n * hw.peakFlops * c.prefillComputeEfficiency);
  // Engine: a throughput ratio vs vLLM at the same power, so it stretches every time and energy term alike.
  const f = d.engineFactor.range.value;
  return {
    outJ: f * powerDecode * outS,
    outJPerCtx: f * powerDecode * ctxSPerStep,
    inJ: f * step.prefillPowerW * inS,
    inJPerCtx: f * step.prefillPowerW * inSPerCtx,
    outS: f * outS,
    outSPerCtx: f * ctxSPerStep,
    inS: f * inS,
    inSPerCtx: f * inSPerCtx,
    stepS: f * step.stepS,
    throughput: batch / (f * step.stepS),
    mfu: (batch * flopsPerToken(m, ctx)) / (n * hw.peakFlops * f * step.stepS),
  };
}

/** The physics evaluated at every corner of (parameter range) × (batch range); index 4 is the central case. */
function cornersOf(d: InferenceDeployment): Corner[] {
  const shapes = [shapeAt(d.model, 'low'), shapeAt(d.model, 'value'), shapeAt(d.model, 'high')];
  const b = d.batch.range;
  const corners: Corner[] = [];
  for (const s of shapes) for (const bb of [b.low, b.value, b.high]) corners.push(corner(d, s, bb));
  return corners;
}

/** Embodied grams per replica-second: (device + host share) × count, amortised over the lifetime. */
function embodiedGPerReplicaS(d: InferenceDeployment): Range {
  const life = d.lifetimeYears.range;
  const embKg = d.hardware.embodiedKg.range;
  const hostEmbKg = d.hardware.hostEmbodiedKg.range;
  const g = 1000 * d.count;
  const footprintG = { value: (embKg.value + hostEmbKg.value) * g, low: (embKg.low + hostEmbKg.low) * g, high: (embKg.high + hostEmbKg.high) * g };
  const lifeS = { value: life.value * SECONDS_PER_YEAR, low: life.low * SECONDS_PER_YEAR, high: life.high * SECONDS_PER_YEAR };
  return amortisedEmbodied(footprintG, 1, lifeS);
}

function checkPositive(name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new InvalidInputError(name, `must be a positive number, got ${v}`);
}

export type InferenceEstimator = (req: InferenceRequest) => InferenceEstimate;

/** Site and boundary constants of a deployment at one end of their ranges (value, low or high). */
interface ImpactConstants {
  readonly hostW: number;
  readonly host: number;
  readonly idle: number;
  readonly pue: number;
  readonly loc: number;
  readonly mkt: number;
  readonly wOn: number;
  readonly wOff: number;
  readonly emb: number;
}

/** The deployment's impact constants at value, low and high. */
function impactConstants(d: InferenceDeployment): readonly [ImpactConstants, ImpactConstants, ImpactConstants] {
  const emb = embodiedGPerReplicaS(d);
  const at = (w: 'value' | 'low' | 'high'): ImpactConstants => ({
    hostW: d.count * d.hardware.hostPowerW,
    host: d.hostUtilisation.range[w],
    idle: d.idleShare.range[w],
    pue: d.site.pue.range[w],
    loc: d.site.locationIntensityGPerKWh.range[w],
    mkt: d.site.marketIntensityGPerKWh.range[w],
    wOn: d.site.wueOnsiteLPerKWh.range[w],
    wOff: d.site.offsiteWaterLPerKWh.range[w],
    emb: emb[w],
  });
  return [at('value'), at('low'), at('high')];
}

/** Number of slots a row function fills: energy Wh, carbon location g, carbon market g, water mL, embodied g (value, low, high each). */
export const IMPACT_SLOTS = 15;

const r3 = (a: Float64Array, i: number): Range => ({ value: a[i], low: a[i + 1], high: a[i + 2] });

/** The per-deployment constants of every corner in flat arrays (no property loads through objects per request). */
interface CornerTable {
  readonly n: number;
  readonly outJ: Float64Array;
  readonly outJPerCtx: Float64Array;
  readonly inJ: Float64Array;
  readonly inJPerCtx: Float64Array;
  readonly outS: Float64Array;
  readonly outSPerCtx: Float64Array;
  readonly inS: Float64Array;
  readonly inSPerCtx: Float64Array;
}

function cornerTable(corners: readonly Corner[]): CornerTable {
  const n = corners.length;
  const col = (f: (k: Corner) => number) => Float64Array.from(corners, f);
  return {
    n,
    outJ: col((k) => k.outJ),
    outJPerCtx: col((k) => k.outJPerCtx),
    inJ: col((k) => k.inJ),
    inJPerCtx: col((k) => k.inJPerCtx),
    outS: col((k) => k.outS),
    outSPerCtx: col((k) => k.outSPerCtx),
    inS: col((k) => k.inS),
    inSPerCtx: col((k) => k.inSPerCtx),
  };
}

/** Slots of the span a row function leaves beside its impacts: GPU energy J and replica time s, value/low/high. */
const E_V = 0, E_LO = 1, E_HI = 2, S_V = 3, S_LO = 4, S_HI = 5;
const SPAN_SLOTS = 6;

/** min/max over the corners of J per output token and per input token, into out[0..4) (lo, hi, lo, hi). */
function perTokenSpan(t: CornerTable, decodeCtx: number, prefillCtx: number, out: Float64Array): void {
  let oLo = Infinity, oHi = 0, iLo = Infinity, iHi = 0;
  for (let i = 0; i < t.n; i++) {
    const jo = t.outJ[i] + t.outJPerCtx[i] * decodeCtx;
    const ji = t.inJ[i] + t.inJPerCtx[i] * prefillCtx;
    if (jo < oLo) oLo = jo;
    if (jo > oHi) oHi = jo;
    if (ji < iLo) iLo = ji;
    if (ji > iHi) iHi = ji;
  }
  out[0] = oLo;
  out[1] = oHi;
  out[2] = iLo;
  out[3] = iHi;
}

/** What both per-request paths share: the corners, the error band (model × engine) and the impact constants. */
interface Prepared {
  readonly corners: readonly Corner[];
  readonly table: CornerTable;
  readonly errLo: number;
  readonly errHi: number;
  readonly cachedF: Range;
  readonly impactV: ImpactConstants;
  readonly impactL: ImpactConstants;
  readonly impactH: ImpactConstants;
}

function prepare(d: InferenceDeployment): Prepared {
  const corners = cornersOf(d);
  const f = d.engineFactor.range;
  const impacts = impactConstants(d);
  return {
    corners,
    table: cornerTable(corners),
    errLo: d.calibration.errorLow * (f.low / f.value),
    errHi: d.calibration.errorHigh * (f.high / f.value),
    cachedF: d.cachedInputFactor.range,
    impactV: impacts[0],
    impactL: impacts[1],
    impactH: impacts[2],
  };
}

/** Checks that the deployment is valid and fits; returns the warnings an estimate should carry. */
function validateDeployment(d: InferenceDeployment): string[] {
  checkPositive('count', d.count);
  checkPositive('batch', d.batch.range.low);
  const warnings: string[] = [];
  const ctx = d.typicalInputTokens + d.typicalOutputTokens / 2;
  const hiShape = shapeAt(d.model, 'high');
  const resident = weightBytesResident(hiShape);
  const memory = d.count * d.hardware.memoryBytes;
  const lowResident = weightBytesResident(shapeAt(d.model, 'low'));
  if (lowResident > memory * 0.9) {
    throw new InfeasibleError(
      `${d.model.id} at ${d.precision} needs ${(lowResident / 1e9).toFixed(0)} GB of weights; ` +
        `${d.count} × ${d.hardware.id} hold ${(memory / 1e9).toFixed(0)} GB (90% usable). Use more accelerators or a lower precision.`,
      { model: d.model.id, hardware: d.hardware.id, weightBytes: lowResident, memoryBytes: memory },
    );
  }
  const maxB = maxBatchForMemory(d.hardware, d.count, hiShape, ctx);
  if (d.batch.range.high > maxB) {
    warnings.push(
      `batch up to ${d.batch.range.high} exceeds what fits in memory at ${Math.round(ctx)} tokens of context ` +
        `(about ${maxB}); the serving engine would queue or preempt.`,
    );
  }
  if (resident > memory * 0.9) {
    warnings.push(`the upper parameter estimate of ${d.model.id} does not fit ${d.count} × ${d.hardware.id}.`);
  }
  return warnings;
}

export function prepareInference(d: InferenceDeployment): InferenceEstimator {
  const warnings = validateDeployment(d);
  const p = prepare(d);
  const central = p.corners[4];
  const centralShape = shapeAt(d.model, 'value');
  const { errLo, errHi } = p;
  let itlLo = Infinity, itlHi = 0, thrLo = Infinity, thrHi = 0;
  for (const k of p.corners) {
    itlLo = Math.min(itlLo, k.stepS);
    itlHi = Math.max(itlHi, k.stepS);
    thrLo = Math.min(thrLo, k.throughput);
    thrHi = Math.max(thrHi, k.throughput);
  }
  const boundary = d.boundary;
  const trace = buildTrace(d, central);
  // Scratch reused across requests (each call copies its numbers out before returning).
  const span = new Float64Array(SPAN_SLOTS);
  const scratch = new Float64Array(IMPACT_SLOTS);
  const perToken = new Float64Array(4);
  const row = rowFunction(d, p, span);

  return (req: InferenceRequest): InferenceEstimate => {
    const inTok = req.inputTokens;
    const cached = req.cachedInputTokens ?? 0;
    const reasoning = req.reasoningTokens ?? 0;
    const outTok = req.outputTokens + reasoning;
    const decodeCtx = inTok + outTok / 2;
    const allTok = Math.max(inTok + outTok, 1);
    const prefillCtx = inTok / 2;
    row(inTok, cached, req.outputTokens, reasoning, scratch, 0);
    perTokenSpan(p.table, decodeCtx, prefillCtx, perToken);
    const gpuJ = { value: span[E_V], low: span[E_LO], high: span[E_HI] };
    const timeS = { value: span[S_V], low: span[S_LO], high: span[S_HI] };
    const energyWh = r3(scratch, 0);
    const carbonLoc = r3(scratch, 3);
    const totJ = { value: energyWh.value * 3600, low: energyWh.low * 3600, high: energyWh.high * 3600 };
    const scaleOut = totJ.value / (gpuJ.value || 1);
    // Off-site water = facility kWh × L/kWh = Wh × mL/Wh; on-site is the rest of the row function's sum (WUE × IT kWh).
    const water = r3(scratch, 9);
    const wOff = d.site.offsiteWaterLPerKWh.range;
    const waterOff = { value: energyWh.value * wOff.value, low: energyWh.low * wOff.low, high: energyWh.high * wOff.high };
    return {
      kind: 'inference',
      method: d.method,
      boundary,
      model: d.model.id,
      hardware: d.hardware.id,
      count: d.count,
      precision: d.precision,
      engine: d.engine,
      request: { inputTokens: inTok, cachedInputTokens: cached, outputTokens: req.outputTokens, reasoningTokens: reasoning },
      perOutputToken: {
        energyJ: {
          value: (central.outJ + central.outJPerCtx * decodeCtx) * scaleOut,
          low: perToken[0] * errLo * (totJ.low / (gpuJ.low || 1)),
          high: perToken[1] * errHi * (totJ.high / (gpuJ.high || 1)),
        },
      },
      perInputToken: {
        energyJ: {
          value: (central.inJ + central.inJPerCtx * prefillCtx) * scaleOut,
          low: perToken[2] * errLo * (totJ.low / (gpuJ.low || 1)),
          high: perToken[3] * errHi * (totJ.high / (gpuJ.high || 1)),
        },
      },
      perRequest: {
        energyWh,
        gpuEnergyWh: { value: gpuJ.value / J_PER_WH, low: gpuJ.low / J_PER_WH, high: gpuJ.high / J_PER_WH },
        carbonG: { location: carbonLoc, market: r3(scratch, 6) },
        waterMl: water,
        waterOnsiteMl: { value: water.value - waterOff.value, low: water.low - waterOff.low, high: water.high - waterOff.high },
        waterOffsiteMl: waterOff,
        embodiedCarbonG: r3(scratch, 12),
        replicaTimeS: timeS,
      },
      timing: {
        interTokenMs: { value: central.stepS * 1000, low: itlLo * 1000, high: itlHi * 1000 },
        replicaThroughputTokS: { value: central.throughput, low: thrLo, high: thrHi },
      },
      metrics: {
        flopsPerOutputToken: flopsPerToken(centralShape, decodeCtx),
        decodeMfu: central.mfu,
        outputTokensPerJ: { value: outTok / totJ.value, low: outTok / totJ.high, high: outTok / totJ.low },
        outputTokensPerKWh: { value: (outTok * 3.6e6) / totJ.value, low: (outTok * 3.6e6) / totJ.high, high: (outTok * 3.6e6) / totJ.low },
        carbonGPer1kTokens: {
          value: (carbonLoc.value * 1000) / allTok,
          low: (carbonLoc.low * 1000) / allTok,
          high: (carbonLoc.high * 1000) / allTok,
        },
        sciGPerRequest: {
          value: carbonLoc.value + scratch[12],
          low: carbonLoc.low + scratch[13],
          high: carbonLoc.high + scratch[14],
        },
      },
      trace,
      warnings,
    };
  };
}

/** One-shot convenience: prepare and estimate a single request. */
export function estimateInference(d: InferenceDeployment, req: InferenceRequest): InferenceEstimate {
  return prepareInference(d)(req);
}

function buildTrace(d: InferenceDeployment, central: Corner): Factor[] {
  const hw = d.hardware;
  const m = d.model;
  const c = d.calibration.constants;
  const cal = `${d.calibration.source} (constants ${d.calibration.version})`;
  const t: Factor[] = [
    factor('acceleratorTdpW', hw.tdpW, 'W', hw.source, false, { note: hw.id }),
    factor('acceleratorPeakFlops', hw.peakFlops, 'FLOP/s', hw.source, false, { note: `dense, ${d.precision} math` }),
    factor('acceleratorMemoryBandwidth', hw.memoryBandwidthBps, 'B/s', hw.source, false),
    factor('acceleratorCount', d.count, '1', d.countSource ?? 'user input', d.countSource !== undefined),
    rangeFactor('modelTotalParams', m.totalParams, 'params', m.source, m.architectureEstimated),
    rangeFactor('modelActiveParams', m.activeParams, 'params', m.source, m.architectureEstimated),
    factor('bytesPerParam', m.bytesPerParam, 'B', 'weight precision ' + d.precision, false),
    factor('kvCacheBytesPerToken', m.kvBytesPerToken, 'B', m.source, false),
    toFactor('batch', d.batch, 'sequences'),
    factor('typicalInputTokens', d.typicalInputTokens, 'tokens', 'sets batch context and power draw', true),
    factor('typicalOutputTokens', d.typicalOutputTokens, 'tokens', 'sets batch context and power draw', true),
    factor('memEfficiency', c.memEfficiency, '1', `fixed constant of ${d.calibration.version}, not fitted`, true, { note: 'achievable share of peak HBM bandwidth' }),
    factor('moeMemEfficiency', c.moeMemEfficiency, '1', cal, false, { note: 'MoE expert weights stream at this share of memEfficiency' }),
    factor('lowPrecisionMemEfficiency', c.lowPrecisionMemEfficiency, '1', cal, false, {
      note: 'FP8/4-bit weight streaming vs BF16 (dequantisation, kernel maturity): the speed-up is not the byte ratio',
    }),
    factor('decodeComputeEfficiency', c.decodeComputeEfficiency, '1', `fixed constant of ${d.calibration.version}, not fitted`, true, {
      note: 'decode GEMM share of peak',
    }),
    factor('moeComputeEfficiency', c.moeComputeEfficiency, '1', cal, false, { note: 'grouped expert GEMMs, few tokens per expert' }),
    factor('prefillComputeEfficiency', c.prefillComputeEfficiency, '1', `fixed constant of ${d.calibration.version}, not fitted`, true, { note: 'prefill MFU' }),
    factor('layerOverheadS', c.layerOverheadS, 's', cal, false),
    factor('tpLayerOverheadS', c.tpLayerOverheadS, 's', cal, false),
    factor('sequenceOverheadS', c.sequenceOverheadS, 's', cal, false, {
      note: 'per sequence per step, not shared by the batch (sampling, scheduler): the high-batch floor of J/token',
    }),
    factor('powerFloorFraction', c.powerFloorFraction, '1', cal, false, { note: 'static power while serving, share of TDP' }),
    factor('energyPerFlopJ', c.energyPerFlopJ, 'J/FLOP', cal, false),
    factor('energyPerByteJ', c.energyPerByteJ, 'J/B', cal, false, { note: 'HBM traffic' }),
    factor('modelErrorBand', 1, '1', cal, false, {
      low: d.calibration.errorLow,
      high: d.calibration.errorHigh,
      note: '10th–90th percentile of measured/predicted with each accelerator left out of the fit, applied to energy',
    }),
    factor('decodeStepS', central.stepS, 's', 'derived: physical model', false),
    factor('acceleratorPowerDecodeW', (central.outJ * d.batch.range.value) / Math.max(central.stepS, 1e-12), 'W', 'derived', false, {
      note: 'all accelerators, shared part of the step',
    }),
    toFactor('cachedInputFactor', d.cachedInputFactor, '1'),
    toFactor('engineFactor', d.engineFactor, '1'),
  ];
  if (d.boundary !== 'gpu') {
    t.push(factor('hostPowerW', hw.hostPowerW * d.count, 'W', hw.source, true, { note: 'host share at full load' }));
    t.push(toFactor('hostUtilisation', d.hostUtilisation, '1'));
    t.push(toFactor('idleShare', d.idleShare, '1'));
  }
  if (d.boundary === 'facility') t.push(toFactor('pue', d.site.pue, '1'));
  t.push(toFactor('locationIntensity', d.site.locationIntensityGPerKWh, 'gCO2e/kWh'));
  t.push(toFactor('marketIntensity', d.site.marketIntensityGPerKWh, 'gCO2e/kWh'));
  t.push(toFactor('wueOnsite', d.site.wueOnsiteLPerKWh, 'L/kWh'));
  t.push(toFactor('offsiteWaterIntensity', d.site.offsiteWaterLPerKWh, 'L/kWh'));
  t.push(toFactor('acceleratorEmbodiedKg', hw.embodiedKg, 'kgCO2e'));
  t.push(toFactor('hostEmbodiedKg', hw.hostEmbodiedKg, 'kgCO2e'));
  if (hw.embodiedLowerBoundKg) t.push(toFactor('acceleratorEmbodiedLowerBoundKg', hw.embodiedLowerBoundKg, 'kgCO2e'));
  t.push(toFactor('lifetimeYears', d.lifetimeYears, 'years'));
  return t;
}

/**
 * Writes the per-request numbers of one request into `out[offset..offset+15)`: energyWh, carbonG.location,
 * carbonG.market, waterMl, embodiedCarbonG, each as value, low, high. Token arguments mean what
 * InferenceRequest's fields mean (outputTokens excludes reasoning); tokens are trusted (validated by the caller).
 */
export type InferenceNumbers = (
  inputTokens: number,
  cachedInputTokens: number,
  outputTokens: number,
  reasoningTokens: number,
  out: Float64Array,
  offset: number,
) => void;

/**
 * The ledger's hot path: exactly the numbers `prepareInference(d)(req).perRequest` gives for energy, carbon
 * (location and market), water and embodied carbon, computed the same way, with no object allocated per request
 * (no trace, timing, metrics or warnings). Validates `d` as prepareInference does.
 */
export function prepareInferenceNumbers(d: InferenceDeployment): InferenceNumbers {
  validateDeployment(d); // same validation and errors as prepareInference
  return rowFunction(d, prepare(d), new Float64Array(SPAN_SLOTS));
}

/**
 * The per-request numbers of both paths: the one corner loop, then boundary, carbon, water and embodied. The
 * impacts are the formulas of impacts.ts (serverEnergyJ, facilityEnergyOf, carbonGOf, waterLOf,
 * amortisedEmbodied) written out on plain locals, because the ledger calls this once per row;
 * test/core/inference.test.ts holds them equal to the impacts.ts functions by property test. Leaves GPU energy
 * and replica time (value, low, high) in `span`.
 */
function rowFunction(d: InferenceDeployment, p: Prepared, span: Float64Array): InferenceNumbers {
  const { n, outJ, outJPerCtx, inJ, inJPerCtx, outS, outSPerCtx, inS, inSPerCtx } = p.table;
  const { errLo, errHi } = p;
  const cfV = p.cachedF.value, cfL = p.cachedF.low, cfH = p.cachedF.high;
  const centralInJ = inJ[4];
  const server = d.boundary !== 'gpu';
  const facility = d.boundary === 'facility';
  const V = p.impactV, L = p.impactL, H = p.impactH;
  const hostW = V.hostW;
  return (inputTokens, cachedInputTokens, outputTokens, reasoningTokens, out, o) => {
    const cached = cachedInputTokens;
    const outTok = outputTokens + reasoningTokens;
    const inEff = inputTokens - cached + cached * cfV;
    const decodeCtx = inputTokens + outTok / 2;
    const prefillCtx = inputTokens / 2;
    let eLo = Infinity, eHi = 0, sLo = Infinity, sHi = 0, eV = 0, sV = 0;
    for (let i = 0; i < n; i++) {
      const e = outTok * (outJ[i] + outJPerCtx[i] * decodeCtx) + inEff * (inJ[i] + inJPerCtx[i] * prefillCtx);
      const s = outTok * (outS[i] + outSPerCtx[i] * decodeCtx) + inEff * (inS[i] + inSPerCtx[i] * prefillCtx);
      if (e < eLo) eLo = e;
      if (e > eHi) eHi = e;
      if (s < sLo) sLo = s;
      if (s > sHi) sHi = s;
      if (i === 4) {
        eV = e;
        sV = s;
      }
    }
    const gL = (eLo + cached * (cfL - cfV) * centralInJ) * errLo;
    const gH = (eHi + cached * (cfH - cfV) * centralInJ) * errHi;
    const tL = sLo * errLo;
    const tH = sHi * errHi;
    span[E_V] = eV;
    span[E_LO] = gL;
    span[E_HI] = gH;
    span[S_V] = sV;
    span[S_LO] = tL;
    span[S_HI] = tH;
    const iV = server ? (eV + hostW * V.host * sV) * (1 + V.idle) : eV;
    const iL = server ? (gL + hostW * L.host * tL) * (1 + L.idle) : gL;
    const iH = server ? (gH + hostW * H.host * tH) * (1 + H.idle) : gH;
    const jV = facility ? iV * V.pue : iV;
    const jL = facility ? iL * L.pue : iL;
    const jH = facility ? iH * H.pue : iH;
    const kV = jV / 3.6e6, kL = jL / 3.6e6, kH = jH / 3.6e6;
    out[o] = jV / 3600;
    out[o + 1] = jL / 3600;
    out[o + 2] = jH / 3600;
    out[o + 3] = kV * V.loc;
    out[o + 4] = kL * L.loc;
    out[o + 5] = kH * H.loc;
    out[o + 6] = kV * V.mkt;
    out[o + 7] = kL * L.mkt;
    out[o + 8] = kH * H.mkt;
    out[o + 9] = ((iV / 3.6e6) * V.wOn + kV * V.wOff) * 1000;
    out[o + 10] = ((iL / 3.6e6) * L.wOn + kL * L.wOff) * 1000;
    out[o + 11] = ((iH / 3.6e6) * H.wOn + kH * H.wOff) * 1000;
    out[o + 12] = sV * V.emb;
    out[o + 13] = tL * L.emb;
    out[o + 14] = tH * H.emb;
  };
}

/**
 * The central per-request model of a deployment as closed-form coefficients (the central corner of `rowFunction`,
 * and its impact constants at their values): what a warehouse needs to evaluate the model in plain SQL
 * (ledger/store/warehouse-view.ts). With o = generated tokens (reasoning included), i = input tokens, c = cached
 * input tokens:
 *   gpu J       = o·(jOut + jOutCtx·(i + o/2)) + (i − c·(1 − cachedInputFactor))·(jIn + jInCtx·i/2)
 *   replica s   = the same with the s coefficients
 *   IT J        = (gpu J + hostW·replica s)·(1 + idleShare)          (hostW = 0, idleShare = 0 at the gpu boundary)
 *   facility J  = IT J · pue                                         (pue = 1 below the facility boundary)
 * and energy Wh = facility J / 3600, carbon = kWh × intensity, on-site water = IT kWh × WUE, off-site water =
 * facility kWh × off-site intensity, embodied = replica s × embodiedGPerReplicaS. The same numbers as
 * prepareInferenceNumbers' central values (test/core/inference-coefficients.test.ts holds them equal).
 */
export interface RequestCoefficients {
  /** GPU J per generated token, before its context term; and per generated token per token of context. */
  readonly gpuJPerOutputToken: number;
  readonly gpuJPerOutputTokenCtx: number;
  /** GPU J per (uncached) input token, before its context term; and per input token per token of prompt. */
  readonly gpuJPerInputToken: number;
  readonly gpuJPerInputTokenCtx: number;
  /** Replica seconds, the same four terms. */
  readonly replicaSPerOutputToken: number;
  readonly replicaSPerOutputTokenCtx: number;
  readonly replicaSPerInputToken: number;
  readonly replicaSPerInputTokenCtx: number;
  /** Energy of a cached input token relative to an uncached one. */
  readonly cachedInputFactor: number;
  /** Host power attributed while the request occupies the replica, W (count × host W × utilisation; 0 at gpu). */
  readonly hostW: number;
  /** Idle/provisioned share on top of server energy (0 at the gpu boundary). */
  readonly idleShare: number;
  /** PUE (1 below the facility boundary). */
  readonly pue: number;
  readonly locationGPerKWh: number;
  readonly marketGPerKWh: number;
  readonly wueOnsiteLPerKWh: number;
  readonly offsiteWaterLPerKWh: number;
  readonly embodiedGPerReplicaS: number;
}

export function inferenceCoefficients(d: InferenceDeployment): RequestCoefficients {
  validateDeployment(d);
  const p = prepare(d);
  const t = p.table;
  const V = p.impactV;
  const server = d.boundary !== 'gpu';
  return {
    gpuJPerOutputToken: t.outJ[4],
    gpuJPerOutputTokenCtx: t.outJPerCtx[4],
    gpuJPerInputToken: t.inJ[4],
    gpuJPerInputTokenCtx: t.inJPerCtx[4],
    replicaSPerOutputToken: t.outS[4],
    replicaSPerOutputTokenCtx: t.outSPerCtx[4],
    replicaSPerInputToken: t.inS[4],
    replicaSPerInputTokenCtx: t.inSPerCtx[4],
    cachedInputFactor: p.cachedF.value,
    hostW: server ? V.hostW * V.host : 0,
    idleShare: server ? V.idle : 0,
    pue: d.boundary === 'facility' ? V.pue : 1,
    locationGPerKWh: V.loc,
    marketGPerKWh: V.mkt,
    wueOnsiteLPerKWh: V.wOn,
    offsiteWaterLPerKWh: V.wOff,
    embodiedGPerReplicaS: V.emb,
  };
}
