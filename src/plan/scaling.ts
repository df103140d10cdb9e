/**
 * Inference-aware scaling with real hardware prices for FLOPs. The FLOP objective (Sardana & Frankle 2024) counts
 * a training and an inference FLOP alike; the energy-weighted variant prices each at the joules it costs:
 *   training  J/FLOP = TDP × TDP fraction ÷ (peak BF16 FLOP/s × MFU)         (core/training.ts defaults, cited there)
 *   decode    J/FLOP = accelerator energy per output token ÷ FLOPs per token  (core/inference-physics.ts servingStep on
 *                      a catalog model served on the same accelerator at a given batch)
 * Both at the accelerator boundary: host power and PUE multiply both phases and would cancel in the optimum.
 */
import { type InferenceAwareResult, type ScalingFitId, inferenceAwareOptimal } from '../core/scaling.js';
import { DEFAULT_TDP_FRACTION } from '../core/training.js';
import { defaultMfuRange } from '../catalog/mfu-defaults.js';
import { flopsPerToken, servingStep } from '../core/inference-physics.js';
import { type Factor, factor } from '../core/trace.js';
import { InvalidInputError } from '../core/errors.js';
import { getAccelerator } from '../catalog/accelerators.js';
import { getModel } from '../catalog/models.js';
import { hardwareInput, modelInput } from '../catalog/shapes.js';
import { minimumAccelerators } from '../estimate/inference-deployment.js';
import { currentCalibration } from '../catalog/calibration.js';
import { DEFAULT_INPUT_TOKENS, DEFAULT_OUTPUT_TOKENS } from '../catalog/defaults.js';

export const FIT_ALIASES: Readonly<Record<string, ScalingFitId>> = {
  besiroglu: 'besiroglu-2024',
  'besiroglu-2024': 'besiroglu-2024',
  hoffmann: 'hoffmann-2022',
  'hoffmann-2022': 'hoffmann-2022',
  'hoffmann-sardana': 'hoffmann-2022-sardana',
  'hoffmann-2022-sardana': 'hoffmann-2022-sardana',
};

export interface EnergyPricing {
  /** Accelerator both phases run on (default h100-sxm). */
  readonly accelerator?: string;
  /** Catalog model whose serving sets the decode efficiency (default llama-3.1-8b-instruct). */
  readonly inferenceModel?: string;
  /** Concurrent sequences while decoding (default 64). */
  readonly batch?: number;
  /** Training MFU (default: the published range for the accelerator generation and model size). */
  readonly mfu?: number;
}

export interface JoulesPerFlop {
  readonly trainJPerFlop: number;
  readonly inferenceJPerFlop: number;
  readonly trace: readonly Factor[];
}

export function joulesPerFlop(paramsForMfu: number, p: EnergyPricing = {}): JoulesPerFlop {
  const acc = getAccelerator(p.accelerator ?? 'h100-sxm');
  const gen = acc.generation;
  const mfuDefault = defaultMfuRange(gen, paramsForMfu);
  const mfu = p.mfu ?? mfuDefault.value;
  const tdpFraction = DEFAULT_TDP_FRACTION.range.value;
  const peak = acc.peakTflops.bf16 * 1e12;
  const trainJPerFlop = (acc.tdpW * tdpFraction) / (peak * mfu);

  const model = getModel(p.inferenceModel ?? 'llama-3.1-8b-instruct');
  const precision = model.nativePrecision;
  const count = minimumAccelerators(model, acc, precision);
  const hw = hardwareInput(acc, precision);
  const mi = modelInput(model, precision);
  const shape = { ...mi, totalParams: mi.totalParams.value, activeParams: mi.activeParams.value };
  const batch = p.batch ?? 64;
  if (!(batch >= 1)) throw new InvalidInputError('--batch', 'must be at least 1');
  const ctx = DEFAULT_INPUT_TOKENS + DEFAULT_OUTPUT_TOKENS / 2;
  const cal = currentCalibration();
  const step = servingStep(hw, count, shape, cal.constants, batch, ctx, DEFAULT_INPUT_TOKENS);
  const inferenceJPerFlop = step.decodeJPerToken / flopsPerToken(shape, ctx);
  return {
    trainJPerFlop,
    inferenceJPerFlop,
    trace: [
      factor('acceleratorTdpW', acc.tdpW, 'W', acc.source, acc.assumedFields.includes('tdpW'), { note: acc.id }),
      factor('peakBf16Flops', peak, 'FLOP/s', acc.source, false),
      factor('tdpFraction', tdpFraction, '1', DEFAULT_TDP_FRACTION.source, true),
      factor('trainingMfu', mfu, '1', p.mfu === undefined ? `MFU default for ${gen}: ${mfuDefault.source}` : 'user input (--mfu)', p.mfu === undefined, {
        low: p.mfu ?? mfuDefault.low,
        high: p.mfu ?? mfuDefault.high,
      }),
      factor('trainJPerFlop', trainJPerFlop, 'J/FLOP', 'derived: TDP × fraction ÷ (peak × MFU)', false),
      factor('decodeModel', count, 'accelerators', `${model.id} at ${precision} on ${count} × ${acc.id}`, false),
      factor('decodeBatch', batch, 'sequences', p.batch === undefined ? 'assumption: EcoLogits default batch 64' : 'user input (--batch)', p.batch === undefined),
      factor('decodeJPerToken', step.decodeJPerToken, 'J', `derived: physical model (${cal.source})`, false),
      factor('inferenceJPerFlop', inferenceJPerFlop, 'J/FLOP', 'derived: decode J per token ÷ forward FLOPs per token', false, {
        note: `${(inferenceJPerFlop / trainJPerFlop).toFixed(2)}× a training FLOP`,
      }),
    ],
  };
}

export interface ScalingRequest {
  readonly reference?: { readonly params: number; readonly tokens: number };
  readonly targetLoss?: number;
  readonly inferenceTokens: number;
  readonly fit?: string;
  readonly energyWeighted?: EnergyPricing | false;
}

export interface ScalingReport {
  readonly result: InferenceAwareResult;
  readonly pricing?: JoulesPerFlop;
}

export function resolveFitAlias(raw: string | undefined): ScalingFitId {
  if (raw === undefined) return 'besiroglu-2024';
  const f = FIT_ALIASES[raw.trim().toLowerCase()];
  if (!f) throw new InvalidInputError('--fit', `'${raw}' is not one of besiroglu, hoffmann, hoffmann-sardana`);
  return f;
}

export function scalingPlan(r: ScalingRequest): ScalingReport {
  const fit = resolveFitAlias(r.fit);
  const base = { inferenceTokens: r.inferenceTokens, fit, ...(r.reference ? { reference: r.reference } : {}), ...(r.targetLoss !== undefined ? { targetLoss: r.targetLoss } : {}) };
  if (!r.energyWeighted) return { result: inferenceAwareOptimal(base) };
  // MFU bucket by the model size the plan is about: the reference, else the FLOP-optimal size at the target.
  const size = r.reference?.params ?? inferenceAwareOptimal(base).params;
  const pricing = joulesPerFlop(size, r.energyWeighted);
  return {
    result: inferenceAwareOptimal({ ...base, energyWeighted: { trainJPerFlop: pricing.trainJPerFlop, inferenceJPerFlop: pricing.inferenceJPerFlop } }),
    pricing,
  };
}
