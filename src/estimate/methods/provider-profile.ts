/**
 * The provider-profile method (`tokenprint`): an API call evaluated by the physical model on the provider's assumed
 * deployment (providers.ts: accelerator, serving precision, batch) with the model's parameter range. Tokens follow
 * the APIs: `outputTokens` includes the reasoning tokens.
 */
import { type Boundary, type Factor, factor } from '../../core/trace.js';
import type { InferenceDeployment, InferenceEstimator } from '../../core/inference.js';
import { BYTES_PER_PARAM, type Precision } from '../../core/precision.js';
import { InfeasibleError } from '../../core/errors.js';
import type { Accelerator, ModelSpec } from '../../catalog/types.js';
import { getAccelerator } from '../../catalog/accelerators.js';
import { resolveInferenceDeployment } from '../inference-deployment.js';
import type { CallEnergyNumbers, CallEstimate, CallEstimator, CallKey, CallMode, CallTokens } from '../call-types.js';
import type { ResolvedCall } from '../call-resolution.js';
import { baseFields, checkTokens, requestOf } from '../call-tokens.js';
import type { EstimateMethod } from '../estimate-method.js';
import { deploymentPhysics } from './deployment-physics.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * What a call method prepares for: the call as given (key, mode), its resolution against tokenprint's catalog
 * (computed on first read: the ecologits method never reads it, it has its own registry) and the boundary reported.
 */
export interface CallSubject {
  readonly key: CallKey;
  readonly mode: CallMode;
  readonly resolved: ResolvedCall;
  readonly boundary: Boundary;
}

export type CallEstimateMethod = EstimateMethod<CallSubject, CallTokens, CallEstimate, CallEnergyNumbers>;

/** Smallest power of two of `acc` whose memory holds the weights with 25 % left for KV cache (90 % usable). */
export function providerAcceleratorCount(model: ModelSpec, acc: Accelerator, precision: Precision): number {
  const weights = model.totalParams.value * BYTES_PER_PARAM[precision];
  for (let n = 1; n <= 1024; n *= 2) if (weights <= acc.memoryGB * 1e9 * n * 0.9 * 0.75) return n;
  throw new InfeasibleError(`${model.id} (${(weights / 1e9).toFixed(0)} GB of weights) does not fit on 1,024 × ${acc.id}.`, {
    model: model.id,
    hardware: acc.id,
  });
}

/** The per-key work of the tokenprint method: the core estimator of the provider's assumed deployment and its trace. */
function tokenprintPrepared(r: ResolvedCall, boundary: Boundary): { infer: InferenceEstimator; trace: Factor[]; deployment: InferenceDeployment } {
  const p = r.provider;
  const acc = getAccelerator(p.accelerator);
  const count = providerAcceleratorCount(r.model, acc, p.precision);
  const { deployment } = resolveInferenceDeployment({
    model: r.model.id,
    modelSpec: r.model,
    hardware: acc.id,
    gpus: count,
    precision: p.precision,
    boundary,
    method: 'modeled:provider',
  });
  const d: InferenceDeployment = { ...deployment, site: r.siteFactors, batch: p.batch };
  const infer = deploymentPhysics.prepare(d).estimate;
  const callTrace: Factor[] = [
    factor('providerAccelerator', acc.tdpW, 'W', p.acceleratorSource, true, { note: `${p.id} modelled on ${acc.id} (TDP shown)` }),
    factor('servingPrecisionBytes', BYTES_PER_PARAM[p.precision], 'B', `assumed ${p.precision} serving weights for ${p.id} (providers.ts; EcoLogits assumes 16-bit)`, true),
    ...r.modelTrace,
  ];
  // The core trace calls the count "user input"; here it is the provider rule.
  const coreTrace = infer({ inputTokens: 1, outputTokens: 1 }).trace.map((f) =>
    f.name === 'acceleratorCount'
      ? factor('acceleratorCount', count, '1', `${p.id} profile: smallest power of two of ${acc.id} holding the weights with 25% for KV cache`, true)
      : f,
  );
  return { infer, trace: [...callTrace, ...coreTrace], deployment: d };
}

function tokenprintEstimator(r: ResolvedCall, boundary: Boundary, infer: InferenceEstimator, trace: readonly Factor[]): CallEstimator {
  const base = baseFields(r, 'tokenprint');
  return (t) => {
    const tok = checkTokens(t, r.mode);
    const est = infer({
      inputTokens: tok.input,
      cachedInputTokens: tok.cached,
      outputTokens: tok.output - tok.reasoning,
      reasoningTokens: tok.reasoning,
    });
    let warnings = base.warnings.length ? [...est.warnings, ...base.warnings] : est.warnings;
    if (t.latencyMs !== undefined && tok.output > 0) {
      const observedMs = t.latencyMs / tok.output;
      if (observedMs < est.timing.interTokenMs.low) {
        warnings = [
          ...warnings,
          `observed ${observedMs.toFixed(1)} ms per output token is faster than the modelled decode step ` +
            `(${est.timing.interTokenMs.low.toFixed(1)} ms at best): the provider likely serves faster hardware or a smaller model than assumed.`,
        ];
      }
    }
    if (tok.notes.length) warnings = [...warnings, ...tok.notes];
    // `est` is fresh for this call: extend it in place rather than copying ~20 nested fields (a copy tripled the
    // per-call cost in bench/call-overhead.ts).
    const out = est as Mutable<CallEstimate>;
    out.request = requestOf(tok);
    out.trace = trace as Factor[];
    out.warnings = warnings;
    out.provider = base.fields.provider;
    out.estimator = base.fields.estimator;
    out.estimatedArchitecture = base.fields.estimatedArchitecture;
    if (base.fields.fallback !== undefined) out.fallback = base.fields.fallback;
    if (tok.missing) out.missingUsage = true;
    return out;
  };
}

export const providerProfile: CallEstimateMethod = {
  id: 'tokenprint',
  prepare({ resolved, boundary }) {
    const { infer, trace } = tokenprintPrepared(resolved, boundary);
    return {
      estimate: tokenprintEstimator(resolved, boundary, infer, trace),
      perRequest: (t) => {
        const reasoning = t.reasoningTokens ?? 0;
        return infer({ inputTokens: t.inputTokens, cachedInputTokens: t.cachedInputTokens ?? 0, outputTokens: t.outputTokens - reasoning, reasoningTokens: reasoning }).perRequest;
      },
    };
  },
  /** Tokens as in CallTokens: output includes reasoning. */
  prepareNumbers({ resolved, boundary }) {
    const nums = deploymentPhysics.prepareNumbers(tokenprintPrepared(resolved, boundary).deployment);
    return (i, c, o, rs, out, off) => nums(i, c, o - rs, rs, out, off);
  },
  prepareCoefficients({ resolved, boundary }) {
    return deploymentPhysics.prepareCoefficients(tokenprintPrepared(resolved, boundary).deployment);
  },
};
