/**
 * Efficiency and intensity metrics: FLOPs per token, model FLOPs utilisation, tokens per unit energy, carbon per
 * token and the SCI score. One formula per function, units in the names, ranges carried through.
 */
import { checkNumber, checkRange } from './input-checks.js';
import { type Range, type RangeLike, add, div, mul, scale } from './range.js';

/**
 * Forward-pass FLOPs per token ≈ 2·N_active (one multiply and one add per weight; Kaplan et al. 2020, "Scaling
 * Laws for Neural Language Models", §2.1). Attention over the context adds 2·n_layer·n_ctx·d_attn, which is small
 * next to 2N for the context lengths pre-training uses and is left out, as in the 6ND convention below.
 */
export function forwardFlopsPerToken(paramsActive: RangeLike): Range {
  return scale(checkRange('paramsActive', paramsActive, { min: 0, minExclusive: true }), 2);
}

/**
 * Training FLOPs per token ≈ 6·N_active: forward 2N plus backward 4N (Kaplan et al. 2020 §2.1; Hoffmann et al. 2022,
 * "Training Compute-Optimal Large Language Models", C ≈ 6ND). For mixture-of-experts models N is the parameters
 * active per token (LLMCarbon, Faiz et al. ICLR 2024, uses the "base model" parameters the same way).
 */
export function trainingFlopsPerToken(paramsActive: RangeLike): Range {
  return scale(checkRange('paramsActive', paramsActive, { min: 0, minExclusive: true }), 6);
}

export interface ThroughputObservation {
  /** Tokens processed per second by the whole job (all accelerators together). */
  readonly tokensPerS: RangeLike;
  readonly paramsActive: RangeLike;
  readonly acceleratorCount: number;
  /** Dense peak of one accelerator at the precision the math runs in, TFLOP/s. */
  readonly peakTflopsPerAccelerator: number;
  /** `training` counts 6N FLOPs per token, `inference` 2N. Default `training`. */
  readonly phase?: 'training' | 'inference';
}

/**
 * Model FLOPs utilisation = achieved model FLOP/s ÷ peak FLOP/s of the accelerators (Chowdhery et al. 2022, PaLM,
 * §4.1 and App. B: "model FLOPs", i.e. without activation recomputation, unlike hardware FLOPs utilisation).
 */
export function mfuFromThroughput(o: ThroughputObservation): Range {
  const perToken = o.phase === 'inference' ? forwardFlopsPerToken(o.paramsActive) : trainingFlopsPerToken(o.paramsActive);
  const count = checkNumber('acceleratorCount', o.acceleratorCount, { min: 0, minExclusive: true });
  const peak = checkNumber('peakTflopsPerAccelerator', o.peakTflopsPerAccelerator, { min: 0, minExclusive: true });
  const tokensPerS = checkRange('tokensPerS', o.tokensPerS, { min: 0 });
  return scale(mul(tokensPerS, perToken), 1 / (count * peak * 1e12));
}

export function tokensPerJ(tokens: RangeLike, energyJ: RangeLike): Range {
  return div(checkRange('tokens', tokens, { min: 0 }), checkRange('energyJ', energyJ, { min: 0, minExclusive: true }));
}

export function tokensPerKWh(tokens: RangeLike, energyKWh: RangeLike): Range {
  return div(checkRange('tokens', tokens, { min: 0 }), checkRange('energyKWh', energyKWh, { min: 0, minExclusive: true }));
}

/** Carbon intensity of output, gCO2e per 1,000 tokens. */
export function carbonGPer1kTokens(carbonG: RangeLike, tokens: RangeLike): Range {
  const t = checkRange('tokens', tokens, { min: 0, minExclusive: true });
  return scale(div(checkRange('carbonG', carbonG, { min: 0 }), t), 1000);
}

export interface SciInput {
  /** E: energy consumed by the software for R units, kWh. */
  readonly energyKWh: RangeLike;
  /** I: location-based marginal or average intensity, gCO2e/kWh (SCI excludes market-based instruments). */
  readonly intensityGPerKWh: RangeLike;
  /** M: embodied emissions attributed to the R units, gCO2e. */
  readonly embodiedG: RangeLike;
  /** R: number of functional units (requests, tokens, users…). */
  readonly functionalUnits: RangeLike;
}

/**
 * Software Carbon Intensity, gCO2e per functional unit: SCI = (E·I + M) / R (Green Software Foundation SCI
 * specification, ISO/IEC 21031:2024).
 */
export function sciGPerUnit(s: SciInput): Range {
  const operational = mul(checkRange('energyKWh', s.energyKWh, { min: 0 }), checkRange('intensityGPerKWh', s.intensityGPerKWh, { min: 0 }));
  const total = add(operational, checkRange('embodiedG', s.embodiedG, { min: 0 }));
  return div(total, checkRange('functionalUnits', s.functionalUnits, { min: 0, minExclusive: true }));
}
