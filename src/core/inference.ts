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
  return {
    outJ: powerDecode * outS,
    outJPerCtx: powerDecode * ctxSPerStep,
    inJ: step.prefillPowerW * inS,
    inJPerCtx: step.prefillPowerW * inSPerCtx,
    outS,
    outSPerCtx: ctxSPerStep,
    inS,
    inSPerCtx,
    stepS: step.stepS,
    throughput: batch / step.stepS,
    mfu: (batch * flopsPerToken(m, ctx)) / (n * hw.peakFlops * step.stepS),
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

/** Embodied grams per replica-second: (device + host share) × count / lifetime. */
function embodiedGPerReplicaS(d: InferenceDeployment): Range {
  const life = d.lifetimeYears.range;
  const embKg = d.hardware.embodiedKg.range;
  const hostEmbKg = d.hardware.hostEmbodiedKg.range;
  return {
    value: ((embKg.value + hostEmbKg.value) * 1000 * d.count) / (life.value * SECONDS_PER_YEAR),
    low: ((embKg.low + hostEmbKg.low) * 1000 * d.count) / (life.high * SECONDS_PER_YEAR),
    high: ((embKg.high + hostEmbKg.high) * 1000 * d.count) / (life.low * SECONDS_PER_YEAR),
  };
}

function checkPositive(name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new InvalidInputError(name, `must be a positive number, got ${v}`);
}

export type InferenceEstimator = (req: InferenceRequest) => InferenceEstimate;

/** Site and boundary constants of a deployment: what turns GPU energy and replica time into impacts. */
interface ImpactConstants {
  readonly boundary: Boundary;
  readonly hostW: number;
  readonly host: Range;
  readonly idle: Range;
  readonly pue: Range;
  readonly loc: Range;
  readonly mkt: Range;
  readonly wOn: Range;
  readonly wOff: Range;
  readonly emb: Range;
}

function impactConstants(d: InferenceDeployment): ImpactConstants {
  return {
    boundary: d.boundary,
    hostW: d.count * d.hardware.hostPowerW,
    host: d.hostUtilisation.range,
    idle: d.idleShare.range,
    pue: d.site.pue.range,
    loc: d.site.locationIntensityGPerKWh.range,
    mkt: d.site.marketIntensityGPerKWh.range,
    wOn: d.site.wueOnsiteLPerKWh.range,
    wOff: d.site.offsiteWaterLPerKWh.range,
    emb: embodiedGPerReplicaS(d),
  };
}

/** Number of slots `writeImpacts` fills: energy Wh, carbon location g, carbon market g, water mL, embodied g (value, low, high each). */
export const IMPACT_SLOTS = 15;

/**
 * From GPU energy (J) and replica time (s), each value/low/high, to the stored impacts at the boundary:
 * server = (GPU + host power × utilisation × time) × (1 + idle share); facility = server × PUE; carbon = kWh ×
 * intensity; water = IT kWh × on-site WUE + kWh × off-site intensity; embodied = time × g per replica-second.
 * Writes IMPACT_SLOTS numbers at `o`.
 */
function writeImpacts(
  c: ImpactConstants,
  gV: number,
  gL: number,
  gH: number,
  tV: number,
  tL: number,
  tH: number,
  out: Float64Array,
  o: number,
): void {
  let iV = gV;
  let iL = gL;
  let iH = gH;
  if (c.boundary !== 'gpu') {
    iV = (gV + c.hostW * c.host.value * tV) * (1 + c.idle.value);
    iL = (gL + c.hostW * c.host.low * tL) * (1 + c.idle.low);
    iH = (gH + c.hostW * c.host.high * tH) * (1 + c.idle.high);
  }
  const fac = c.boundary === 'facility';
  const jV = fac ? iV * c.pue.value : iV;
  const jL = fac ? iL * c.pue.low : iL;
  const jH = fac ? iH * c.pue.high : iH;
  const kwhV = jV / 3.6e6;
  const kwhL = jL / 3.6e6;
  const kwhH = jH / 3.6e6;
  out[o] = jV / 3600;
  out[o + 1] = jL / 3600;
  out[o + 2] = jH / 3600;
  out[o + 3] = kwhV * c.loc.value;
  out[o + 4] = kwhL * c.loc.low;
  out[o + 5] = kwhH * c.loc.high;
  out[o + 6] = kwhV * c.mkt.value;
  out[o + 7] = kwhL * c.mkt.low;
  out[o + 8] = kwhH * c.mkt.high;
  out[o + 9] = ((iV / 3.6e6) * c.wOn.value + kwhV * c.wOff.value) * 1000;
  out[o + 10] = ((iL / 3.6e6) * c.wOn.low + kwhL * c.wOff.low) * 1000;
  out[o + 11] = ((iH / 3.6e6) * c.wOn.high + kwhH * c.wOff.high) * 1000;
  out[o + 12] = tV * c.emb.value;
  out[o + 13] = tL * c.emb.low;
  out[o + 14] = tH * c.emb.high;
}

const r3 = (a: Float64Array, i: number): Range => ({ value: a[i], low: a[i + 1], high: a[i + 2] });

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
  const corners = cornersOf(d);
  const central = corners[4];
  const centralShape = shapeAt(d.model, 'value');
  const cal = d.calibration;
  const errLo = cal.errorLow;
  const errHi = cal.errorHigh;

  const boundary = d.boundary;
  const impacts = impactConstants(d);
  const cachedF = d.cachedInputFactor.range;
  const scratch = new Float64Array(IMPACT_SLOTS);

  const trace = buildTrace(d, central);

  return (req: InferenceRequest): InferenceEstimate => {
    const inTok = req.inputTokens;
    const cached = req.cachedInputTokens ?? 0;
    const reasoning = req.reasoningTokens ?? 0;
    const outTok = req.outputTokens + reasoning;
    const freshIn = inTok - cached;
    const decodeCtx = inTok + outTok / 2;
    const allTok = Math.max(inTok + outTok, 1);
    const prefillCtx = inTok / 2;
    // Evaluate every corner; the range is the min/max (energy is not monotone in batch for long contexts).
    let eLo = Infinity;
    let eHi = 0;
    let sLo = Infinity;
    let sHi = 0;
    let eV = 0;
    let sV = 0;
    let jOutLo = Infinity;
    let jOutHi = 0;
    let jInLo = Infinity;
    let jInHi = 0;
    let itlLo = Infinity;
    let itlHi = 0;
    let thrLo = Infinity;
    let thrHi = 0;
    for (let i = 0; i < corners.length; i++) {
      const k = corners[i];
      const jOut = k.outJ + k.outJPerCtx * decodeCtx;
      const jIn = k.inJ + k.inJPerCtx * prefillCtx;
      const eGpu = outTok * jOut + (freshIn + cached * cachedF.value) * jIn;
      const s = outTok * (k.outS + k.outSPerCtx * decodeCtx) + (freshIn + cached * cachedF.value) * (k.inS + k.inSPerCtx * prefillCtx);
      if (eGpu < eLo) eLo = eGpu;
      if (eGpu > eHi) eHi = eGpu;
      if (s < sLo) sLo = s;
      if (s > sHi) sHi = s;
      if (jOut < jOutLo) jOutLo = jOut;
      if (jOut > jOutHi) jOutHi = jOut;
      if (jIn < jInLo) jInLo = jIn;
      if (jIn > jInHi) jInHi = jIn;
      if (k.stepS < itlLo) itlLo = k.stepS;
      if (k.stepS > itlHi) itlHi = k.stepS;
      if (k.throughput < thrLo) thrLo = k.throughput;
      if (k.throughput > thrHi) thrHi = k.throughput;
      if (i === 4) {
        eV = eGpu;
        sV = s;
      }
    }
    // Cached-token factor range widens only the cached share.
    const cachedSpanLo = cached * (cachedF.low - cachedF.value) * central.inJ;
    const cachedSpanHi = cached * (cachedF.high - cachedF.value) * central.inJ;
    const gpuJ = { value: eV, low: (eLo + cachedSpanLo) * errLo, high: (eHi + cachedSpanHi) * errHi };
    const timeS = { value: sV, low: sLo * errLo, high: sHi * errHi };
    writeImpacts(impacts, gpuJ.value, gpuJ.low, gpuJ.high, timeS.value, timeS.low, timeS.high, scratch, 0);
    const energyWh = r3(scratch, 0);
    const carbonLoc = r3(scratch, 3);
    const totJ = { value: energyWh.value * 3600, low: energyWh.low * 3600, high: energyWh.high * 3600 };
    const scaleOut = totJ.value / (gpuJ.value || 1);
    // Off-site water = facility kWh × L/kWh = Wh × mL/Wh; on-site is the rest of writeImpacts' sum (WUE × IT kWh).
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
      request: { inputTokens: inTok, cachedInputTokens: cached, outputTokens: req.outputTokens, reasoningTokens: reasoning },
      perOutputToken: {
        energyJ: {
          value: (central.outJ + central.outJPerCtx * decodeCtx) * scaleOut,
          low: jOutLo * errLo * (totJ.low / (gpuJ.low || 1)),
          high: jOutHi * errHi * (totJ.high / (gpuJ.high || 1)),
        },
      },
      perInputToken: {
        energyJ: {
          value: (central.inJ + central.inJPerCtx * prefillCtx) * scaleOut,
          low: jInLo * errLo * (totJ.low / (gpuJ.low || 1)),
          high: jInHi * errHi * (totJ.high / (gpuJ.high || 1)),
        },
      },
      perRequest: {
        energyWh,
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
    factor('moeMemEfficiency', c.moeMemEfficiency, '1', cal, false),
    factor('decodeComputeEfficiency', c.decodeComputeEfficiency, '1', cal, false),
    factor('prefillComputeEfficiency', c.prefillComputeEfficiency, '1', `fixed constant of ${d.calibration.version}, not fitted`, true, { note: 'prefill MFU' }),
    factor('layerOverheadS', c.layerOverheadS, 's', cal, false),
    factor('tpLayerOverheadS', c.tpLayerOverheadS, 's', cal, false),
    factor('powerFloorFraction', c.powerFloorFraction, '1', cal, false),
    factor('powerSlopePerUtilisation', c.powerSlopePerUtilisation, '1', cal, false),
    factor('modelErrorBand', 1, '1', cal, false, {
      low: d.calibration.errorLow,
      high: d.calibration.errorHigh,
      note: '5th–95th percentile of measured/predicted on the calibration data, applied to energy',
    }),
    factor('decodeStepS', central.stepS, 's', 'derived: physical model', false),
    factor('acceleratorPowerDecodeW', (central.outJ * d.batch.range.value) / Math.max(central.stepS, 1e-12), 'W', 'derived', false, {
      note: 'all accelerators, shared part of the step',
    }),
    toFactor('cachedInputFactor', d.cachedInputFactor, '1'),
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
  const corners = cornersOf(d);
  const n = corners.length;
  // Corner constants in flat arrays (no property loads through objects in the loop).
  const outJ = new Float64Array(n), outJPerCtx = new Float64Array(n), inJ = new Float64Array(n), inJPerCtx = new Float64Array(n);
  const outS = new Float64Array(n), outSPerCtx = new Float64Array(n), inS = new Float64Array(n), inSPerCtx = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = corners[i];
    outJ[i] = k.outJ;
    outJPerCtx[i] = k.outJPerCtx;
    inJ[i] = k.inJ;
    inJPerCtx[i] = k.inJPerCtx;
    outS[i] = k.outS;
    outSPerCtx[i] = k.outSPerCtx;
    inS[i] = k.inS;
    inSPerCtx[i] = k.inSPerCtx;
  }
  const centralInJ = corners[4].inJ;
  const errLo = d.calibration.errorLow;
  const errHi = d.calibration.errorHigh;
  const cachedF = d.cachedInputFactor.range;
  const impacts = impactConstants(d);

  return (inputTokens, cachedInputTokens, outputTokens, reasoningTokens, out, o) => {
    const inTok = inputTokens;
    const cached = cachedInputTokens;
    const outTok = outputTokens + reasoningTokens;
    const freshIn = inTok - cached;
    const decodeCtx = inTok + outTok / 2;
    const prefillCtx = inTok / 2;
    const inEff = freshIn + cached * cachedF.value;
    let eLo = Infinity;
    let eHi = 0;
    let sLo = Infinity;
    let sHi = 0;
    let eV = 0;
    let sV = 0;
    for (let i = 0; i < n; i++) {
      const eGpu = outTok * (outJ[i] + outJPerCtx[i] * decodeCtx) + inEff * (inJ[i] + inJPerCtx[i] * prefillCtx);
      const s = outTok * (outS[i] + outSPerCtx[i] * decodeCtx) + inEff * (inS[i] + inSPerCtx[i] * prefillCtx);
      if (eGpu < eLo) eLo = eGpu;
      if (eGpu > eHi) eHi = eGpu;
      if (s < sLo) sLo = s;
      if (s > sHi) sHi = s;
      if (i === 4) {
        eV = eGpu;
        sV = s;
      }
    }
    const gL = (eLo + cached * (cachedF.low - cachedF.value) * centralInJ) * errLo;
    const gH = (eHi + cached * (cachedF.high - cachedF.value) * centralInJ) * errHi;
    writeImpacts(impacts, eV, gL, gH, sV, sLo * errLo, sHi * errHi, out, o);
  };
}
