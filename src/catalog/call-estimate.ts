/**
 * Footprint of one call to a hosted LLM API: the provider's assumed deployment (providers.ts) and the model's
 * parameter range (closed-models.ts or models.ts) turned into an InferenceDeployment, evaluated per call by the
 * physical model (`tokenprint` method) or by EcoLogits' published method (`ecologits`, for comparison).
 *
 * `prepareCallEstimator` does the catalog work once per (provider, model, region, options) and memoises it, so a
 * ledger pays a few multiplications per row. Token counts follow the APIs and OpenTelemetry: cached input tokens are
 * part of the input tokens, reasoning tokens part of the output tokens.
 */
import type { Range } from '../core/range.js';
import { type Boundary, type Factor, factor, rangeFactor } from '../core/trace.js';
import { type InferenceEstimate, type InferenceDeployment, type InferenceEstimator, type InferenceNumbers, prepareInference, prepareInferenceNumbers } from '../core/inference.js';
import { type SiteFactors, type SourcedRange, sourced } from '../core/quantity.js';
import { BYTES_PER_PARAM, type Precision } from '../core/precision.js';
import { ConflictingInputError, InfeasibleError, InvalidInputError, UnknownIdError } from '../core/errors.js';
import {
  ECOLOGITS_BATCH,
  ECOLOGITS_ENERGY_ALPHA,
  ECOLOGITS_ENERGY_BETA,
  ECOLOGITS_ENERGY_GAMMA,
  ECOLOGITS_GPU_EMBODIED_KG,
  ECOLOGITS_LIFESPAN_S,
  ECOLOGITS_SERVER_EMBODIED_KG,
  ECOLOGITS_SERVER_POWER_KW,
  type EcologitsCorner,
  type EcologitsOutput,
  ecologitsImpacts,
  ecologitsOutput,
} from '../core/ecologits.js';
import type { Accelerator, ModelSpec } from './types.js';
import { getAccelerator } from './accelerators.js';
import { resolveInferenceDeployment } from './inference-deployment.js';
import { resolveSite, type ResolvedSite } from './site.js';
import { resolveAnyModel, suggestModels } from './model-lookup.js';
import {
  GENERIC_PROVIDER,
  type ProviderProfile,
  findProvider,
  getProvider,
  providerClassModel,
  providerEfficiency,
} from './providers.js';
import {
  ECOLOGITS_DATA_SOURCE,
  ECOLOGITS_METHOD,
  ECOLOGITS_PROVIDER_CONFIG,
  type EcologitsZone,
  ecologitsProviderOf,
  findEcologitsModel,
  findEcologitsModelAnyProvider,
  modelNotRegistered,
  resolveEcologitsZone,
} from './ecologits-config.js';

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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// ------------------------------------------------------------------------------------------------ resolution

interface Resolved {
  readonly provider: ProviderProfile;
  readonly model: ModelSpec;
  readonly site: ResolvedSite;
  readonly siteFactors: SiteFactors;
  /** True when the region came from the provider profile, not the caller. */
  readonly regionDefaulted: boolean;
  readonly fallbacks: readonly string[];
  readonly modelTrace: readonly Factor[];
  readonly mode: CallMode;
}

function resolveProvider(name: string, mode: CallMode, fallbacks: string[]): ProviderProfile {
  if (mode === 'strict') return getProvider(name);
  const p = findProvider(name);
  if (p) return p;
  fallbacks.push(`unknown provider '${name}': generic hyperscale profile used`);
  return GENERIC_PROVIDER;
}

function resolveModel(name: string, p: ProviderProfile, mode: CallMode, fallbacks: string[]): { model: ModelSpec; trace: Factor[] } {
  const hit = resolveAnyModel(name);
  if (hit) {
    const matched = hit.matchedAs === name.trim().toLowerCase() ? [] : [factor('modelNameMatched', 1, '1', `'${name}' read as '${hit.matchedAs}' → ${hit.model.id}`, false)];
    return { model: hit.model, trace: matched };
  }
  if (mode === 'strict') {
    const err = new UnknownIdError('model', name, suggestModels(name));
    err.message +=
      ' The model catalog has no entry for this name: pass a catalogued name, or use lenient mode' +
      " (CLI --lenient, { mode: 'lenient' }) for a flagged, wide estimate from the provider's class default.";
    throw err;
  }
  const model = providerClassModel(p);
  fallbacks.push(
    `unknown model '${name}': ${p.id} class default used (total ${fmtB(model.totalParams.low)}–${fmtB(model.totalParams.high)} parameters)`,
  );
  return { model, trace: [] };
}

function fmtB(n: number): string {
  return `${Math.round(n / 1e9)}B`;
}

function resolveLocation(p: ProviderProfile, region: string | undefined, mode: CallMode, fallbacks: string[]): { site: ResolvedSite; defaulted: boolean } {
  const asGiven = region?.trim();
  if (asGiven) {
    const tries = [asGiven];
    if (!asGiven.includes(':') && p.regionPrefix) tries.push(`${p.regionPrefix}:${asGiven.toLowerCase()}`);
    let first: unknown;
    for (const t of tries) {
      try {
        return { site: resolveSite({ region: t }), defaulted: false };
      } catch (e) {
        first ??= e;
      }
    }
    if (mode === 'strict') throw first;
    fallbacks.push(`unknown region '${asGiven}': ${p.id} default location (${p.defaultRegion}) used`);
  }
  return { site: p.defaultRegion === 'WORLD' ? resolveSite({}) : resolveSite({ region: p.defaultRegion }), defaulted: true };
}

function markAssumed(q: SourcedRange, note: string): SourcedRange {
  return sourced(q.range, q.source, true, q.note ? `${q.note}; ${note}` : note);
}

function resolve(key: CallKey, mode: CallMode): Resolved {
  const fallbacks: string[] = [];
  const provider = resolveProvider(key.provider, mode, fallbacks);
  const { model, trace } = resolveModel(key.model, provider, mode, fallbacks);
  const { site, defaulted } = resolveLocation(provider, key.region, mode, fallbacks);
  const eff = providerEfficiency(provider);
  const f = site.factors;
  // A named cloud region has its operator's own figures; otherwise the provider's fleet figures apply.
  const regionHasOperator = site.region !== undefined;
  const locNote = `no region given: ${provider.regionSource}`;
  const siteFactors: SiteFactors = {
    pue: regionHasOperator ? f.pue : eff.pue,
    wueOnsiteLPerKWh: regionHasOperator ? f.wueOnsiteLPerKWh : eff.wueOnsite,
    locationIntensityGPerKWh: defaulted ? markAssumed(f.locationIntensityGPerKWh, locNote) : f.locationIntensityGPerKWh,
    marketIntensityGPerKWh: defaulted ? markAssumed(f.marketIntensityGPerKWh, locNote) : f.marketIntensityGPerKWh,
    offsiteWaterLPerKWh: f.offsiteWaterLPerKWh,
  };
  return { provider, model, site, siteFactors, regionDefaulted: defaulted, fallbacks, modelTrace: trace, mode };
}

/** Smallest power of two of `acc` whose memory holds the weights with 25 % left for KV cache (90 % usable). */
export function providerAcceleratorCount(model: ModelSpec, acc: Accelerator, precision: Precision): number {
  const weights = model.totalParams.value * BYTES_PER_PARAM[precision];
  for (let n = 1; n <= 1024; n *= 2) if (weights <= acc.memoryGB * 1e9 * n * 0.9 * 0.75) return n;
  throw new InfeasibleError(`${model.id} (${(weights / 1e9).toFixed(0)} GB of weights) does not fit on 1,024 × ${acc.id}.`, {
    model: model.id,
    hardware: acc.id,
  });
}

// ----------------------------------------------------------------------------------------- tokenprint method

/** The per-key work of the tokenprint method: the core estimator of the provider's assumed deployment and its trace. */
function tokenprintPrepared(r: Resolved, boundary: Boundary): { infer: InferenceEstimator; trace: Factor[]; deployment: InferenceDeployment } {
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
  const infer = prepareInference(d);
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

function tokenprintEstimator(r: Resolved, boundary: Boundary): CallEstimator {
  const { infer, trace } = tokenprintPrepared(r, boundary);
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
    out.trace = trace;
    out.warnings = warnings;
    out.provider = base.fields.provider;
    out.estimator = base.fields.estimator;
    out.estimatedArchitecture = base.fields.estimatedArchitecture;
    if (base.fields.fallback !== undefined) out.fallback = base.fields.fallback;
    if (tok.missing) out.missingUsage = true;
    return out;
  };
}

// ------------------------------------------------------------------------------------------ ecologits method

/**
 * EcoLogits 0.9.3 as it is: its model registry (not tokenprint's catalog), its provider's PUE/WUE, and the region
 * changes the electricity mix only. Unknown models are "not registered" in both modes (EcoLogits computes nothing
 * for them); an unknown zone is an error in strict mode and the provider's location, flagged, in lenient mode.
 */
function ecologitsEstimator(key: CallKey, mode: CallMode, boundary: Boundary): CallEstimator {
  const providerName = key.provider.trim();
  const eProvider = ecologitsProviderOf(providerName);
  const profile = findProvider(providerName);
  if (!eProvider && !profile && mode === 'strict') getProvider(providerName); // throws UnknownIdError with suggestions
  const model = eProvider ? findEcologitsModel(eProvider, key.model) : findEcologitsModelAnyProvider(key.model);
  if (!model) throw modelNotRegistered(providerName, key.model, eProvider);
  const cfg = ECOLOGITS_PROVIDER_CONFIG[model.provider];
  const fallbacks: string[] = [];
  const notes: string[] = [];
  if (!eProvider) {
    notes.push(
      `EcoLogits has no tracer for provider '${providerName}': the model was found under EcoLogits provider ${model.provider}, ` +
        'whose datacenter defaults are used (as its LiteLLM tracer resolves the provider from the model name).',
    );
  }
  let zone: EcologitsZone;
  const regionGiven = key.region?.trim();
  if (regionGiven) {
    try {
      zone = resolveEcologitsZone(regionGiven, profile?.regionPrefix);
    } catch (e) {
      if (mode === 'strict') throw e;
      fallbacks.push(`EcoLogits has no electricity mix for '${regionGiven}': ${model.provider}'s datacenter location (${cfg.location}) used`);
      zone = resolveEcologitsZone(cfg.location);
    }
  } else {
    zone = resolveEcologitsZone(cfg.location);
  }
  const estimated = model.record.warnings.includes('model-arch-not-released');
  const modelSource = `${ECOLOGITS_DATA_SOURCE}: ${model.provider}/${model.record.name} (${model.record.sources.join(', ') || 'no source listed'})`;
  const mixSource = `${ECOLOGITS_DATA_SOURCE}: electricity_mixes.csv ${zone.zone} (GWP: Our World in Data; water: WRI)`;
  const trace: Factor[] = [
    factor('ecologitsEnergyAlpha', ECOLOGITS_ENERGY_ALPHA, 'Wh/token/GPU/Bparam', `${ECOLOGITS_METHOD} impacts/llm.py (fit on ML.ENERGY)`, false),
    factor('ecologitsEnergyBeta', ECOLOGITS_ENERGY_BETA, '1/sequence', `${ECOLOGITS_METHOD} impacts/llm.py`, false),
    factor('ecologitsEnergyGamma', ECOLOGITS_ENERGY_GAMMA, 'Wh/token/GPU', `${ECOLOGITS_METHOD} impacts/llm.py`, false),
    factor('batch', ECOLOGITS_BATCH, 'sequences', `${ECOLOGITS_METHOD} BATCH_SIZE (fixed)`, true),
    rangeFactor('modelTotalParams', model.totalParamsB, 'Bparams', modelSource, estimated),
    rangeFactor('modelActiveParams', model.activeParamsB, 'Bparams', modelSource, estimated),
    factor('serverPowerW', ECOLOGITS_SERVER_POWER_KW * 1000, 'W', `${ECOLOGITS_METHOD}: BoaviztAPI p5.48xlarge without GPUs, per 8 GPUs`, true),
    factor('serverEmbodiedKg', ECOLOGITS_SERVER_EMBODIED_KG, 'kgCO2e', `${ECOLOGITS_METHOD}: BoaviztAPI p5.48xlarge without GPUs`, false),
    factor('gpuEmbodiedKg', ECOLOGITS_GPU_EMBODIED_KG, 'kgCO2e', `${ECOLOGITS_METHOD}: NVIDIA HGX H100 PCF`, false),
    factor('hardwareLifetime', ECOLOGITS_LIFESPAN_S / (365 * 24 * 3600), 'years', `${ECOLOGITS_METHOD} hardware lifespan`, true),
    rangeFactor('pue', cfg.pue, '1', cfg.source, true),
    rangeFactor('wueOnsite', cfg.wueOnsite, 'L/kWh', cfg.source, true),
    factor('locationIntensity', zone.mix.gwp * 1000, 'gCO2e/kWh', mixSource, !regionGiven, zone.readAs ? { note: zone.readAs } : undefined),
    factor('offsiteWaterIntensity', zone.mix.wue, 'L/kWh', mixSource, !regionGiven),
    model.speed
      ? factor('deploymentTokensPerS', model.speed.tps, 'tokens/s', `${modelSource}: deployment (OpenRouter statistics), TTFT ${model.speed.ttftS} s`, false)
      : factor('latencyModel', 1, '1', `${ECOLOGITS_METHOD} f_L latency regression (models.json has no deployment speed for this model)`, true),
    ...(model.matchedAs ? [factor('modelNameMatched', 1, '1', `'${key.model}' read as EcoLogits model '${model.matchedAs}'`, false)] : []),
  ];
  const fixedWarnings = [
    'EcoLogits method: input tokens are not counted (EcoLogits ignores the prompt, mlco2/ecologits #183).',
    'EcoLogits method: water uses EcoLogits\u2019 coded formula E\u00b7(WUE_on + PUE\u00b7WUE_off), which counts PUE twice on the off-site term (#230).',
    ...(estimated ? [`${model.record.name}: architecture not released; EcoLogits' parameter estimate used (${modelSource}).`] : []),
    ...notes,
    ...fallbacks.map((f) => `fallback: ${f}`),
  ];
  const fields = {
    provider: profile?.id ?? providerName,
    estimator: 'ecologits' as const,
    methodVersion: ECOLOGITS_METHOD,
    estimatedArchitecture: estimated,
    ...(fallbacks.length ? { fallback: fallbacks.join('; ') } : {}),
  };
  const mid = (a: number, b: number) => (a + b) / 2;
  const rng = (l: number, h: number): Range => ({ value: mid(l, h), low: Math.min(l, h), high: Math.max(l, h) });
  const atBoundary = (c: EcologitsCorner): number =>
    boundary === 'gpu' ? c.gpuEnergyKWh : boundary === 'server' ? c.gpuEnergyKWh + c.serverEnergyKWh : c.energyKWh;
  return (t) => {
    const tok = checkTokens(t, mode);
    const latNotes: string[] = [];
    let latencyS: number | undefined;
    if (t.latencyMs !== undefined) {
      if (Number.isFinite(t.latencyMs) && t.latencyMs >= 0) latencyS = t.latencyMs / 1000;
      else if (mode === 'strict') throw new InvalidInputError('latencyMs', `must be a duration ≥ 0 ms, got ${String(t.latencyMs)}`);
      else latNotes.push(`latency ${String(t.latencyMs)} ms is not a duration: ignored (EcoLogits' modelled generation time used).`);
    }
    const res = ecologitsImpacts({
      activeParamsB: model.activeParamsB,
      totalParamsB: model.totalParamsB,
      outputTokens: tok.output,
      measuredLatencyS: latencyS,
      ...(model.speed ? { speed: model.speed } : {}),
      pue: cfg.pue,
      wueOnsite: cfg.wueOnsite,
      mixGwpKgPerKWh: zone.mix.gwp,
      mixWueLPerKWh: zone.mix.wue,
      mixAdpeKgSbPerKWh: zone.mix.adpe,
      mixPeMJPerKWh: zone.mix.pe,
    });
    const lo = res.min;
    const hi = res.max;
    const eLo = atBoundary(lo) * 1000;
    const eHi = atBoundary(hi) * 1000;
    // Carbon and water follow EcoLogits at the facility boundary, scaled to the boundary reported.
    const sLo = eLo / (lo.energyKWh * 1000 || 1);
    const sHi = eHi / (hi.energyKWh * 1000 || 1);
    const carbon = rng(lo.gwpUsageKg * 1000 * sLo, hi.gwpUsageKg * 1000 * sHi);
    const embodied = rng(lo.gwpEmbodiedKg * 1000, hi.gwpEmbodiedKg * 1000);
    const perOut = tok.output > 0 ? rng((eLo * 3600) / tok.output, (eHi * 3600) / tok.output) : rng(0, 0);
    const itl = tok.output > 0 ? rng((lo.latencyS * 1000) / tok.output, (hi.latencyS * 1000) / tok.output) : rng(0, 0);
    const out: CallEstimate = {
      kind: 'inference',
      method: 'modeled:provider',
      boundary,
      model: model.record.name,
      hardware: 'h100-sxm',
      count: hi.gpus,
      precision: 'bf16',
      request: requestOf(tok),
      perOutputToken: { energyJ: perOut },
      perInputToken: { energyJ: { value: 0, low: 0, high: 0 } },
      perRequest: {
        energyWh: rng(eLo, eHi),
        carbonG: { location: carbon, market: carbon },
        waterMl: rng(lo.waterCodedL * 1000 * sLo, hi.waterCodedL * 1000 * sHi),
        embodiedCarbonG: embodied,
        replicaTimeS: rng(lo.latencyS / ECOLOGITS_BATCH, hi.latencyS / ECOLOGITS_BATCH),
      },
      timing: {
        interTokenMs: itl,
        replicaThroughputTokS: rng(itl.high > 0 ? (ECOLOGITS_BATCH * 1000) / itl.high : 0, itl.low > 0 ? (ECOLOGITS_BATCH * 1000) / itl.low : 0),
      },
      metrics: ecologitsMetrics(rng(eLo, eHi), carbon, embodied, tok.output, tok.input + tok.output, model.activeParamsB.value),
      trace: [factor('acceleratorCount', hi.gpus, '1', `${ECOLOGITS_METHOD}: 2^ceil(log2(ceil(1.2·P_total·16/8/80 GB))) H100 80GB`, true), ...trace],
      warnings: [...fixedWarnings, ...latNotes, ...tok.notes],
      ...fields,
      ecologits: { provider: model.provider, model: model.record.name, zone: zone.zone, ...ecologitsOutput(res) },
      ...(tok.missing ? { missingUsage: true } : {}),
    };
    return out;
  };
}

/** The standard metrics for an EcoLogits-mode estimate (EcoLogits models no step, so MFU is not available: NaN). */
function ecologitsMetrics(energyWh: Range, carbonG: Range, embodiedG: Range, outTok: number, allTok: number, activeParamsB: number): CallEstimate['metrics'] {
  const per = (r: Range, k: number): Range => ({ value: r.value * k, low: r.low * k, high: r.high * k });
  const div = (k: number, x: number): number => (k === 0 ? 0 : k / x);
  const inv = (r: Range, k: number): Range => ({ value: div(k, r.value), low: div(k, r.high), high: div(k, r.low) });
  return {
    flopsPerOutputToken: 2 * activeParamsB * 1e9,
    decodeMfu: Number.NaN,
    outputTokensPerJ: inv(per(energyWh, 3600), outTok),
    outputTokensPerKWh: inv(per(energyWh, 1e-3), outTok),
    carbonGPer1kTokens: per(carbonG, 1000 / Math.max(allTok, 1)),
    sciGPerRequest: { value: carbonG.value + embodiedG.value, low: carbonG.low + embodiedG.low, high: carbonG.high + embodiedG.high },
  };
}

// ------------------------------------------------------------------------------------------------- shared

function baseFields(r: Resolved, estimator: CallMethod): {
  fields: Pick<CallEstimate, 'provider' | 'estimator' | 'estimatedArchitecture' | 'fallback'>;
  warnings: string[];
} {
  const fallback = r.fallbacks.length ? r.fallbacks.join('; ') : undefined;
  const warnings = [...r.fallbacks.map((f) => `fallback: ${f}`)];
  if (r.model.architectureEstimated) {
    warnings.push(`${r.model.id}: architecture not published; parameter ranges from ${r.model.source}.`);
  }
  return {
    fields: {
      provider: r.provider.id,
      estimator,
      estimatedArchitecture: r.model.architectureEstimated,
      ...(fallback ? { fallback } : {}),
    },
    warnings,
  };
}

interface CheckedTokens {
  readonly input: number;
  readonly cached: number;
  readonly output: number;
  readonly reasoning: number;
  readonly missing: boolean;
  readonly notes: readonly string[];
}

const NO_NOTES: readonly string[] = [];

/**
 * The echoed request in the shape of `estimate inference`: `outputTokens` there excludes the reasoning tokens, which
 * are reported beside it (core InferenceRequest). The API convention of the input (output includes reasoning) is
 * converted here, so output + reasoning is the number of generated tokens in both commands' JSON.
 */
function requestOf(tok: CheckedTokens): CallEstimate['request'] {
  return { inputTokens: tok.input, cachedInputTokens: tok.cached, outputTokens: tok.output - tok.reasoning, reasoningTokens: tok.reasoning };
}

function okCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0;
}

/** Strict: invalid counts throw. Lenient: an unusable count is treated as unknown (0, flagged `missingUsage`). */
function checkTokens(t: CallTokens, mode: CallMode): CheckedTokens {
  const cachedRaw = t.cachedInputTokens ?? 0;
  const reasoningRaw = t.reasoningTokens ?? 0;
  if (okCount(t.inputTokens) && okCount(t.outputTokens) && okCount(cachedRaw) && okCount(reasoningRaw)) {
    if (cachedRaw <= t.inputTokens && reasoningRaw <= t.outputTokens) {
      return { input: t.inputTokens, cached: cachedRaw, output: t.outputTokens, reasoning: reasoningRaw, missing: false, notes: NO_NOTES };
    }
  }
  if (mode === 'strict') {
    for (const [name, v] of [
      ['inputTokens', t.inputTokens],
      ['outputTokens', t.outputTokens],
      ['cachedInputTokens', cachedRaw],
      ['reasoningTokens', reasoningRaw],
    ] as const) {
      if (!okCount(v)) throw new InvalidInputError(name, `must be a token count ≥ 0, got ${String(v)}`);
    }
    if (cachedRaw > t.inputTokens) {
      throw new ConflictingInputError(
        `cachedInputTokens (${cachedRaw}) exceeds inputTokens (${t.inputTokens}): cached tokens are part of the input tokens.`,
      );
    }
    throw new ConflictingInputError(
      `reasoningTokens (${reasoningRaw}) exceeds outputTokens (${t.outputTokens}): reasoning tokens are part of the output tokens (as OpenAI and Anthropic report them).`,
    );
  }
  const notes: string[] = [];
  const input = okCount(t.inputTokens) ? t.inputTokens : 0;
  const output = okCount(t.outputTokens) ? t.outputTokens : 0;
  if (!okCount(t.inputTokens)) notes.push('input token count missing or invalid: counted as 0 (the estimate is a lower bound).');
  if (!okCount(t.outputTokens)) notes.push('output token count missing or invalid: counted as 0 (the estimate is a lower bound).');
  const cached = okCount(cachedRaw) ? Math.min(cachedRaw, input) : 0;
  const reasoning = okCount(reasoningRaw) ? Math.min(reasoningRaw, output) : 0;
  if (cached !== cachedRaw || reasoning !== reasoningRaw) notes.push('cached/reasoning token counts were inconsistent with the totals and were clamped.');
  return { input, cached, output, reasoning, missing: !okCount(t.inputTokens) || !okCount(t.outputTokens), notes };
}

// ----------------------------------------------------------------------------------------------- public API

const MAX_MEMO = 2048;
const memo = new Map<string, CallEstimator>();

/**
 * An estimator for calls to one (provider, model, region), prepared once and memoised: the returned function costs a
 * few multiplications per call. Strict mode throws UnknownIdError for an unknown provider, model or region; lenient
 * mode falls back (generic provider, the provider's class default model, its default location) and says so in
 * `fallback` and `warnings`.
 */
export function prepareCallEstimator(key: CallKey, opts: CallOptions = {}): CallEstimator {
  const mode = opts.mode ?? 'strict';
  const method = opts.method ?? 'tokenprint';
  const boundary = opts.boundary ?? 'facility';
  const k = `${key.provider}\u0000${key.model}\u0000${key.region ?? ''}\u0000${mode}\u0000${method}\u0000${boundary}`;
  const hit = memo.get(k);
  if (hit) return hit;
  if (typeof key.provider !== 'string' || key.provider.trim() === '') {
    if (mode === 'strict') throw new InvalidInputError('provider', 'is required (openai, anthropic, google, …)');
  }
  if (typeof key.model !== 'string' || key.model.trim() === '') {
    if (mode === 'strict') throw new InvalidInputError('model', 'is required (e.g. gpt-4o, claude-sonnet-4-5)');
  }
  const safeKey = { provider: key.provider || 'unknown', model: key.model || 'unknown', region: key.region };
  const est = method === 'ecologits' ? ecologitsEstimator(safeKey, mode, boundary) : tokenprintEstimator(resolve(safeKey, mode), boundary);
  if (memo.size >= MAX_MEMO) memo.clear();
  memo.set(k, est);
  return est;
}

/** Footprint of one API call. Strict by default: unknown ids throw with suggestions. */
export function estimateCall(input: CallInput, opts: CallOptions = {}): CallEstimate {
  return prepareCallEstimator({ provider: input.provider, model: input.model, region: input.region }, opts)(input);
}

// ------------------------------------------------------------------------------------- numbers-only fast path

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
}

const energyMemo = new Map<string, CallEnergy>();

/**
 * The ledger's fast path: the same resolution as `prepareCallEstimator` (same errors in strict mode, same fallbacks
 * in lenient mode), but the returned function yields only the numbers a ledger stores; the trace and the constant
 * metadata come once, in `meta`.
 */
export function prepareCallEnergy(key: CallKey, opts: CallOptions = {}): CallEnergy {
  const mode = opts.mode ?? 'strict';
  const method = opts.method ?? 'tokenprint';
  const boundary = opts.boundary ?? 'facility';
  const k = `${key.provider}\u0000${key.model}\u0000${key.region ?? ''}\u0000${mode}\u0000${method}\u0000${boundary}`;
  const hit = energyMemo.get(k);
  if (hit) return hit;
  // The full estimator validates the key and throws what it throws; its probe gives the constant metadata.
  const full = prepareCallEstimator(key, opts);
  const probe = full({ inputTokens: 1, outputTokens: 1 });
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
  let perRequest: CallEnergy['perRequest'];
  let writeNumbers: CallEnergy['writeNumbers'];
  if (method === 'tokenprint') {
    const r = resolve({ provider: key.provider || 'unknown', model: key.model || 'unknown', region: key.region }, mode);
    const { infer, deployment } = tokenprintPrepared(r, boundary);
    const nums: InferenceNumbers = prepareInferenceNumbers(deployment);
    writeNumbers = (i, c, o, rs, out, off) => nums(i, c, o - rs, rs, out, off);
    perRequest = (t) => {
      const reasoning = t.reasoningTokens ?? 0;
      return infer({ inputTokens: t.inputTokens, cachedInputTokens: t.cachedInputTokens ?? 0, outputTokens: t.outputTokens - reasoning, reasoningTokens: reasoning }).perRequest;
    };
  } else {
    perRequest = (t) => full(t).perRequest;
  }
  const out: CallEnergy = writeNumbers === undefined ? { meta, perRequest } : { meta, perRequest, writeNumbers };
  if (energyMemo.size >= MAX_MEMO) energyMemo.clear();
  energyMemo.set(k, out);
  return out;
}
