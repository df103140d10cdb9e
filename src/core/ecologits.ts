/**
 * EcoLogits' published LLM-inference method (v0.9.x / mlco2/ecologits HEAD, 2025-10 onward), reproduced so users can
 * compare. One function per formula, as in `ecologits/impacts/llm.py`; every constant is theirs and cites it.
 *
 *   f_E(P, B)   = α·exp(β·B)·P + γ                        Wh per output token per GPU (P: active params, billions)
 *   f_L(P, B)   = a·P + b·B + c                            s per output token (when no deployment speed is known)
 *   ΔT          = min(ttft + T_out/tps  |  T_out·f_L, measured latency)
 *   n_GPU       = 2^ceil(log2(ceil(1.2·P_total·Q/8 / 80)))  (80 GB H100, Q = 16 bits)
 *   E           = PUE·( ΔT/3600·W_server·(n_GPU/8)/B + n_GPU·T_out·f_E/1000 )     kWh
 *   GWP_usage   = E·mix_gwp;   GWP_embodied = ΔT/(B·ΔL)·((n_GPU/8)·I_server + n_GPU·I_GPU)
 *   WCF (coded) = E·(WUE_on + PUE·WUE_off)                 (EcoLogits code; see `waterCorrectedL`)
 *
 * Only output tokens count: EcoLogits ignores the prompt (mlco2/ecologits issue #183). Ranges are EcoLogits'
 * RangeValue corner bounds: the DAG is run once with all-low and once with all-high inputs.
 * Sources: genai-impact/ecologits v0.9.1 @ 2d0a1c7 and mlco2/ecologits @ 5be90da (`ecologits/impacts/llm.py`,
 * `ecologits/tracers/utils.py`, docs/methodology/llm_inference.md), MPL-2.0 code / CC BY-SA 4.0 docs.
 */
import type { Range } from './range.js';
import { InvalidInputError } from './errors.js';

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
/** Hardware lifespan, years (EcoLogits' own convention: years of 365 days, not tokenprint's SECONDS_PER_YEAR). */
export const ECOLOGITS_LIFESPAN_YEARS = 3;
/** Hardware lifespan in seconds, as EcoLogits computes it (3 × 365 × 24 × 3600). */
export const ECOLOGITS_LIFESPAN_S = ECOLOGITS_LIFESPAN_YEARS * 365 * 24 * 3600;

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

/** Deployment speed from provider statistics (EcoLogits HEAD `deployment: {tps, ttft}`). */
export interface DeploymentSpeed {
  /** Output tokens per second. */
  readonly tps: number;
  /** Time to first token, s. */
  readonly ttftS: number;
}

/** ΔT, s: modelled generation time, capped by the measured request latency when there is one. */
export function generationLatencyS(
  outputTokens: number,
  activeParamsB: number,
  speed?: DeploymentSpeed,
  measuredLatencyS?: number,
  batch = ECOLOGITS_BATCH,
): number {
  const modelled = speed ? speed.ttftS + outputTokens / speed.tps : outputTokens * latencyPerTokenS(activeParamsB, batch);
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

/** Embodied GWP of one request, kgCO2e: time share ΔT/(B·ΔL) of the server and its GPUs. */
export function embodiedGwpKg(latencyS: number, gpus: number, batch = ECOLOGITS_BATCH): number {
  const serverKg = (gpus / ECOLOGITS_GPUS_PER_SERVER) * ECOLOGITS_SERVER_EMBODIED_KG + gpus * ECOLOGITS_GPU_EMBODIED_KG;
  return (latencyS / (batch * ECOLOGITS_LIFESPAN_S)) * serverKg;
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
