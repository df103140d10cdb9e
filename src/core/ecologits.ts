/**
 * EcoLogits' published LLM-inference method, release 0.9.3 (mlco2/ecologits @ 5be90da, 13 Mar 2026), reproduced so
 * users can compare. One function per formula, as in `ecologits/impacts/llm.py`; every constant is theirs and cites it.
 *
 *   f_E(P, B)   = α·exp(β·B)·P + γ                        Wh per output token per GPU (P: active params, billions)
 *   f_L(P, B)   = a·P + b·B + c                            s per output token (when the model has no deployment speed)
 *   ΔT          = T_out·(1/tps | f_L) + (ttft | 0), capped by the measured request latency when one is given
 *   n_GPU       = 2^ceil(log2(ceil(1.2·P_total·Q/8 / 80)))  (80 GB H100, Q = 16 bits)
 *   E           = PUE·( ΔT/3600·W_server·(n_GPU/8)/B + n_GPU·T_out·f_E/1000 )     kWh
 *   GWP_usage   = E·mix_gwp;   GWP_embodied = ΔT/(B·ΔL)·((n_GPU/8)·I_server + n_GPU·I_GPU)   (ADPe, PE alike)
 *   WCF (coded) = E·(WUE_on + PUE·WUE_off)                 (EcoLogits code; see `waterCorrectedL`)
 *
 * Only output tokens count: EcoLogits ignores the prompt (mlco2/ecologits issue #183). Ranges are EcoLogits'
 * RangeValue corner bounds: `compute_llm_impacts` runs the DAG once with the low and once with the high parameter
 * counts, and PUE/WUE ranges go through RangeValue arithmetic (min·min, max·max), so min = all-low, max = all-high.
 * A measured latency caps each run's ΔT (`request_latency < gpu_latency`); none given = +∞ (no cap).
 * Sources: genai-impact/ecologits v0.9.1 @ 2d0a1c7 and mlco2/ecologits @ 5be90da (`ecologits/impacts/llm.py`,
 * `ecologits/tracers/utils.py`, docs/methodology/llm_inference.md), MPL-2.0 code / CC BY-SA 4.0 docs.
 */
import type { Range } from './range.js';
import { InvalidInputError, UnknownIdError } from './errors.js';

/** GPU energy fit on ML.ENERGY (H100, batch ≤ 512, ≤ 200B), commit 79e5b1f (9 Oct 2025). */
export const ECOLOGITS_ENERGY_ALPHA = 1.1665273170451914e-6;
export const ECOLOGITS_ENERGY_BETA = -0.011205921025579175;
export const ECOLOGITS_ENERGY_GAMMA = 4.052928146734005e-5;
/** Latency fit (v0.9.1), s per output token. */
export const ECOLOGITS_LATENCY_ALPHA = 6.785088094353663e-4;
export const ECOLOGITS_LATENCY_BETA = 3.119310311688259e-4;
export const ECOLOGITS_LATENCY_GAMMA = 1.9473717579473387e-2;
/** BATCH_SIZE, fixed. */
export const ECOLOGITS_BATCH = 64;
/** Weight precision, bits (16 since Sep 2025). */
export const ECOLOGITS_QUANT_BITS = 16;
/** Memory overhead factor (EleutherAI "Transformer Math 101"). */
export const ECOLOGITS_MEMORY_OVERHEAD = 1.2;
/** H100 80 GB memory, GB. */
export const ECOLOGITS_GPU_MEMORY_GB = 80;
/** Server power without GPUs, kW: BoaviztAPI average of an AWS p5.48xlarge, GPUs excluded. */
export const ECOLOGITS_SERVER_POWER_KW = 1.2;
export const ECOLOGITS_GPUS_PER_SERVER = 8;
/** Embodied GWP, kgCO2e: server without GPUs (BoaviztAPI p5.48xlarge) and one H100 (NVIDIA HGX H100 PCF). */
export const ECOLOGITS_SERVER_EMBODIED_KG = 5700;
export const ECOLOGITS_GPU_EMBODIED_KG = 164;
/** Embodied ADPe, kgSbeq, and PE, MJ: server (BoaviztAPI p5.48xlarge) and one GPU (Boavizta A100 figures as proxy). */
export const ECOLOGITS_SERVER_EMBODIED_ADPE_KGSB = 0.37;
export const ECOLOGITS_GPU_EMBODIED_ADPE_KGSB = 5.1e-3;
export const ECOLOGITS_SERVER_EMBODIED_PE_MJ = 70000;
export const ECOLOGITS_GPU_EMBODIED_PE_MJ = 1828;
/** The EcoLogits release whose method and constants this file reproduces. */
export const ECOLOGITS_VERSION = '0.9.3';

/**
 * EcoLogits' `ModelNotRegisteredError` / `ZoneNotRegisteredError`: the `ecologits` method computes nothing for a
 * model or zone EcoLogits does not list (it never substitutes a guess). Code UNKNOWN_ID, with the nearest names.
 */
export class EcologitsNotRegisteredError extends UnknownIdError {
  constructor(kind: 'model' | 'electricity mix zone', id: string, scope: string, suggestions: readonly string[]) {
    super(kind, id, suggestions);
    this.message =
      `${kind} '${id}' is not registered in EcoLogits ${ECOLOGITS_VERSION} (${scope}): the ecologits method computes ` +
      `nothing for it, as EcoLogits reports ${kind === 'model' ? 'ModelNotRegisteredError' : 'ZoneNotRegisteredError'}.` +
      (suggestions.length ? ` Registered names nearby: ${suggestions.join(', ')}.` : '') +
      (kind === 'model' ? ' Use the default tokenprint method for models EcoLogits does not list.' : '');
  }
}
/** Hardware lifespan: 3 years of 365 days, in seconds. */
export const ECOLOGITS_LIFESPAN_S = 3 * 365 * 24 * 3600;

/** f_E: energy per output token per GPU, Wh. `activeParamsB` in billions. */
export function gpuEnergyPerTokenWh(activeParamsB: number, batch = ECOLOGITS_BATCH): number {
  return ECOLOGITS_ENERGY_ALPHA * Math.exp(ECOLOGITS_ENERGY_BETA * batch) * activeParamsB + ECOLOGITS_ENERGY_GAMMA;
}

/** f_L: generation latency per output token, s. */
export function latencyPerTokenS(activeParamsB: number, batch = ECOLOGITS_BATCH): number {
  return ECOLOGITS_LATENCY_ALPHA * activeParamsB + ECOLOGITS_LATENCY_BETA * batch + ECOLOGITS_LATENCY_GAMMA;
}

/** n_GPU: power of two ≥ the 80 GB GPUs that hold 1.2 × the weights. */
export function gpuCount(totalParamsB: number, quantBits = ECOLOGITS_QUANT_BITS): number {
  const memoryGB = (ECOLOGITS_MEMORY_OVERHEAD * totalParamsB * quantBits) / 8;
  const gpus = Math.max(1, Math.ceil(memoryGB / ECOLOGITS_GPU_MEMORY_GB));
  return 2 ** Math.ceil(Math.log2(gpus));
}

/** Deployment speed from provider statistics (EcoLogits 0.9.3 models.json `deployment: {tps, ttft}`). */
export interface DeploymentSpeed {
  /** Output tokens per second. */
  readonly tps: number;
  /** Time to first token, s. */
  readonly ttftS: number;
}

/**
 * ΔT, s: modelled generation time, capped by the measured request latency when there is one (0 s is a measurement:
 * it gives ΔT = 0). Computed in EcoLogits' order, `T_out·(1/tps) + ttft`, so the floating-point result is theirs.
 */
export function generationLatencyS(
  outputTokens: number,
  activeParamsB: number,
  speed?: DeploymentSpeed,
  measuredLatencyS?: number,
  batch = ECOLOGITS_BATCH,
): number {
  const perTokenS = speed ? 1 / speed.tps : latencyPerTokenS(activeParamsB, batch);
  const modelled = outputTokens * perTokenS + (speed ? speed.ttftS : 0);
  return measuredLatencyS !== undefined && measuredLatencyS < modelled ? measuredLatencyS : modelled;
}

/** Server energy without GPUs allotted to one request, kWh. */
export function serverEnergyKWh(latencyS: number, gpus: number, batch = ECOLOGITS_BATCH): number {
  return ((latencyS / 3600) * ECOLOGITS_SERVER_POWER_KW * (gpus / ECOLOGITS_GPUS_PER_SERVER)) / batch;
}

/** GPU energy of one request over all GPUs, kWh. */
export function gpusEnergyKWh(outputTokens: number, activeParamsB: number, gpus: number, batch = ECOLOGITS_BATCH): number {
  return (gpus * outputTokens * gpuEnergyPerTokenWh(activeParamsB, batch)) / 1000;
}

/** Embodied impact of the server share and its GPUs (any criterion: pass the per-server and per-GPU figures). */
function serverGpuEmbodied(gpus: number, perServer: number, perGpu: number): number {
  return (gpus / ECOLOGITS_GPUS_PER_SERVER) * perServer + gpus * perGpu;
}

/** Embodied GWP of one request, kgCO2e: time share ΔT/(B·ΔL) of the server and its GPUs. */
export function embodiedGwpKg(latencyS: number, gpus: number, batch = ECOLOGITS_BATCH): number {
  return embodiedShare(latencyS, serverGpuEmbodied(gpus, ECOLOGITS_SERVER_EMBODIED_KG, ECOLOGITS_GPU_EMBODIED_KG), batch);
}

/** ΔT/(B·ΔL) × the embodied impact of the hardware: EcoLogits' `request_embodied_*`. */
function embodiedShare(latencyS: number, hardwareImpact: number, batch: number): number {
  return (latencyS * hardwareImpact) / (ECOLOGITS_LIFESPAN_S * batch);
}

/** Water as EcoLogits codes it: E_request (facility) × (WUE_on + PUE × WUE_off), L. */
export function waterCodedL(energyKWh: number, pue: number, wueOnsite: number, wueOffsite: number): number {
  return energyKWh * (wueOnsite + pue * wueOffsite);
}

/** Water with PUE counted once (mlco2/ecologits #230, PR #231): (E/PUE)·WUE_on + E·WUE_off, L. */
export function waterCorrectedL(energyKWh: number, pue: number, wueOnsite: number, wueOffsite: number): number {
  return (energyKWh / pue) * wueOnsite + energyKWh * wueOffsite;
}

export interface EcologitsInput {
  /** Billions; `low`/`high` are EcoLogits' min/max. */
  readonly activeParamsB: Range;
  readonly totalParamsB: Range;
  readonly outputTokens: number;
  readonly measuredLatencyS?: number;
  readonly speed?: DeploymentSpeed;
  readonly pue: Range;
  /** On-site WUE, L/kWh. */
  readonly wueOnsite: Range;
  /** Electricity mix: GWP factor, kgCO2e/kWh, and off-site water, L/kWh. */
  readonly mixGwpKgPerKWh: number;
  readonly mixWueLPerKWh: number;
  /** Electricity mix ADPe, kgSbeq/kWh, and primary energy, MJ/kWh (ADPe/PE results are NaN without them). */
  readonly mixAdpeKgSbPerKWh?: number;
  readonly mixPeMJPerKWh?: number;
}

/** One run of the DAG (all-low or all-high inputs). */
export interface EcologitsCorner {
  readonly gpus: number;
  readonly latencyS: number;
  readonly gpuEnergyKWh: number;
  readonly serverEnergyKWh: number;
  /** Facility energy, kWh (× PUE). */
  readonly energyKWh: number;
  readonly gwpUsageKg: number;
  readonly gwpEmbodiedKg: number;
  readonly adpeUsageKgSb: number;
  readonly adpeEmbodiedKgSb: number;
  readonly peUsageMJ: number;
  readonly peEmbodiedMJ: number;
  readonly waterCodedL: number;
  readonly waterCorrectedL: number;
}

export interface EcologitsResult {
  readonly min: EcologitsCorner;
  readonly max: EcologitsCorner;
}

function corner(i: EcologitsInput, which: 'low' | 'high'): EcologitsCorner {
  const active = i.activeParamsB[which];
  const gpus = gpuCount(i.totalParamsB[which]);
  const latencyS = generationLatencyS(i.outputTokens, active, i.speed, i.measuredLatencyS);
  const gpuE = gpusEnergyKWh(i.outputTokens, active, gpus);
  const serverE = serverEnergyKWh(latencyS, gpus);
  const pue = i.pue[which];
  const wue = i.wueOnsite[which];
  const energyKWh = pue * (serverE + gpuE);
  return {
    gpus,
    latencyS,
    gpuEnergyKWh: gpuE,
    serverEnergyKWh: serverE,
    energyKWh,
    gwpUsageKg: energyKWh * i.mixGwpKgPerKWh,
    gwpEmbodiedKg: embodiedGwpKg(latencyS, gpus),
    adpeUsageKgSb: energyKWh * (i.mixAdpeKgSbPerKWh ?? Number.NaN),
    adpeEmbodiedKgSb: embodiedShare(latencyS, serverGpuEmbodied(gpus, ECOLOGITS_SERVER_EMBODIED_ADPE_KGSB, ECOLOGITS_GPU_EMBODIED_ADPE_KGSB), ECOLOGITS_BATCH),
    peUsageMJ: energyKWh * (i.mixPeMJPerKWh ?? Number.NaN),
    peEmbodiedMJ: embodiedShare(latencyS, serverGpuEmbodied(gpus, ECOLOGITS_SERVER_EMBODIED_PE_MJ, ECOLOGITS_GPU_EMBODIED_PE_MJ), ECOLOGITS_BATCH),
    waterCodedL: waterCodedL(energyKWh, pue, wue, i.mixWueLPerKWh),
    waterCorrectedL: waterCorrectedL(energyKWh, pue, wue, i.mixWueLPerKWh),
  };
}

/** EcoLogits `compute_llm_impacts`: the DAG at the low and at the high corner. */
export function ecologitsImpacts(i: EcologitsInput): EcologitsResult {
  if (!(i.outputTokens >= 0) || !Number.isFinite(i.outputTokens)) {
    throw new InvalidInputError('outputTokens', `must be a number ≥ 0, got ${i.outputTokens}`);
  }
  if (!(i.activeParamsB.low > 0)) throw new InvalidInputError('activeParams', 'must be positive');
  return { min: corner(i, 'low'), max: corner(i, 'high') };
}

/** EcoLogits' RangeValue: low and high corner. */
export interface MinMax {
  readonly min: number;
  readonly max: number;
}

/** What EcoLogits' `ImpactsOutput` reports, in its units (kWh, kgCO2e, kgSbeq, MJ, L), total = usage + embodied. */
export interface EcologitsOutput {
  readonly version: string;
  readonly gpus: MinMax;
  readonly latencyS: MinMax;
  readonly energyKWh: MinMax;
  readonly gwpUsageKg: MinMax;
  readonly gwpEmbodiedKg: MinMax;
  readonly gwpKg: MinMax;
  readonly adpeUsageKgSb: MinMax;
  readonly adpeEmbodiedKgSb: MinMax;
  readonly adpeKgSb: MinMax;
  readonly peUsageMJ: MinMax;
  readonly peEmbodiedMJ: MinMax;
  readonly peMJ: MinMax;
  /** Usage water (EcoLogits reports no embodied water). */
  readonly wcfL: MinMax;
}

/** The two corners as EcoLogits' output fields. */
export function ecologitsOutput(r: EcologitsResult): EcologitsOutput {
  const mm = (f: (c: EcologitsCorner) => number): MinMax => ({ min: f(r.min), max: f(r.max) });
  return {
    version: ECOLOGITS_VERSION,
    gpus: mm((c) => c.gpus),
    latencyS: mm((c) => c.latencyS),
    energyKWh: mm((c) => c.energyKWh),
    gwpUsageKg: mm((c) => c.gwpUsageKg),
    gwpEmbodiedKg: mm((c) => c.gwpEmbodiedKg),
    gwpKg: mm((c) => c.gwpUsageKg + c.gwpEmbodiedKg),
    adpeUsageKgSb: mm((c) => c.adpeUsageKgSb),
    adpeEmbodiedKgSb: mm((c) => c.adpeEmbodiedKgSb),
    adpeKgSb: mm((c) => c.adpeUsageKgSb + c.adpeEmbodiedKgSb),
    peUsageMJ: mm((c) => c.peUsageMJ),
    peEmbodiedMJ: mm((c) => c.peEmbodiedMJ),
    peMJ: mm((c) => c.peUsageMJ + c.peEmbodiedMJ),
    wcfL: mm((c) => c.waterCodedL),
  };
}
