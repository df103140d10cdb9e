/**
 * Footprint of one training run, in three modes:
 *   `parameters`        FLOPs = 6·N_active·D → accelerator-hours = FLOPs / (peak · MFU) / 3600 → IT energy via power;
 *   `accelerator-hours` the hours are given → IT energy via power;
 *   `measured-energy`   the IT energy is given (metered).
 * Then facility energy (× PUE), carbon location- and market-based, water, and embodied carbon amortised by
 * accelerator-hours over the device lifetime. Every input lands in the trace with its unit and provenance; every
 * default says so. Catalog lookups (accelerator TDP, peak, embodied…) happen in the caller.
 */
import { ConflictingInputError, InvalidInputError } from './errors.js';
import { amortisedEmbodied, carbonG, facilityEnergy, waterL } from './impacts.js';
import { type Bounds, checkNumber, checkRange } from './input-checks.js';
import { trainingFlopsPerToken } from './metrics.js';
import type { SourcedRange } from './quantity.js';
import { type Range, type RangeLike, add, div, mul, range, scale } from './range.js';
import { type Factor, factor, rangeFactor } from './trace.js';

export type TrainingMode = 'parameters' | 'accelerator-hours' | 'measured-energy';
export const TRAINING_MODES: readonly TrainingMode[] = ['parameters', 'accelerator-hours', 'measured-energy'];

/** Hardware generations with published training MFU; `unknown` gets the envelope of all of them. */
export type AcceleratorGeneration = 'volta' | 'tpu-v3' | 'ampere' | 'tpu-v4' | 'hopper' | 'unknown';
export const ACCELERATOR_GENERATIONS: readonly AcceleratorGeneration[] = [
  'volta',
  'tpu-v3',
  'ampere',
  'tpu-v4',
  'hopper',
  'unknown',
];

/** A plain number or range (traced as `user input`), or a range that carries its own provenance. */
export type TrainingValue = RangeLike | SourcedRange;

export type PowerKind = 'tdp' | 'measured-average';
export type PowerScope = 'accelerator-only' | 'whole-system';

/** What the power figure per accelerator means. Nothing about it is guessed from the number alone. */
export interface PowerBasis {
  /** `tdp`: the rated power, scaled by `tdpFraction`; `measured-average`: the average draw over the run. */
  readonly kind: PowerKind;
  /** `accelerator-only`: the chip/board alone; `whole-system`: per-accelerator share of the server (host included). */
  readonly scope: PowerScope;
  /** W per accelerator. */
  readonly watts: TrainingValue;
  /** Only with `kind: 'tdp'`: average draw as a fraction of TDP. Default {@link DEFAULT_TDP_FRACTION}, traced as assumed. */
  readonly tdpFraction?: TrainingValue;
  /** Only with `scope: 'accelerator-only'`: host (CPU, RAM, network) power per accelerator, W, added to IT power. */
  readonly hostWPerAccelerator?: TrainingValue;
}

export interface TrainingSite {
  /** Facility / IT energy, dimensionless, ≥ 1. */
  readonly pue: TrainingValue;
  /** Location-based grid intensity, gCO2e/kWh (GHG Protocol Scope 2). */
  readonly locationIntensityGPerKWh: TrainingValue;
  /** Market-based intensity, gCO2e/kWh. When absent, market-based carbon equals location-based and the trace says so. */
  readonly marketIntensityGPerKWh?: TrainingValue;
  /** On-site water usage effectiveness, L per kWh of IT energy. Give both water factors or neither. */
  readonly wueOnsiteLPerKWh?: TrainingValue;
  /** Off-site water intensity of electricity, L per kWh of facility energy. */
  readonly offsiteWaterLPerKWh?: TrainingValue;
}

export interface TrainingEmbodied {
  /** Manufacturing footprint of one accelerator, kgCO2e. */
  readonly deviceKgCO2e: TrainingValue;
  /** Manufacturing footprint of the host-server share per accelerator, kgCO2e. Absent: device only (traced). */
  readonly hostKgCO2ePerAccelerator?: TrainingValue;
  /** Service life over which the footprint is spread, years. */
  readonly lifetimeYears: TrainingValue;
}

export interface TrainingInput {
  readonly mode: TrainingMode;
  // mode `parameters`
  readonly paramsTotal?: TrainingValue;
  /** Parameters used per token (MoE: active experts + shared). Absent: equal to `paramsTotal` (dense). */
  readonly paramsActive?: TrainingValue;
  readonly tokens?: TrainingValue;
  /** Dense peak TFLOP/s of one accelerator at the training precision (the MFU defaults are against BF16/FP16 peak). */
  readonly peakTflops?: TrainingValue;
  /** Model FLOPs utilisation over the accounted hours. Absent: {@link defaultMfuRange} for `generation`. */
  readonly mfu?: TrainingValue;
  readonly generation?: AcceleratorGeneration;
  // mode `accelerator-hours` (and optional in `measured-energy`, where it only serves embodied carbon)
  readonly acceleratorHours?: TrainingValue;
  // mode `measured-energy`
  readonly energyItMWh?: TrainingValue;
  /** What the measured energy covers. Required with `measured-energy`. */
  readonly energyScope?: PowerScope;
  // all modes
  /** Accelerators in the job; gives the wall-clock duration. */
  readonly acceleratorCount?: number;
  /** Required in modes `parameters` and `accelerator-hours`; not allowed with `measured-energy`. */
  readonly power?: PowerBasis;
  readonly site: TrainingSite;
  readonly embodied?: TrainingEmbodied;
}

export interface TrainingEstimate {
  readonly kind: 'training';
  readonly mode: TrainingMode;
  /** Training compute, FLOP; only in mode `parameters`. */
  readonly flops: Range | undefined;
  /** Accelerator-hours, h; undefined only in `measured-energy` without given hours. */
  readonly acceleratorHours: Range | undefined;
  /** Wall-clock duration, days, when the accelerator count and hours are known. */
  readonly wallClockDays: Range | undefined;
  /** What the IT energy covers: `gpu` (accelerators only) or `server` (host included). */
  readonly itBoundary: 'gpu' | 'server';
  readonly energyItMWh: Range;
  /** Facility energy (IT × PUE), MWh. */
  readonly energyMWh: Range;
  readonly carbonT: { readonly location: Range; readonly market: Range };
  /** Water consumed, kL (on-site + off-site); undefined when no water factors were given. */
  readonly waterKL: Range | undefined;
  /** On-site part: cooling water at the data centre (WUE × IT energy), kL. */
  readonly waterOnsiteKL: Range | undefined;
  /** Off-site part: water consumed generating the electricity (intensity × facility energy), kL. */
  readonly waterOffsiteKL: Range | undefined;
  /** Embodied carbon share of the run, tCO2e, reported beside (never inside) operational carbon. */
  readonly embodiedT: Range | undefined;
  readonly trace: Factor[];
}

/**
 * Average draw as a fraction of TDP when only the TDP is known. 0.85: Morrison et al. 2025 ("Holistically
 * Evaluating the Environmental Impact of Creating Language Models", ICLR 2025) measured H100s at ~600 W of 700 W
 * while training. Low 0.6: Patterson et al. 2021 ("Carbon Emissions and Large Neural Network Training", Table 4)
 * measured TPUv3 systems at 245–310 W against a 450 W TDP. High 1.0: the TDP itself, the convention of Meta's model
 * cards and of Luccioni et al. 2023 for BLOOM.
 */
export const DEFAULT_TDP_FRACTION: SourcedRange = {
  range: range(0.85, 0.6, 1.0),
  source: 'Morrison et al. 2025 (H100 ~85% of TDP while training); Patterson et al. 2021 Table 4 (TPUv3 54–69%)',
  assumed: true,
  note: 'default: no TDP fraction given',
};

/** One row of the default MFU table: a generation and a size bucket of active parameters. */
export interface MfuDefaultRow {
  readonly generation: AcceleratorGeneration;
  /** Bucket applies to N_active < this (the last row of a generation uses Infinity). */
  readonly belowParams: number;
  readonly value: number;
  readonly low: number;
  readonly high: number;
  /** Published runs behind the row; "accounted" = 6ND ÷ (published accelerator-hours × peak). */
  readonly evidence: string;
}

const B = 1e9;

/**
 * Default MFU over the *accounted* accelerator-hours (restarts, evaluation and downtime included), which is what
 * turns 6ND into the hours a run actually kept accelerators busy. Rule for every row:
 *   value = median of the accounted MFU of published runs in the bucket;
 *   low   = 0.8 × the lowest accounted MFU in the bucket (accounting overheads differ by run);
 *   high  = the highest steady-state MFU published for that hardware class (accounted MFU cannot exceed it).
 * Accounted MFU of a run = 6·N_active·D / (published accelerator-hours × 3600 × dense 16-bit peak); the values
 * are recomputed by scripts/validate-training.ts from src/catalog/training-runs.ts.
 */
export const MFU_DEFAULTS: readonly MfuDefaultRow[] = [
  {
    // GPT-3 on V100: 19.7% measured (Patterson et al. 2021: 24.6 of 125 TFLOP/s), 21.3% (Chowdhery et al. 2022,
    // PaLM Table 3); XLM 21.2% (Wu et al. 2022, via LLMCarbon data). Only two runs, both near 20%: the high end
    // adds 20% to the best, since no steady-state V100 LLM figure above 21.3% is published.
    generation: 'volta',
    belowParams: Infinity,
    value: 0.2,
    low: 0.16,
    high: 0.25,
    evidence: 'GPT-3 19.7% (Patterson 2021), 21.3% (PaLM Table 3); XLM 21.2% (Wu 2022)',
  },
  {
    // Patterson et al. 2021 measured TPUv3 utilisation: T5 37%, Meena 34%, GShard 39%, Switch 28%; Gopher
    // (Rae et al. 2021) 30.2% accounted from 4,096 chips × 920 h, 32.5% steady-state per PaLM Table 3.
    generation: 'tpu-v3',
    belowParams: Infinity,
    value: 0.34,
    low: 0.22,
    high: 0.4,
    evidence: 'T5 37%, Meena 34%, GShard 39%, Switch 28% (Patterson 2021); Gopher 30.2% accounted, 32.5% (PaLM Table 3)',
  },
  {
    // PaLM 540B (Chowdhery et al. 2022): 46.2% steady-state MFU with attention (Table 3); 30.4% over the accounted
    // 8.40M chip-hours (App. B). The only TPUv4 LLM run with published hours.
    generation: 'tpu-v4',
    belowParams: Infinity,
    value: 0.3,
    low: 0.24,
    high: 0.47,
    evidence: 'PaLM 540B 30.4% accounted, 46.2% steady-state (Chowdhery 2022)',
  },
  {
    // Llama 2 7B 39%, 13B 38% accounted (model card hours); Megatron-LM 1.7B reaches 44% of A100 peak
    // (Narayanan et al. 2021, Table 1).
    generation: 'ampere',
    belowParams: 20 * B,
    value: 0.38,
    low: 0.3,
    high: 0.44,
    evidence: 'Llama 2 7B 39%, 13B 38% accounted (card); Megatron-LM 1.7B 44% (Narayanan 2021)',
  },
  {
    // Llama 2 34B 35%, 70B 43% accounted (Touvron et al. 2023 Table 2 / card); MPT-30B "> 46%" on A100 (MosaicML
    // 2023, a lower bound); Megatron-LM 44–52% (Narayanan 2021).
    generation: 'ampere',
    belowParams: 100 * B,
    value: 0.39,
    low: 0.28,
    high: 0.5,
    evidence: 'Llama 2 34B 35%, 70B 43% accounted; MPT-30B >46% (MosaicML 2023); Megatron-LM 44–52%',
  },
  {
    // BLOOM 176B 31.8% accounted (Luccioni et al. 2023: 1,082,990 GPU-h), 50% in its best configuration (156
    // TFLOP/s); GLM-130B ≥ 25% accounted (hours are an upper bound), 32.5% steady-state (Zeng et al. 2022); OPT-175B
    // ~21% if its 180B-token corpus was seen once (hours as assumed by Touvron et al. 2023 Table 15). The value is
    // BLOOM's, the only run here with exact published hours and tokens. High: Megatron-LM 52% at 530B–1T.
    generation: 'ampere',
    belowParams: Infinity,
    value: 0.32,
    low: 0.17,
    high: 0.52,
    evidence: 'BLOOM 31.8% accounted, 50% best (Luccioni 2023); GLM-130B ≥25%/32.5% (Zeng 2022); OPT ~21%; Megatron-LM 52%',
  },
  {
    // Llama 3 8B 16%, Llama 3.1 8B 14% accounted (model cards, ~15T tokens). No steady-state figure for a small
    // model on H100 is published, so high is the best H100 figure at any size: Llama 3 405B 43% (Dubey et al.
    // 2024, Table 4). Wide on purpose: other teams may run small models far better than Meta's accounting shows.
    generation: 'hopper',
    belowParams: 20 * B,
    value: 0.15,
    low: 0.11,
    high: 0.43,
    evidence: 'Llama 3 8B 16%, Llama 3.1 8B 14% accounted (cards); Llama 3 405B 43% best (Dubey 2024 Table 4)',
  },
  {
    // Llama 3 70B 28%, Llama 3.1 70B 26% accounted (cards); MPT-30B "> 35%" on H100 (a lower bound); high as above.
    generation: 'hopper',
    belowParams: 100 * B,
    value: 0.27,
    low: 0.21,
    high: 0.43,
    evidence: 'Llama 3 70B 28%, Llama 3.1 70B 26% accounted (cards); MPT-30B >35% (MosaicML 2023); 43% best',
  },
  {
    // Llama 3.1 405B: 35% accounted (30.84M GPU-h, 15.6T tokens); 38–43% steady-state BF16 (Dubey et al. 2024, Table 4).
    generation: 'hopper',
    belowParams: Infinity,
    value: 0.35,
    low: 0.28,
    high: 0.43,
    evidence: 'Llama 3.1 405B 35% accounted (card), 38–43% steady-state (Dubey 2024 Table 4)',
  },
  {
    // No generation given: the envelope of every row above, centred on the middle of the published runs.
    generation: 'unknown',
    belowParams: Infinity,
    value: 0.3,
    low: 0.11,
    high: 0.52,
    evidence: 'envelope of all rows (Llama 3.1 8B 14% … Megatron-LM 52%)',
  },
];

export interface MfuDefault extends Range {
  readonly source: string;
}

/** Default MFU range for a hardware generation and model size (see {@link MFU_DEFAULTS} for the runs behind it). */
export function defaultMfuRange(generation: AcceleratorGeneration, paramsActive: number): MfuDefault {
  if (!ACCELERATOR_GENERATIONS.includes(generation)) {
    throw new InvalidInputError('generation', `must be one of ${ACCELERATOR_GENERATIONS.join(', ')}`, { value: generation });
  }
  checkNumber('paramsActive', paramsActive, { min: 0, minExclusive: true });
  const row = MFU_DEFAULTS.find((r) => r.generation === generation && paramsActive < r.belowParams);
  // Every generation has an Infinity row, so a row is always found.
  const r = row ?? MFU_DEFAULTS[MFU_DEFAULTS.length - 1];
  return { value: r.value, low: r.low, high: r.high, source: r.evidence };
}

// ---------------------------------------------------------------------------------------------------------------

const SECONDS_PER_YEAR = 365.25 * 24 * 3600;
const POSITIVE: Bounds = { min: 0, minExclusive: true };
const NON_NEGATIVE: Bounds = { min: 0 };
const FRACTION: Bounds = { min: 0, minExclusive: true, max: 1 };

interface Resolved {
  readonly range: Range;
  readonly source: string;
  readonly assumed: boolean;
  readonly note?: string;
}

function isSourced(v: TrainingValue): v is SourcedRange {
  return typeof v === 'object' && v !== null && 'range' in v;
}

function resolve(field: string, v: TrainingValue, b: Bounds): Resolved {
  if (isSourced(v)) return { ...v, range: checkRange(field, v.range, b) };
  return { range: checkRange(field, v, b), source: 'user input', assumed: false };
}

/** Fields that belong to one mode only; `acceleratorHours` is shared by two and checked apart. */
const MODE_FIELDS = {
  paramsTotal: 'parameters',
  paramsActive: 'parameters',
  tokens: 'parameters',
  peakTflops: 'parameters',
  mfu: 'parameters',
  generation: 'parameters',
  energyItMWh: 'measured-energy',
  energyScope: 'measured-energy',
} as const satisfies Partial<Record<keyof TrainingInput, TrainingMode>>;

function checkModeFields(input: TrainingInput): void {
  if (!TRAINING_MODES.includes(input.mode)) {
    throw new InvalidInputError('mode', `must be one of ${TRAINING_MODES.join(', ')}`, { value: input.mode });
  }
  for (const [field, mode] of Object.entries(MODE_FIELDS)) {
    if (input[field as keyof typeof MODE_FIELDS] !== undefined && mode !== input.mode) {
      throw new ConflictingInputError(`${field} belongs to mode '${mode}', not '${input.mode}'`, { field, mode: input.mode });
    }
  }
  if (input.mode === 'parameters' && input.acceleratorHours !== undefined) {
    throw new ConflictingInputError("acceleratorHours is derived in mode 'parameters'; use mode 'accelerator-hours'", {
      field: 'acceleratorHours',
      mode: input.mode,
    });
  }
  if (input.mode === 'measured-energy' && input.power !== undefined) {
    throw new ConflictingInputError("power is not used with mode 'measured-energy': the IT energy is given", {
      field: 'power',
      mode: input.mode,
    });
  }
}

function required<T>(field: string, v: T | undefined, mode: TrainingMode): T {
  if (v === undefined) throw new InvalidInputError(field, `is required in mode '${mode}'`, { mode });
  return v;
}

/** Accelerator-hours and FLOPs of mode `parameters`. */
function fromParameters(input: TrainingInput, trace: Factor[]): { flops: Range; hours: Range } {
  const m = input.mode;
  const total = resolve('paramsTotal', required('paramsTotal', input.paramsTotal, m), POSITIVE);
  trace.push(rangeFactor('paramsTotal', total.range, 'parameters', total.source, total.assumed, total.note));
  let active: Resolved;
  if (input.paramsActive === undefined) {
    active = { ...total, note: 'not given: dense model, active = total' };
  } else {
    active = resolve('paramsActive', input.paramsActive, POSITIVE);
    if (active.range.value > total.range.value || active.range.high > total.range.high) {
      throw new ConflictingInputError('paramsActive exceeds paramsTotal', {
        field: 'paramsActive',
        paramsActive: active.range,
        paramsTotal: total.range,
      });
    }
  }
  trace.push(rangeFactor('paramsActive', active.range, 'parameters', active.source, active.assumed, active.note));
  const tokens = resolve('tokens', required('tokens', input.tokens, m), POSITIVE);
  trace.push(rangeFactor('tokens', tokens.range, 'tokens', tokens.source, tokens.assumed, tokens.note));
  const peak = resolve('peakTflops', required('peakTflops', input.peakTflops, m), POSITIVE);
  trace.push(rangeFactor('peakTflops', peak.range, 'TFLOP/s', peak.source, peak.assumed, peak.note));

  let mfu: Resolved;
  if (input.mfu !== undefined) {
    mfu = resolve('mfu', input.mfu, FRACTION);
  } else {
    if (input.generation === undefined) {
      throw new InvalidInputError('mfu', 'give mfu, or generation to use the published default range');
    }
    const d = defaultMfuRange(input.generation, active.range.value);
    mfu = { range: d, source: d.source, assumed: true, note: `default for ${input.generation} at this size` };
  }
  trace.push(rangeFactor('mfu', mfu.range, '1', mfu.source, mfu.assumed, mfu.note));

  const flops = mul(trainingFlopsPerToken(active.range), tokens.range);
  const flopsPerHour = scale(mul(peak.range, mfu.range), 1e12 * 3600);
  return { flops, hours: div(flops, flopsPerHour) };
}

/** IT power per accelerator, W, and the boundary it covers. */
function itPower(p: PowerBasis, trace: Factor[]): { watts: Range; boundary: 'gpu' | 'server' } {
  if (p.kind !== 'tdp' && p.kind !== 'measured-average') {
    throw new InvalidInputError('power.kind', "must be 'tdp' or 'measured-average'", { value: p.kind });
  }
  if (p.scope !== 'accelerator-only' && p.scope !== 'whole-system') {
    throw new InvalidInputError('power.scope', "must be 'accelerator-only' or 'whole-system'", { value: p.scope });
  }
  const w = resolve('power.watts', p.watts, POSITIVE);
  const what = `${p.kind === 'tdp' ? 'TDP' : 'measured average'}, ${p.scope}`;
  trace.push(rangeFactor('powerW', w.range, 'W', w.source, w.assumed, w.note ?? what));
  let watts = w.range;

  if (p.kind === 'tdp') {
    const f = p.tdpFraction === undefined ? DEFAULT_TDP_FRACTION : resolve('power.tdpFraction', p.tdpFraction, FRACTION);
    trace.push(rangeFactor('tdpFraction', f.range, '1', f.source, f.assumed, f.note));
    watts = mul(watts, f.range);
  } else if (p.tdpFraction !== undefined) {
    throw new ConflictingInputError('power.tdpFraction applies only to a TDP power basis, not a measured average', {
      field: 'power.tdpFraction',
    });
  }

  if (p.hostWPerAccelerator === undefined) return { watts, boundary: p.scope === 'whole-system' ? 'server' : 'gpu' };
  if (p.scope === 'whole-system') {
    throw new ConflictingInputError('power.hostWPerAccelerator: a whole-system power figure already includes the host', {
      field: 'power.hostWPerAccelerator',
    });
  }
  const h = resolve('power.hostWPerAccelerator', p.hostWPerAccelerator, NON_NEGATIVE);
  trace.push(rangeFactor('hostWPerAccelerator', h.range, 'W', h.source, h.assumed, h.note));
  return { watts: add(watts, h.range), boundary: 'server' };
}

function optional(field: string, v: TrainingValue | undefined, b: Bounds): Resolved | undefined {
  return v === undefined ? undefined : resolve(field, v, b);
}

export function estimateTraining(input: TrainingInput): TrainingEstimate {
  checkModeFields(input);
  const trace: Factor[] = [];
  const mode = input.mode;

  let flops: Range | undefined;
  let hours: Range | undefined;
  let energyIt: Range;
  let boundary: 'gpu' | 'server';

  if (mode === 'measured-energy') {
    const e = resolve('energyItMWh', required('energyItMWh', input.energyItMWh, mode), POSITIVE);
    const scope = required('energyScope', input.energyScope, mode);
    if (scope !== 'accelerator-only' && scope !== 'whole-system') {
      throw new InvalidInputError('energyScope', "must be 'accelerator-only' or 'whole-system'", { value: scope });
    }
    trace.push(rangeFactor('energyItMWh', e.range, 'MWh', e.source, e.assumed, e.note ?? `measured, ${scope}`));
    energyIt = e.range;
    boundary = scope === 'whole-system' ? 'server' : 'gpu';
    const h = optional('acceleratorHours', input.acceleratorHours, POSITIVE);
    if (h !== undefined) {
      trace.push(rangeFactor('acceleratorHours', h.range, 'h', h.source, h.assumed, h.note));
      hours = h.range;
    }
  } else {
    if (mode === 'parameters') {
      ({ flops, hours } = fromParameters(input, trace));
    } else {
      const h = resolve('acceleratorHours', required('acceleratorHours', input.acceleratorHours, mode), POSITIVE);
      trace.push(rangeFactor('acceleratorHours', h.range, 'h', h.source, h.assumed, h.note));
      hours = h.range;
    }
    const p = itPower(required('power', input.power, mode), trace);
    boundary = p.boundary;
    energyIt = scale(mul(hours, p.watts), 1e-6); // h × W = Wh; 1e-6 → MWh
  }

  let wallClockDays: Range | undefined;
  if (input.acceleratorCount !== undefined) {
    const n = checkNumber('acceleratorCount', input.acceleratorCount, { min: 1 });
    if (!Number.isInteger(n)) throw new InvalidInputError('acceleratorCount', 'must be a whole number', { value: n });
    trace.push(factor('acceleratorCount', n, 'accelerators', 'user input', false));
    if (hours !== undefined) wallClockDays = scale(hours, 1 / (n * 24));
  }

  const site = siteImpacts(input.site, energyIt, trace);
  const embodiedT = input.embodied === undefined ? undefined : embodied(input.embodied, hours, trace);

  return {
    kind: 'training',
    mode,
    flops,
    acceleratorHours: hours,
    wallClockDays,
    itBoundary: boundary,
    energyItMWh: energyIt,
    ...site,
    embodiedT,
    trace,
  };
}

function siteImpacts(
  s: TrainingSite,
  energyIt: Range,
  trace: Factor[],
): Pick<TrainingEstimate, 'energyMWh' | 'carbonT' | 'waterKL' | 'waterOnsiteKL' | 'waterOffsiteKL'> {
  if (s === undefined || s === null) throw new InvalidInputError('site', 'is required (pue, locationIntensityGPerKWh)');
  if (s.pue === undefined) throw new InvalidInputError('site.pue', 'is required');
  if (s.locationIntensityGPerKWh === undefined) throw new InvalidInputError('site.locationIntensityGPerKWh', 'is required');
  const pue = resolve('site.pue', s.pue, { min: 1 });
  trace.push(rangeFactor('pue', pue.range, '1', pue.source, pue.assumed, pue.note));
  const loc = resolve('site.locationIntensityGPerKWh', s.locationIntensityGPerKWh, NON_NEGATIVE);
  trace.push(rangeFactor('locationIntensityGPerKWh', loc.range, 'gCO2e/kWh', loc.source, loc.assumed, loc.note));
  const given = optional('site.marketIntensityGPerKWh', s.marketIntensityGPerKWh, NON_NEGATIVE);
  const market: Resolved = given ?? {
    range: loc.range,
    source: loc.source,
    assumed: true,
    note: 'no market-based intensity given: market-based carbon set equal to location-based',
  };
  trace.push(rangeFactor('marketIntensityGPerKWh', market.range, 'gCO2e/kWh', market.source, market.assumed, market.note));

  const energyMWh = facilityEnergy(energyIt, pue.range);
  const facilityKWh = scale(energyMWh, 1000);
  // g → t is 1e-6.
  const carbonT = {
    location: scale(carbonG(facilityKWh, loc.range), 1e-6),
    market: scale(carbonG(facilityKWh, market.range), 1e-6),
  };

  const wue = optional('site.wueOnsiteLPerKWh', s.wueOnsiteLPerKWh, NON_NEGATIVE);
  const offsite = optional('site.offsiteWaterLPerKWh', s.offsiteWaterLPerKWh, NON_NEGATIVE);
  if ((wue === undefined) !== (offsite === undefined)) {
    const missing = wue === undefined ? 'site.wueOnsiteLPerKWh' : 'site.offsiteWaterLPerKWh';
    throw new InvalidInputError(missing, 'give both water factors (on-site WUE and off-site intensity) or neither');
  }
  let waterKL: Range | undefined;
  let waterOnsiteKL: Range | undefined;
  let waterOffsiteKL: Range | undefined;
  if (wue !== undefined && offsite !== undefined) {
    trace.push(rangeFactor('wueOnsiteLPerKWh', wue.range, 'L/kWh', wue.source, wue.assumed, wue.note));
    trace.push(rangeFactor('offsiteWaterLPerKWh', offsite.range, 'L/kWh', offsite.source, offsite.assumed, offsite.note));
    waterKL = scale(waterL(scale(energyIt, 1000), facilityKWh, wue.range, offsite.range), 1e-3);
    // L → kL is 1e-3; the two parts are the two terms of waterL.
    waterOnsiteKL = scale(mul(scale(energyIt, 1000), wue.range), 1e-3);
    waterOffsiteKL = scale(mul(facilityKWh, offsite.range), 1e-3);
  }
  return { energyMWh, carbonT, waterKL, waterOnsiteKL, waterOffsiteKL };
}

function embodied(e: TrainingEmbodied, hours: Range | undefined, trace: Factor[]): Range {
  if (hours === undefined) {
    throw new InvalidInputError('acceleratorHours', 'is needed to amortise embodied carbon in mode measured-energy');
  }
  const device = resolve('embodied.deviceKgCO2e', e.deviceKgCO2e, NON_NEGATIVE);
  trace.push(rangeFactor('embodiedDeviceKgCO2e', device.range, 'kgCO2e', device.source, device.assumed, device.note));
  const host = optional('embodied.hostKgCO2ePerAccelerator', e.hostKgCO2ePerAccelerator, NON_NEGATIVE);
  if (host === undefined) {
    trace.push(factor('embodiedHostKgCO2e', 0, 'kgCO2e', 'not given', true, { note: 'host server share not included' }));
  } else {
    trace.push(rangeFactor('embodiedHostKgCO2e', host.range, 'kgCO2e', host.source, host.assumed, host.note));
  }
  const life = resolve('embodied.lifetimeYears', e.lifetimeYears, POSITIVE);
  trace.push(rangeFactor('lifetimeYears', life.range, 'yr', life.source, life.assumed, life.note));
  const perAccelerator = host === undefined ? device.range : add(device.range, host.range);
  // Σ over accelerators of footprint × (time used / lifetime) = footprint × accelerator-seconds / lifetime-seconds.
  const kg = amortisedEmbodied(perAccelerator, scale(hours, 3600), scale(life.range, SECONDS_PER_YEAR));
  return scale(kg, 1e-3);
}
