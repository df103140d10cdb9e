/**
 * The EcoLogits method (`ecologits`, `ecologits@0.9.3`), for comparison: EcoLogits 0.9.3 as published — its formulas
 * (core/ecologits.ts), its model registry, provider PUE/WUE and electricity mixes (catalog/ecologits-config.ts over
 * the generated data/ecologits-0.9.3.ts). It does not use tokenprint's resolution: the call's provider and model are
 * looked up in EcoLogits' registry (unknown = not registered), and the region changes the electricity mix only.
 * EcoLogits ignores input tokens; the warnings say so.
 */
import type { Range } from '../../core/range.js';
import { type Boundary, type Factor, factor, rangeFactor } from '../../core/trace.js';
import { InvalidInputError } from '../../core/errors.js';
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
  ecologitsImpacts,
  ecologitsOutput,
} from '../../core/ecologits.js';
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
} from '../../catalog/ecologits-config.js';
import { findProvider, getProvider } from '../../catalog/providers.js';
import type { CallEstimate, CallEstimator, CallKey, CallMode } from '../call-types.js';
import { checkTokens, requestOf } from '../call-tokens.js';
import type { CallEstimateMethod } from './provider-profile.js';


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
    factor('lifetimeYears', ECOLOGITS_LIFESPAN_S / (365 * 24 * 3600), 'years', `${ECOLOGITS_METHOD} hardware lifespan`, true),
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
    const water = rng(lo.waterCodedL * 1000 * sLo, hi.waterCodedL * 1000 * sHi);
    const waterOn = rng(lo.energyKWh * cfg.wueOnsite.low * 1000 * sLo, hi.energyKWh * cfg.wueOnsite.high * 1000 * sHi);
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
        waterMl: water,
        // EcoLogits' coded water is E·WUE_on (on-site) + E·PUE·WUE_off (off-site); the parts keep that split.
        waterOnsiteMl: waterOn,
        waterOffsiteMl: { value: water.value - waterOn.value, low: water.low - waterOn.low, high: water.high - waterOn.high },
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

export const ecologitsMethod: CallEstimateMethod = {
  id: 'ecologits',
  prepare({ key, mode, boundary }) {
    const estimate = ecologitsEstimator(key, mode, boundary);
    return { estimate, perRequest: (t) => estimate(t).perRequest };
  },
};
