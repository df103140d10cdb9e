/**
 * The shapes of a hosted-API call estimate: the key (provider, model, region), the token counts as the APIs and
 * OpenTelemetry report them (cached input tokens are part of the input tokens, reasoning tokens part of the output
 * tokens), the options and the estimate.
 */
import type { Boundary, Factor } from '../core/trace.js';
import type { InferenceEstimate, RequestCoefficients } from '../core/inference.js';
import type { EcologitsOutput } from '../core/ecologits.js';

export type CallMode = 'strict' | 'lenient';
export type CallMethod = 'tokenprint' | 'ecologits';
export const CALL_METHODS: readonly CallMethod[] = ['tokenprint', 'ecologits'];

export interface CallTokens {
  /** All prompt tokens, cached ones included (OpenAI `prompt_tokens`, OTel `gen_ai.usage.input_tokens`). */
  readonly inputTokens: number;
  /** Prompt tokens served from the provider's prefix cache; a subset of `inputTokens`. */
  readonly cachedInputTokens?: number;
  /** All generated tokens, reasoning included (OpenAI `completion_tokens`, Anthropic `output_tokens`). */
  readonly outputTokens: number;
  /** Reasoning/thinking tokens; a subset of `outputTokens`. */
  readonly reasoningTokens?: number;
  /** Wall-clock latency of the call, ms (caps EcoLogits' generation time; a plausibility check otherwise). */
  readonly latencyMs?: number;
}

export interface CallKey {
  readonly provider: string;
  readonly model: string;
  /** Grid zone (`FR`) or cloud region (`azure:eastus`, `aws:eu-west-1`, bare `eastus` for a provider's own cloud). */
  readonly region?: string;
}

export interface CallInput extends CallKey, CallTokens {}

export interface CallOptions {
  /** `strict` (default) throws on unknown provider/model/region; `lenient` falls back, flagged (wrappers use it). */
  readonly mode?: CallMode;
  readonly method?: CallMethod;
  readonly boundary?: Boundary;
}

export interface CallEstimate extends InferenceEstimate {
  /** Provider profile used (`generic` for an unknown provider in lenient mode). */
  readonly provider: string;
  /** Which estimator produced the numbers. */
  readonly estimator: CallMethod;
  /** The method with its version where it reproduces another tool's release (`ecologits@0.9.3`). */
  readonly methodVersion?: string;
  /** `ecologits` method: EcoLogits' own result (its provider, model and zone names, its units, min/max). */
  readonly ecologits?: EcologitsOutput & { readonly provider: string; readonly model: string; readonly zone: string };
  /** True when the model's parameters are estimated (closed model or class default). */
  readonly estimatedArchitecture: boolean;
  /** What lenient mode did instead of failing. */
  readonly fallback?: string;
  // `request` (inherited) follows `estimate inference`: request.outputTokens excludes request.reasoningTokens.
  /** The response carried no (or incomplete) usage: the estimate counts only the tokens that were known. */
  readonly missingUsage?: boolean;
}

export type CallEstimator = (tokens: CallTokens) => CallEstimate;

/** What is constant for one (provider, model, region, options): stored once, not per call. */
export interface CallEnergyMeta {
  readonly provider: string;
  readonly estimator: CallMethod;
  readonly method: InferenceEstimate['method'];
  readonly boundary: Boundary;
  /** Catalog id of the model the numbers are for. */
  readonly model: string;
  readonly hardware: string;
  readonly count: number;
  readonly estimatedArchitecture: boolean;
  readonly fallback?: string;
  readonly trace: readonly Factor[];
  /** Warnings that hold for every call (fallbacks, estimated architecture). */
  readonly warnings: readonly string[];
}

/** Per-call numbers: energy, carbon (both methods), water and embodied carbon, each a range. */
export type CallEnergyNumbers = InferenceEstimate['perRequest'];

export interface CallEnergy {
  readonly meta: CallEnergyMeta;
  /**
   * The per-call numbers, identical to `prepareCallEstimator(key, opts)(tokens).perRequest` for valid token counts.
   * Tokens are trusted: the caller has validated them (whole numbers ≥ 0, cached ≤ input, reasoning ≤ output);
   * no trace, warnings or request echo are built.
   */
  readonly perRequest: (tokens: CallTokens) => CallEnergyNumbers;
  /**
   * The same numbers written into `out[offset..offset+15)` with no allocation (energyWh, carbon location, carbon
   * market, waterMl, embodiedCarbonG; value, low, high each). Tokens as in CallTokens: output includes reasoning.
   */
  readonly writeNumbers?: (inputTokens: number, cachedInputTokens: number, outputTokens: number, reasoningTokens: number, out: Float64Array, offset: number) => void;
  /** The central numbers as closed-form coefficients (the warehouse view), where the method has them; computed on call. */
  readonly coefficients?: () => RequestCoefficients;
}
