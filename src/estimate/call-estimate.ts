/**
 * Footprint of one call to a hosted LLM API: the provider's assumed deployment (providers.ts) and the model's
 * parameter range (closed-models.ts or models.ts) turned into an InferenceDeployment, evaluated per call by the
 * physical model (`tokenprint` method, methods/provider-profile.ts) or by EcoLogits' published method (`ecologits`,
 * for comparison, methods/ecologits.ts).
 *
 * `prepareCallEstimator` does the catalog work once per (provider, model, region, options); a caller that repeats keys
 * passes its own EstimatorCache so it pays a few multiplications per call. Token counts follow the APIs and
 * OpenTelemetry: cached input tokens are part of the input tokens, reasoning tokens part of the output tokens.
 */
import { InvalidInputError } from '../core/errors.js';
import type { CallEnergy, CallEnergyMeta, CallEstimate, CallEstimator, CallInput, CallKey, CallMethod, CallOptions } from './call-types.js';
import { type ResolvedCall, resolveCall } from './call-resolution.js';
import type { EstimatorCache } from './estimator-cache.js';
import { type CallEstimateMethod, type CallSubject, providerProfile } from './methods/provider-profile.js';
import { ecologitsMethod } from './methods/ecologits.js';

export type {
  CallEnergy,
  CallEnergyMeta,
  CallEnergyNumbers,
  CallEstimate,
  CallEstimator,
  CallInput,
  CallKey,
  CallMethod,
  CallMode,
  CallOptions,
  CallTokens,
} from './call-types.js';
export { CALL_METHODS } from './call-types.js';
export { providerAcceleratorCount } from './methods/provider-profile.js';

/** One implementation per call method (a new method: one file in methods/ and one line here). */
const CALL_METHOD_IMPLEMENTATIONS: Readonly<Record<CallMethod, CallEstimateMethod>> = {
  tokenprint: providerProfile,
  ecologits: ecologitsMethod,
};

function cacheKey(key: CallKey, opts: CallOptions): string {
  return `${key.provider}\u0000${key.model}\u0000${key.region ?? ''}\u0000${opts.mode ?? 'strict'}\u0000${opts.method ?? 'tokenprint'}\u0000${opts.boundary ?? 'facility'}`;
}

/** Validation and resolution: the subject a call method prepares for. */
function callSubject(key: CallKey, opts: CallOptions): CallSubject {
  const mode = opts.mode ?? 'strict';
  const boundary = opts.boundary ?? 'facility';
  if (typeof key.provider !== 'string' || key.provider.trim() === '') {
    if (mode === 'strict') throw new InvalidInputError('provider', 'is required (openai, anthropic, google, …)');
  }
  if (typeof key.model !== 'string' || key.model.trim() === '') {
    if (mode === 'strict') throw new InvalidInputError('model', 'is required (e.g. gpt-4o, claude-sonnet-4-5)');
  }
  const safeKey: CallKey = { provider: key.provider || 'unknown', model: key.model || 'unknown', region: key.region };
  let resolved: ResolvedCall | undefined;
  return {
    key: safeKey,
    mode,
    boundary,
    // Resolved on first read: a method with its own registry (ecologits) never pays for, nor fails on, ours.
    get resolved(): ResolvedCall {
      resolved ??= resolveCall(safeKey, mode);
      return resolved;
    },
  };
}

/**
 * An estimator for calls to one (provider, model, region): the returned function costs a few multiplications per
 * call. Pass a cache to reuse estimators across calls with the same key and options. Strict mode throws
 * UnknownIdError for an unknown provider, model or region; lenient mode falls back (generic provider, the provider's
 * class default model, its default location) and says so in `fallback` and `warnings`.
 */
export function prepareCallEstimator(key: CallKey, opts: CallOptions = {}, cache?: EstimatorCache<CallEstimator>): CallEstimator {
  const k = cache && cacheKey(key, opts);
  const hit = k === undefined ? undefined : cache?.get(k);
  if (hit) return hit;
  const est = CALL_METHOD_IMPLEMENTATIONS[opts.method ?? 'tokenprint'].prepare(callSubject(key, opts)).estimate;
  if (k !== undefined) cache?.set(k, est);
  return est;
}

/** Footprint of one API call. Strict by default: unknown ids throw with suggestions. */
export function estimateCall(input: CallInput, opts: CallOptions = {}): CallEstimate {
  return prepareCallEstimator({ provider: input.provider, model: input.model, region: input.region }, opts)(input);
}

/**
 * The ledger's fast path: the same resolution as `prepareCallEstimator` (same errors in strict mode, same fallbacks
 * in lenient mode), but the returned function yields only the numbers a ledger stores; the trace and the constant
 * metadata come once, in `meta`.
 */
export function prepareCallEnergy(key: CallKey, opts: CallOptions = {}, cache?: EstimatorCache<CallEnergy>): CallEnergy {
  const k = cache && cacheKey(key, opts);
  const hit = k === undefined ? undefined : cache?.get(k);
  if (hit) return hit;
  const impl = CALL_METHOD_IMPLEMENTATIONS[opts.method ?? 'tokenprint'];
  const subject = callSubject(key, opts);
  const prepared = impl.prepare(subject);
  const probe = prepared.estimate({ inputTokens: 1, outputTokens: 1 });
  const meta: CallEnergyMeta = {
    provider: probe.provider,
    estimator: probe.estimator,
    method: probe.method,
    boundary: probe.boundary,
    model: probe.model,
    hardware: probe.hardware,
    count: probe.count,
    estimatedArchitecture: probe.estimatedArchitecture,
    ...(probe.fallback !== undefined ? { fallback: probe.fallback } : {}),
    trace: probe.trace,
    warnings: probe.warnings,
  };
  const w = impl.prepareNumbers?.(subject);
  const pc = impl.prepareCoefficients;
  const out: CallEnergy = {
    meta,
    perRequest: prepared.perRequest,
    ...(w === undefined ? {} : { writeNumbers: w }),
    ...(pc === undefined ? {} : { coefficients: () => pc.call(impl, subject) }),
  };
  if (k !== undefined) cache?.set(k, out);
  return out;
}
