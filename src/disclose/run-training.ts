/**
 * One training run, read from run.yaml, through the project's training estimator: the same options
 * `tokenprint estimate training` resolves (catalog hardware, site factors), so a disclosure and an estimate of the
 * same run give the same numbers. Also the run's compute by both of the guidelines' methods.
 */
import { resolveTrainingInput, type TrainingOptions } from '../estimate/training-deployment.js';
import { resolveSite } from '../catalog/site.js';
import type { Accelerator } from '../catalog/types.js';
import { estimateTraining, type TrainingEstimate } from '../core/training.js';
import { getAccelerator } from '../catalog/accelerators.js';
import type { PeakBasis, RunFile } from './run-file.js';
import { architectureBasedFlop, hardwareBasedFlop } from './training-compute.js';

export interface RunCompute {
  /** N·L as accelerator-hours, when logged (given, or count × wall-clock days × 24). */
  readonly acceleratorHours: number | undefined;
  readonly hoursSource: string | undefined;
  /** H: peak FLOP/s per accelerator at the stated basis, TFLOP/s. */
  readonly peakTflops: number | undefined;
  readonly peakBasis: PeakBasis;
  readonly peakSource: string;
  /** N·L·H·U, FLOP; undefined without logged hours or U. */
  readonly hardwareFlop: number | undefined;
  /** 6·P·D, FLOP; undefined without tokens. */
  readonly architectureFlop: number | undefined;
  /** Non-public synthetic-data generation compute counted (public data excluded), FLOP. */
  readonly syntheticFlop: number;
  readonly fineTuningFlop: number;
}

export interface RunTraining {
  readonly accelerator: Accelerator;
  readonly options: TrainingOptions;
  readonly estimate: TrainingEstimate;
  readonly zone: string;
  readonly marketIntensityGPerKWh: number | undefined;
  readonly compute: RunCompute;
}

const BASIS_KEY: Record<PeakBasis, 'bf16' | 'fp8' | 'int8' | 'fp4'> = {
  'bf16-dense': 'bf16',
  'fp8-dense': 'fp8',
  'int8-dense': 'int8',
  'fp4-dense': 'fp4',
};

export function runAcceleratorHours(run: RunFile): { hours: number; source: string } | undefined {
  const h = run.training.hardware;
  if (h.acceleratorHours !== undefined) return { hours: h.acceleratorHours, source: 'training.hardware.acceleratorHours' };
  if (h.count !== undefined && h.wallClockDays !== undefined) {
    return { hours: h.count * h.wallClockDays * 24, source: `${h.count} accelerators × ${h.wallClockDays} days × 24 h` };
  }
  return undefined;
}

/** Market-based factor of the run: covered shares at their instrument factors, the rest at the residual mix. */
export function runMarketIntensity(run: RunFile, locationGPerKWh: number): number | undefined {
  const t = run.training;
  if (t.marketInstruments.length === 0 && t.residualMixGPerKWh === undefined) return undefined;
  const covered = t.marketInstruments.reduce((s, m) => s + m.coverage, 0);
  const rest = t.residualMixGPerKWh?.value ?? locationGPerKWh;
  return t.marketInstruments.reduce((s, m) => s + m.coverage * m.factorGPerKWh, 0) + (1 - covered) * rest;
}

export function runTrainingOptions(run: RunFile): TrainingOptions {
  const t = run.training;
  const hours = runAcceleratorHours(run);
  const measured = t.measuredEnergy;
  const location = t.gridIntensityGPerKWh?.value ?? resolveSite({ region: t.region }).factors.locationIntensityGPerKWh.range.value;
  const pue = t.pue?.value;
  const site = {
    region: t.region,
    pue,
    locationIntensityGPerKWh: t.gridIntensityGPerKWh?.value,
    marketIntensityGPerKWh: runMarketIntensity(run, location),
  };
  const base = { hardware: t.hardware.accelerator, accelerators: t.hardware.count, ...site };
  if (measured) {
    // A facility meter already includes the overhead: back it out so the estimator's × PUE gives the metered figure.
    const itMWh = measured.boundary === 'facility' ? measured.mwh / (pue ?? resolveSite({ region: t.region }).factors.pue.range.value) : measured.mwh;
    return { ...base, energyItMWh: itMWh, energyScope: measured.boundary === 'accelerator' ? 'accelerator' : 'system', acceleratorHours: hours?.hours };
  }
  const power = t.power ? { powerW: t.power.watts, powerBasis: t.power.basis, powerScope: t.power.scope } : {};
  if (hours) return { ...base, ...power, acceleratorHours: hours.hours };
  const u = t.utilisation;
  return {
    ...base,
    ...power,
    params: run.model.paramsTotal,
    activeParams: run.model.paramsActive,
    tokens: t.tokens,
    mfu: u && u.definition === 'mfu' ? { value: u.value, low: u.value, high: u.value } : undefined,
  };
}

export function runTraining(run: RunFile): RunTraining {
  const options = runTrainingOptions(run);
  const { input, accelerator, zone } = resolveTrainingInput(options);
  const estimate = estimateTraining(input);
  const t = run.training;
  const hours = runAcceleratorHours(run);
  const acc = getAccelerator(t.hardware.accelerator);
  const peakTflops = t.peak.tflopsPerAccelerator ?? acc.peakTflops[BASIS_KEY[t.peak.basis]];
  const peakSource =
    t.peak.tflopsPerAccelerator !== undefined ? (t.peak.source ?? 'run file (training.peak.tflopsPerAccelerator)') : `${acc.name} ${t.peak.basis} peak — ${acc.source}`;
  const pActive = run.model.paramsActive ?? run.model.paramsTotal;
  const compute: RunCompute = {
    acceleratorHours: hours?.hours,
    hoursSource: hours?.source,
    peakTflops,
    peakBasis: t.peak.basis,
    peakSource,
    hardwareFlop: hours && t.utilisation && peakTflops !== undefined ? hardwareBasedFlop(hours.hours, peakTflops, t.utilisation.value) : undefined,
    architectureFlop: t.tokens !== undefined ? architectureBasedFlop(pActive, t.tokens) : undefined,
    syntheticFlop: t.syntheticData && !t.syntheticData.public ? t.syntheticData.flop : 0,
    fineTuningFlop: t.fineTuning?.flop ?? 0,
  };
  return { accelerator, options, estimate, zone, marketIntensityGPerKWh: options.marketIntensityGPerKWh, compute };
}
