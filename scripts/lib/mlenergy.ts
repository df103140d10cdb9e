/**
 * The ML.ENERGY v3 measured configurations (../shared/data/mlenergy-v3-{h100,b200}-chat.json, when present) and
 * the model's prediction for each: shared by `calibrate.ts` (fit) and `validate.ts` (error tables).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getModel } from '../../src/catalog/models.js';
import { getAccelerator } from '../../src/catalog/accelerators.js';
import { hardwareInput, modelInput } from '../../src/catalog/shapes.js';
import { servingStep, type ModelShape, type PhysicsConstants } from '../../src/core/inference-physics.js';
import type { HardwareInput } from '../../src/core/inference.js';
import type { Precision } from '../../src/core/precision.js';

export interface MlEnergyConfig {
  model_id: string;
  gpu_model: string;
  num_gpus: number;
  weight_precision: string;
  max_num_seqs: number;
  avg_batch_size: number;
  avg_output_len: number;
  avg_power_watts: number;
  energy_per_token_joules: number;
  output_throughput_tokens_per_sec: number;
  activated_params_billions: number;
  total_params_billions: number;
}

/** One measured configuration with the catalog shapes the physics needs (looked up once). */
export interface Measured {
  readonly c: MlEnergyConfig;
  /** Catalog accelerator id (h100-sxm, b200). */
  readonly accelerator: string;
  readonly precision: Precision;
  readonly shape: ModelShape;
  readonly hw: HardwareInput;
}

/** The files the calibration is fitted on, by accelerator: ML.ENERGY v3 lm-arena-chat, vLLM. */
export const MLENERGY_FILES = [
  { accelerator: 'h100-sxm', file: 'mlenergy-v3-h100-chat.json' },
  { accelerator: 'b200', file: 'mlenergy-v3-b200-chat.json' },
] as const;

export const DEFAULT_MLENERGY_DIR = resolve(process.cwd(), '../shared/data');

/**
 * Mean prompt length assumed for the lm-arena-chat workload: the data files have no prompt lengths. 300 tokens is
 * an assumption (single-turn chat prompts are short); the leave-one-accelerator-out error moves by < 0.02 between
 * 150 and 600 (see docs/methodology/inference.md).
 */
export const LM_ARENA_PROMPT_TOKENS = 300;

const ACCELERATOR_OF_GPU_MODEL: Readonly<Record<string, string>> = { H100: 'h100-sxm', B200: 'b200' };

function precisionOf(c: MlEnergyConfig): Precision {
  return c.weight_precision === 'fp8' ? 'fp8' : c.weight_precision === 'mxfp4' ? 'mxfp4' : 'bf16';
}

function prepare(c: MlEnergyConfig): Measured {
  const accelerator = ACCELERATOR_OF_GPU_MODEL[c.gpu_model];
  if (!accelerator) throw new Error(`ML.ENERGY config for ${c.model_id}: unknown gpu_model ${c.gpu_model}`);
  const precision = precisionOf(c);
  const m = modelInput(getModel(c.model_id), precision);
  const shape: ModelShape = { ...m, totalParams: m.totalParams.value, activeParams: m.activeParams.value };
  return { c, accelerator, precision, shape, hw: hardwareInput(getAccelerator(accelerator), precision) };
}

/** All measured configurations of both files, or null when the directory (or a file) is missing. */
export function loadMlEnergy(dir = process.env.TOKENPRINT_MLENERGY_DIR ?? DEFAULT_MLENERGY_DIR): Measured[] | null {
  const out: Measured[] = [];
  for (const f of MLENERGY_FILES) {
    const path = resolve(dir, f.file);
    if (!existsSync(path)) return null;
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { configurations: MlEnergyConfig[] };
    for (const c of doc.configurations) out.push(prepare(c));
  }
  return out;
}

export interface Prediction {
  energyJPerToken: number;
  /** Effective time per decode step including interleaved prefill, s. */
  stepS: number;
  /** Average power of all GPUs, W. */
  powerW: number;
}

export function predict(x: Measured, k: PhysicsConstants): Prediction {
  const c = x.c;
  const b = c.avg_batch_size;
  const out = c.avg_output_len;
  const prompt = LM_ARENA_PROMPT_TOKENS;
  const s = servingStep(x.hw, c.num_gpus, x.shape, k, b, prompt + out / 2, prompt);
  // Each step, b/out requests finish and as many are admitted, each prefilling `prompt` tokens (ML.ENERGY folds
  // prefill of admitted requests into the steady-state window).
  const prefillS = (b / out) * prompt * s.prefillSPerToken;
  const stepS = s.stepS + prefillS;
  const energyStep = s.decodePowerW * s.stepS + s.prefillPowerW * prefillS;
  return { energyJPerToken: energyStep / b, stepS, powerW: energyStep / stepS };
}

/** predicted / measured energy per output token. */
export function ratio(x: Measured, k: PhysicsConstants): number {
  return predict(x, k).energyJPerToken / x.c.energy_per_token_joules;
}

/** Measured effective step time, s (avg batch / output throughput). */
export function measuredStepS(c: MlEnergyConfig): number {
  return c.avg_batch_size / c.output_throughput_tokens_per_sec;
}

/** EcoLogits v0.9.x GPU energy per output token for the same config (their formula, their GPU count rule). */
export function ecologitsJPerToken(c: MlEnergyConfig): number {
  // f_E = α·exp(β·B)·P_active + γ  [Wh/token/GPU] (EcoLogits `impacts/llm.py`, v0.9.1, fit on ML.ENERGY data).
  const alpha = 1.1665273170451914e-6;
  const beta = -0.011205921025579175;
  const gamma = 4.052928146734005e-5;
  const fE = alpha * Math.exp(beta * c.max_num_seqs) * c.activated_params_billions + gamma;
  // n_GPU = 2^ceil(log2(ceil(1.2·P_total·16/8/80))) (memory rule, 16-bit weights, 80 GB GPUs).
  const nGpu = 2 ** Math.ceil(Math.log2(Math.ceil((1.2 * c.total_params_billions * 16) / 8 / 80)));
  return fE * nGpu * 3600;
}
