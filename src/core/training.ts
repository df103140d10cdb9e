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
  /** Model FLOPs utilisation over the accounted hours. Absent: the row of `mfuDefaults` for `generation` and size. */
  readonly mfu?: TrainingValue;
  readonly generation?: AcceleratorGeneration;
  /** The published MFU table (catalog/mfu-defaults.ts) used when `mfu` is absent. */
  readonly mfuDefaults?: readonly MfuDefaultRow[];
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
  /**
   * Accelerator energy alone at PUE 1 (no host share, no facility overhead), MWh: the figure GPU-only
   * publications report. Undefined when the power given is a whole-system figure (the host cannot be taken out).
   */
  readonly energyAcceleratorMWh: Range | undefined;
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

/**
 * The default MFU row for a generation and a size: the first row of that generation with N_active < belowParams.
 * The table is cited data and lives in the catalog (catalog/mfu-defaults.ts); it is passed in, never imported here.
 */
export function mfuFromTable(table: readonly MfuDefaultRow[], generation: AcceleratorGeneration, paramsActive: number): MfuDefault {
  if (!ACCELERATOR_GENERATIONS.includes(generation)) {
    throw new InvalidInputError('generation', `must be one of ${ACCELERATOR_GENERATIONS.join(', ')}`, { value: generation });
  }
  checkNumber('paramsActive', paramsActive, { min: 0, minExclusive: true });
  const r =
    table.find((x) => x.generation === generation && paramsActive < x.belowParams) ??
    table.find((x) => x.generation === 'unknown' && paramsActive < x.belowParams);
  if (!r) throw new InvalidInputError('generation', `the MFU table has no row for ${generation} at ${paramsActive} parameters`);
  return { value: r.value, low: r.low, high: r.high, source: r.evidence };
}

export interface MfuDefault extends Range {
  readonly source: string;
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
  mfuDefaults: 'parameters',
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
    if (input.generation === undefined || input.mfuDefaults === undefined) {
      throw new InvalidInputError('mfu', 'give mfu, or generation and mfuDefaults to use the published default range');
    }
    const d = mfuFromTable(input.mfuDefaults, input.generation, active.range.value);
    mfu = { range: d, source: d.source, assumed: true, note: `default for ${input.generation} at this size` };
  }
  trace.push(rangeFactor('mfu', mfu.range, '1', mfu.source, mfu.assumed, mfu.note));

  const flops = mul(trainingFlopsPerToken(active.range), tokens.range);
  const flopsPerHour = scale(mul(peak.range, mfu.range), 1e12 * 3600);
  return { flops, hours: div(flops, flopsPerHour) };
}

/** IT power per accelerator, W, and the boundary it covers. */
function itPower(p: PowerBasis, trace: Factor[]): { watts: Range; acceleratorWatts: Range | undefined; boundary: 'gpu' | 'server' } {
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

  if (p.hostWPerAccelerator === undefined) {
    return p.scope === 'whole-system' ? { watts, acceleratorWatts: undefined, boundary: 'server' } : { watts, acceleratorWatts: watts, boundary: 'gpu' };
  }
  if (p.scope === 'whole-system') {
    throw new ConflictingInputError('power.hostWPerAccelerator: a whole-system power figure already includes the host', {
      field: 'power.hostWPerAccelerator',
    });
  }
  const h = resolve('power.hostWPerAccelerator', p.hostWPerAccelerator, NON_NEGATIVE);
  trace.push(rangeFactor('hostWPerAccelerator', h.range, 'W', h.source, h.assumed, h.note));
  return { watts: add(watts, h.range), acceleratorWatts: watts, boundary: 'server' };
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
  let energyAccelerator: Range | undefined;
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
    energyAccelerator = boundary === 'gpu' ? energyIt : undefined;
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
    energyAccelerator = p.acceleratorWatts === undefined ? undefined : scale(mul(hours, p.acceleratorWatts), 1e-6);
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
    energyAcceleratorMWh: energyAccelerator,
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
