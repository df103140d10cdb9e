/**
 * The EcoLogits method (`ecologits`), for comparison: EcoLogits' published per-call formula (core/ecologits.ts) with
 * its configuration (catalog/ecologits-config.ts: provider PUE/WUE, electricity mixes, deployment speeds) on the
 * resolved call. EcoLogits ignores input tokens; the warnings say so.
 */
import type { Range } from '../../core/range.js';
import { type Boundary, type Factor, factor, rangeFactor } from '../../core/trace.js';
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
} from '../../core/ecologits.js';
import { ECOLOGITS_MIXES, ECOLOGITS_PROVIDERS, ECOLOGITS_SPEEDS, ECOLOGITS_ZONE_OF_COUNTRY } from '../../catalog/ecologits-config.js';
import { getZone } from '../../catalog/grid.js';
import { offsiteWaterFor } from '../../catalog/water.js';
import type { CallEstimate, CallEstimator } from '../call-types.js';
import type { ResolvedCall } from '../call-resolution.js';
import { baseFields, checkTokens, requestOf } from '../call-tokens.js';
import type { CallEstimateMethod } from './provider-profile.js';

function ecologitsEstimator(r: ResolvedCall, boundary: Boundary): CallEstimator {
  const p = r.provider;
  const cfg = ECOLOGITS_PROVIDERS[p.id] ?? ECOLOGITS_PROVIDERS.generic;
  const m = r.model;
  const B = 1e9;
  // EcoLogits' registry: MoE = a total with an active {min,max}; dense = one {min,max} for both.
  const total: Range =
    m.architecture === 'moe'
      ? { value: m.totalParams.value / B, low: m.totalParams.value / B, high: m.totalParams.value / B }
      : { value: m.activeParams.value / B, low: m.activeParams.low / B, high: m.activeParams.high / B };
  const active: Range = { value: m.activeParams.value / B, low: m.activeParams.low / B, high: m.activeParams.high / B };
  const speed = ECOLOGITS_SPEEDS[m.id];
  const notes: string[] = [];
  let gwp: number;
  let wueOff: number;
  let mixSource: string;
  const country = r.site.zone.split('-')[0];
  const alpha3 = r.regionDefaulted ? cfg.mixZone : ECOLOGITS_ZONE_OF_COUNTRY[country];
  const mix = alpha3 ? ECOLOGITS_MIXES[alpha3] : undefined;
  if (mix) {
    gwp = mix.gwpKgPerKWh;
    wueOff = mix.wueLPerKWh;
    mixSource = `EcoLogits electricity_mixes.csv, ${alpha3} (GWP: Our World in Data; water: WRI)`;
  } else {
    gwp = getZoneIntensityKg(r.site.zone);
    wueOff = offsiteWaterFor(r.site.zone).lPerKWh.value;
    mixSource = `zone ${r.site.zone} from tokenprint's grid catalog (EcoLogits' mix table has no row for it)`;
    notes.push(`EcoLogits has no electricity mix for ${r.site.zone}: tokenprint's zone intensity and off-site water used.`);
  }
  const pue = r.regionDefaulted ? cfg.pue : r.siteFactors.pue.range;
  const wueOn = r.regionDefaulted ? cfg.wueOnsite : r.siteFactors.wueOnsiteLPerKWh.range;
  const trace: Factor[] = [
    factor('ecologitsEnergyAlpha', ECOLOGITS_ENERGY_ALPHA, 'Wh/token/GPU/Bparam', 'EcoLogits impacts/llm.py (fit on ML.ENERGY, commit 79e5b1f)', false),
    factor('ecologitsEnergyBeta', ECOLOGITS_ENERGY_BETA, '1/sequence', 'EcoLogits impacts/llm.py', false),
    factor('ecologitsEnergyGamma', ECOLOGITS_ENERGY_GAMMA, 'Wh/token/GPU', 'EcoLogits impacts/llm.py', false),
    factor('batch', ECOLOGITS_BATCH, 'sequences', 'EcoLogits BATCH_SIZE (fixed)', true),
    rangeFactor('modelTotalParams', total, 'Bparams', m.source, m.architectureEstimated),
    rangeFactor('modelActiveParams', active, 'Bparams', m.source, m.architectureEstimated),
    factor('serverPowerW', ECOLOGITS_SERVER_POWER_KW * 1000, 'W', 'EcoLogits: BoaviztAPI p5.48xlarge without GPUs, per 8 GPUs', true),
    factor('serverEmbodiedKg', ECOLOGITS_SERVER_EMBODIED_KG, 'kgCO2e', 'EcoLogits: BoaviztAPI p5.48xlarge without GPUs', false),
    factor('gpuEmbodiedKg', ECOLOGITS_GPU_EMBODIED_KG, 'kgCO2e', 'EcoLogits: NVIDIA HGX H100 PCF', false),
    factor('lifetimeYears', ECOLOGITS_LIFESPAN_S / (365 * 24 * 3600), 'years', 'EcoLogits hardware lifespan', true),
    rangeFactor('pue', pue, '1', r.regionDefaulted ? cfg.source : r.siteFactors.pue.source, r.regionDefaulted ? true : r.siteFactors.pue.assumed),
    rangeFactor('wueOnsite', wueOn, 'L/kWh', r.regionDefaulted ? cfg.source : r.siteFactors.wueOnsiteLPerKWh.source, true),
    factor('locationIntensity', gwp * 1000, 'gCO2e/kWh', mixSource, r.regionDefaulted),
    factor('offsiteWaterIntensity', wueOff, 'L/kWh', mixSource, r.regionDefaulted),
    speed
      ? factor('deploymentTokensPerS', speed.tps, 'tokens/s', `EcoLogits models.json deployment (OpenRouter statistics), TTFT ${speed.ttftS} s`, false)
      : factor('latencyModel', 1, '1', 'EcoLogits f_L latency regression (no deployment speed for this model)', true),
    ...r.modelTrace,
  ];
  const fixedWarnings = [
    'EcoLogits method: input tokens are not counted (EcoLogits ignores the prompt, mlco2/ecologits #183).',
    'EcoLogits method: water uses EcoLogits\u2019 coded formula E\u00b7(WUE_on + PUE\u00b7WUE_off), which counts PUE twice on the off-site term (#230).',
    ...notes,
  ];
  const base = baseFields(r, 'ecologits');
  const mid = (a: number, b: number) => (a + b) / 2;
  const atBoundary = (c: EcologitsCorner): number =>
    boundary === 'gpu' ? c.gpuEnergyKWh : boundary === 'server' ? c.gpuEnergyKWh + c.serverEnergyKWh : c.energyKWh;
  return (t) => {
    const tok = checkTokens(t, r.mode);
    const res = ecologitsImpacts({
      activeParamsB: active,
      totalParamsB: total,
      outputTokens: tok.output,
      measuredLatencyS: t.latencyMs !== undefined && t.latencyMs > 0 ? t.latencyMs / 1000 : undefined,
      speed,
      pue,
      wueOnsite: wueOn,
      mixGwpKgPerKWh: gwp,
      mixWueLPerKWh: wueOff,
    });
    const lo = res.min;
    const hi = res.max;
    const eLo = atBoundary(lo) * 1000;
    const eHi = atBoundary(hi) * 1000;
    // Carbon and water follow EcoLogits at the facility boundary, scaled to the boundary reported.
    const sLo = eLo / (lo.energyKWh * 1000 || 1);
    const sHi = eHi / (hi.energyKWh * 1000 || 1);
    const rng = (l: number, h: number): Range => ({ value: mid(l, h), low: Math.min(l, h), high: Math.max(l, h) });
    const carbon = rng(lo.gwpUsageKg * 1000 * sLo, hi.gwpUsageKg * 1000 * sHi);
    const perOut = tok.output > 0 ? rng((eLo * 3600) / tok.output, (eHi * 3600) / tok.output) : rng(0, 0);
    const itl = tok.output > 0 ? rng((lo.latencyS * 1000) / tok.output, (hi.latencyS * 1000) / tok.output) : rng(0, 0);
    return {
      kind: 'inference',
      method: 'modeled:provider',
      boundary,
      model: m.id,
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
        embodiedCarbonG: rng(lo.gwpEmbodiedKg * 1000, hi.gwpEmbodiedKg * 1000),
        replicaTimeS: rng(lo.latencyS / ECOLOGITS_BATCH, hi.latencyS / ECOLOGITS_BATCH),
      },
      timing: {
        interTokenMs: itl,
        replicaThroughputTokS: rng(itl.high > 0 ? (ECOLOGITS_BATCH * 1000) / itl.high : 0, itl.low > 0 ? (ECOLOGITS_BATCH * 1000) / itl.low : 0),
      },
      metrics: ecologitsMetrics(rng(eLo, eHi), carbon, rng(lo.gwpEmbodiedKg * 1000, hi.gwpEmbodiedKg * 1000), tok.output, tok.input + tok.output, active.value),
      trace: [factor('acceleratorCount', hi.gpus, '1', 'EcoLogits: 2^ceil(log2(ceil(1.2·P_total·16/8/80 GB))) H100 80GB', true), ...trace],
      warnings: [...fixedWarnings, ...base.warnings, ...tok.notes],
      ...base.fields,
      ...(tok.missing ? { missingUsage: true } : {}),
    };
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

function getZoneIntensityKg(zone: string): number {
  return getZone(zone).intensityGPerKWh / 1000;
}

export const ecologitsMethod: CallEstimateMethod = {
  id: 'ecologits',
  prepare({ resolved, boundary }) {
    const estimate = ecologitsEstimator(resolved, boundary);
    return { estimate, perRequest: (t) => estimate(t).perRequest };
  },
};
