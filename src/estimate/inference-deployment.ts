/**
 * From ids and flags to a fully specified InferenceDeployment: catalog lookups, defaults (each traced as an
 * assumption), and a GPU count that fits the weights when none is given.
 */
import type { Boundary, MethodTier } from '../core/trace.js';
import type { InferenceDeployment, InferenceEstimate, InferenceRequest } from '../core/inference.js';
import { type Precision, BYTES_PER_PARAM } from '../core/precision.js';
import { exact, range } from '../core/range.js';
import { sourced, type SourcedRange } from '../core/quantity.js';
import { InfeasibleError } from '../core/errors.js';
import { getAccelerator } from '../catalog/accelerators.js';
import { getModel } from '../catalog/models.js';
import { hardwareInput, modelInput } from '../catalog/shapes.js';
import { resolveSite, type SiteOverrides } from '../catalog/site.js';
import { ACCELERATOR_LIFETIME_YEARS } from '../catalog/lifetimes.js';
import {
  DEFAULT_BATCH,
  DEFAULT_CACHED_INPUT_FACTOR,
  DEFAULT_HOST_UTILISATION,
  DEFAULT_IDLE_SHARE,
  DEFAULT_INPUT_TOKENS,
  DEFAULT_OUTPUT_TOKENS,
} from '../catalog/defaults.js';
import { currentCalibration } from '../catalog/calibration.js';
import { DEFAULT_ENGINE, getEngine } from '../catalog/engines.js';
import type { Accelerator, ModelSpec } from '../catalog/types.js';
import { deploymentPhysics } from './methods/deployment-physics.js';

export interface InferenceDeploymentOptions extends SiteOverrides {
  readonly model: string;
  readonly hardware: string;
  readonly gpus?: number;
  readonly precision?: Precision;
  /** Average concurrent sequences; a number, or a range. */
  readonly batch?: number | { value: number; low: number; high: number };
  readonly boundary?: Boundary;
  readonly typicalInputTokens?: number;
  readonly typicalOutputTokens?: number;
  readonly method?: MethodTier;
  /** Serving engine (default vllm, the calibration's engine): catalog/engines.ts. */
  readonly engine?: string;
  /** A model spec to use instead of looking `model` up in the open-model catalog (closed API models). */
  readonly modelSpec?: ModelSpec;
}

/** Smallest power-of-two count whose memory holds the weights with 25% left for KV cache (vLLM keeps 90% usable). */
export function minimumAccelerators(model: ModelSpec, acc: Accelerator, precision: Precision): number {
  const weights = model.totalParams.value * BYTES_PER_PARAM[precision];
  for (let n = 1; n <= 64; n *= 2) if (weights <= acc.memoryGB * 1e9 * n * 0.9 * 0.75) return n;
  throw new InfeasibleError(
    `${model.id} at ${precision} (${(weights / 1e9).toFixed(0)} GB of weights) does not fit on 64 × ${acc.id}.`,
    { model: model.id, hardware: acc.id },
  );
}

export function resolveInferenceDeployment(o: InferenceDeploymentOptions): {
  deployment: InferenceDeployment;
  model: ModelSpec;
  accelerator: Accelerator;
  zone: string;
} {
  const model = o.modelSpec ?? getModel(o.model);
  const acc = getAccelerator(o.hardware);
  const precision = o.precision ?? model.nativePrecision;
  const count = o.gpus ?? minimumAccelerators(model, acc, precision);
  const batch: SourcedRange =
    o.batch === undefined
      ? DEFAULT_BATCH
      : typeof o.batch === 'number'
        ? sourced(exact(o.batch), 'user input (--batch)', false)
        : sourced(range(o.batch.value, o.batch.low, o.batch.high), 'user input (batch range)', false);
  const engine = getEngine(o.engine ?? DEFAULT_ENGINE);
  const site = resolveSite(o);
  const life = ACCELERATOR_LIFETIME_YEARS;
  const deployment: InferenceDeployment = {
    hardware: hardwareInput(acc, precision),
    count,
    ...(o.gpus === undefined
      ? { countSource: `chosen by tokenprint: smallest power of two of ${acc.id} holding the ${precision} weights with 25 % left for KV cache` }
      : {}),
    model: modelInput(model, precision),
    precision,
    batch,
    boundary: o.boundary ?? 'facility',
    site: site.factors,
    calibration: currentCalibration(),
    hostUtilisation: DEFAULT_HOST_UTILISATION,
    idleShare: DEFAULT_IDLE_SHARE,
    lifetimeYears: sourced(range(life.value, life.low, life.high), life.source, life.assumed),
    typicalInputTokens: o.typicalInputTokens ?? DEFAULT_INPUT_TOKENS,
    typicalOutputTokens: o.typicalOutputTokens ?? DEFAULT_OUTPUT_TOKENS,
    cachedInputFactor: DEFAULT_CACHED_INPUT_FACTOR,
    engine: engine.id,
    engineFactor: engine.energyFactor,
    method: o.method ?? 'modeled:deployment',
  };
  return { deployment, model, accelerator: acc, zone: site.zone };
}

export { DEFAULT_INPUT_TOKENS, DEFAULT_OUTPUT_TOKENS } from '../catalog/defaults.js';
export { DEFAULT_ENGINE, ENGINE_IDS, type EngineId } from '../catalog/engines.js';

/** One request on a resolved deployment, by the deployment-physics method (methods/deployment-physics.ts). */
export function estimateDeploymentRequest(deployment: InferenceDeployment, request: InferenceRequest): InferenceEstimate {
  return deploymentPhysics.prepare(deployment).estimate(request);
}
export type { SiteOverrides } from '../catalog/site.js';
