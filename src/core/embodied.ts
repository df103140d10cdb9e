/**
 * Embodied (manufacturing) carbon of hardware and the share of it a use is responsible for. Two methods, one
 * function each:
 *  (a) a per-device life-cycle figure (a vendor PCF, an LCA) amortised linearly over the service life, as the SCI
 *      specification does (ISO/IEC 21031:2024: M = TE × TiR/EL × RR/ToR);
 *  (b) a die-area lower bound: logic die area × carbon per area + memory GB × carbon per GB (LLMCarbon, Faiz et al.,
 *      ICLR 2024). It leaves out packaging, substrate, HBM stacking, board and thermal parts, so it sits well below
 *      any full LCA (14.7 kg for the H100 die against NVIDIA's 164 kg per GPU).
 * Pure: no catalog look-ups here; factors come in as arguments or are the cited constants below.
 */
import { InvalidInputError } from './errors.js';
import { amortisedEmbodied } from './impacts.js';
import { type Range, type RangeLike, add, exact, mul, range, scale, toRange } from './range.js';

/**
 * The year of every lifetime and amortisation in tokenprint: the Julian year, 365.25 d = 31,557,600 s (the IAU's
 * astronomical year, ISO 80000-3:2019 item 3-7 "annum"), the mean calendar year over a multi-year service life with
 * its leap days. Boavizta and CCF write lifetimes in hours with 8,760 h a year; the two differ by 0.068 %. Defined
 * here once; the inference and training estimators, the planner and the embodied functions all use it.
 */
export const SECONDS_PER_YEAR = 365.25 * 24 * 3600;
export const G_PER_KG = 1000;

export type ProcessNode = '16nm' | '12nm' | '7nm' | '4nm';
export const PROCESS_NODES: readonly ProcessNode[] = ['16nm', '12nm', '7nm', '4nm'];

/**
 * Carbon per unit logic-die area, kgCO2e/cm², by process node: LLMCarbon's `data/hardware.csv` (Faiz et al., ICLR
 * 2024; SotaroKaneda/MLCarbon @ 5883ea6, Apache-2.0). Rows: CPU and TPUv3 TSMC 16 nm 1.0; V100 TSMC 12 nm 1.2;
 * TPUv4 TSMC 7 nm 1.6; H100 TSMC 4 nm 1.8.
 */
export const CPA_KG_PER_CM2: Readonly<Record<ProcessNode, number>> = {
  '16nm': 1.0,
  '12nm': 1.2,
  '7nm': 1.6,
  '4nm': 1.8,
};

/**
 * Memory, kgCO2e per GB: LLMCarbon `data/hardware.csv`, "DRAM, Micron 18nm, 0.4 kgCO2/GB". Used for HBM and GDDR as
 * a floor: HBM adds TSV stacking and a base die, and NVIDIA's HGX H100 PCF implies ≈0.85 kg per GB of HBM3.
 */
export const MEMORY_KG_PER_GB = 0.4;

/** Years (a number or a range) → seconds, with the Julian year (SECONDS_PER_YEAR). */
export function yearsToSeconds(years: RangeLike): Range {
  return scale(toRange(years), SECONDS_PER_YEAR);
}

/**
 * Die-area lower bound of one device's embodied carbon, kgCO2e = die cm² × CPA(node) + memory GB × 0.4. Without a
 * node, the carbon per area spans LLMCarbon's table: value and high at 4 nm (1.8, the node of current
 * accelerators), low at 16 nm (1.0).
 */
export function dieAreaEmbodiedKg(input: {
  readonly dieAreaMm2: number;
  readonly processNode?: ProcessNode;
  readonly memoryGB: number;
}): Range {
  const { dieAreaMm2, processNode, memoryGB } = input;
  if (!(dieAreaMm2 > 0) || !Number.isFinite(dieAreaMm2)) {
    throw new InvalidInputError('dieAreaMm2', 'must be a positive number of mm²', { value: dieAreaMm2 });
  }
  if (!(memoryGB >= 0) || !Number.isFinite(memoryGB)) {
    throw new InvalidInputError('memoryGB', 'must be zero or a positive number of GB', { value: memoryGB });
  }
  const cpa = processNode
    ? exact(CPA_KG_PER_CM2[processNode])
    : range(CPA_KG_PER_CM2['4nm'], CPA_KG_PER_CM2['16nm'], CPA_KG_PER_CM2['4nm']);
  return add(mul(cpa, dieAreaMm2 / 100), memoryGB * MEMORY_KG_PER_GB);
}

/**
 * Embodied carbon of one device attributed to a use, g = device kg × 1000 × duration / lifetime × share (linear
 * time-based amortisation; `share` is the fraction of the device the use occupied, 1 for exclusive use).
 */
export function amortisedDeviceEmbodiedG(
  deviceKg: RangeLike,
  durationS: RangeLike,
  lifetimeS: RangeLike,
  share: RangeLike = 1,
): Range {
  return amortisedEmbodied(scale(toRange(deviceKg), G_PER_KG), durationS, lifetimeS, share);
}

export interface EmbodiedForUse {
  /** Accelerators' share of their manufacturing footprint, gCO2e. */
  readonly acceleratorsG: Range;
  /** Host servers' share (per-accelerator host share × count), gCO2e. */
  readonly hostG: Range;
  readonly totalG: Range;
}

/**
 * Embodied carbon of `count` accelerators and their hosts used for `durationS`: each amortised over its lifetime.
 * `hostKg` is the host share per accelerator (catalog `hostEmbodiedKgCO2e`); `hostLifetimeS` defaults to
 * `lifetimeS` because GPU servers are usually bought and retired with their accelerators.
 */
export function embodiedForUse(input: {
  readonly deviceKg: Range;
  readonly hostKg: Range;
  readonly count: number;
  readonly durationS: RangeLike;
  readonly lifetimeS: Range;
  readonly hostLifetimeS?: Range;
  readonly share?: RangeLike;
}): EmbodiedForUse {
  const { deviceKg, hostKg, count, durationS, lifetimeS } = input;
  const hostLifetimeS = input.hostLifetimeS ?? lifetimeS;
  const share = toRange(input.share ?? 1);
  if (!(count > 0) || !Number.isFinite(count)) {
    throw new InvalidInputError('count', 'must be a positive number of accelerators', { value: count });
  }
  if (!(toRange(durationS).low >= 0)) {
    throw new InvalidInputError('durationS', 'must not be negative', { value: durationS });
  }
  for (const [field, life] of [['lifetimeS', lifetimeS], ['hostLifetimeS', hostLifetimeS]] as const) {
    if (!(life.low > 0)) throw new InvalidInputError(field, 'must be a positive number of seconds', { value: life });
  }
  if (!(share.low >= 0 && share.high <= 1)) {
    throw new InvalidInputError('share', 'must lie between 0 and 1', { value: share });
  }
  const acceleratorsG = amortisedDeviceEmbodiedG(scale(deviceKg, count), durationS, lifetimeS, share);
  const hostG = amortisedDeviceEmbodiedG(scale(hostKg, count), durationS, hostLifetimeS, share);
  return { acceleratorsG, hostG, totalG: add(acceleratorsG, hostG) };
}
