/**
 * Validates the training estimator against published runs (src/catalog/training-runs.ts):
 *   closure    — feed the published hours/energy, power, PUE and intensity through estimateTraining (modes
 *                `accelerator-hours` / `measured-energy`) and compare energy, carbon and water with what was published;
 *   prediction — predict accelerator-hours from 6·N·D with the default MFU range (mode `parameters`) and check
 *                whether the published hours fall inside [low, high].
 * Run: `npx tsx scripts/validate-training.ts`, or `npm run validate` for all validation tables.
 */
import { pathToFileURL } from 'node:url';
import {
  TRAINING_HARDWARE,
  TRAINING_RUNS,
  type PublishedTrainingRun,
  type RunFigure,
} from '../src/catalog/training-runs.js';
import { mfuFromThroughput } from '../src/core/metrics.js';
import type { SourcedRange } from '../src/core/quantity.js';
import { exact, type Range } from '../src/core/range.js';
import { estimateTraining, type TrainingInput, type TrainingMode } from '../src/core/training.js';
import { MFU_DEFAULTS, defaultMfuRange } from '../src/catalog/mfu-defaults.js';

export interface Comparison {
  readonly estimated: number;
  readonly published: number;
  /** estimated / published */
  readonly ratio: number;
}

export interface ClosureRow {
  readonly id: string;
  readonly name: string;
  readonly mode: TrainingMode;
  /** Facility energy where the source publishes it, else IT energy (BLOOM's dynamic energy); absent when not published. */
  readonly energyMWh?: Comparison;
  readonly energyBoundary?: 'facility' | 'it';
  readonly carbonT: Comparison;
  readonly waterKL?: Comparison;
  /** Where the intensity came from: published, or derived from the card totals. */
  readonly intensityGPerKWh: number;
  readonly intensityStatus: 'published' | 'derived from card totals';
}

export interface PredictionRow {
  readonly id: string;
  readonly name: string;
  readonly hardware: string;
  readonly paramsActive: number;
  readonly tokens: number;
  readonly mfu: Range;
  /** 6ND ÷ (published hours × peak): the MFU the published hours imply. */
  readonly impliedMfu: number;
  readonly predictedHours: Range;
  readonly publishedHours: number;
  readonly hoursStatus: RunFigure['status'];
  /** predicted central / published */
  readonly ratio: number;
  readonly inside: boolean;
  /** The same ratio with the generation-blind default (`unknown`): what the generation and size buckets buy. */
  readonly ratioGenerationBlind: number;
}

const cite = (f: RunFigure, source: string): SourcedRange => ({
  range: exact(f.value),
  source,
  assumed: false,
  ...(f.note === undefined ? {} : { note: f.note }),
});

function compare(estimated: number, published: number): Comparison {
  return { estimated, published, ratio: estimated / published };
}

/** Σ tCO2e / Σ MWh over the rows of one model card, gCO2e/kWh (t/MWh × 1000). */
export function cardIntensityGPerKWh(card: string): number {
  let t = 0;
  let mwh = 0;
  for (const r of TRAINING_RUNS) {
    if (r.card !== card || r.carbonT === undefined || r.acceleratorHours === undefined || r.power === undefined) continue;
    t += r.carbonT.value;
    mwh += (r.acceleratorHours.value * r.power.watts.value) / 1e6;
  }
  return (t / mwh) * 1000;
}

function closureRow(r: PublishedTrainingRun): ClosureRow | undefined {
  if (r.carbonT === undefined || r.pue === undefined) return undefined;
  const intensity = r.intensityGPerKWh?.value ?? (r.card === undefined ? undefined : cardIntensityGPerKWh(r.card));
  if (intensity === undefined) return undefined;
  const site: TrainingInput['site'] = {
    pue: cite(r.pue, r.source),
    locationIntensityGPerKWh:
      r.intensityGPerKWh === undefined
        ? { range: exact(intensity), source: `${r.source}: Σ t / Σ (h × W) over the card`, assumed: false }
        : cite(r.intensityGPerKWh, r.source),
    ...(r.wueOnsiteLPerKWh && r.offsiteWaterLPerKWh
      ? { wueOnsiteLPerKWh: cite(r.wueOnsiteLPerKWh, r.source), offsiteWaterLPerKWh: cite(r.offsiteWaterLPerKWh, r.source) }
      : {}),
  };

  let input: TrainingInput;
  if (r.power !== undefined && r.acceleratorHours !== undefined) {
    input = {
      mode: 'accelerator-hours',
      acceleratorHours: cite(r.acceleratorHours, r.source),
      power: {
        kind: r.power.kind,
        scope: r.power.scope,
        watts: cite(r.power.watts, r.source),
        // The published accountings that use a TDP use all of it.
        ...(r.power.kind === 'tdp' ? { tdpFraction: { range: exact(1), source: r.source, assumed: false } } : {}),
      },
      site,
    };
  } else if (r.energyItMWh !== undefined) {
    input = { mode: 'measured-energy', energyItMWh: cite(r.energyItMWh, r.source), energyScope: 'accelerator-only', site };
  } else {
    return undefined;
  }

  const e = estimateTraining(input);
  let energy: Pick<ClosureRow, 'energyMWh' | 'energyBoundary'> = {};
  if (r.energyMWh !== undefined) {
    energy = { energyMWh: compare(e.energyMWh.value, r.energyMWh.value), energyBoundary: 'facility' };
  } else if (r.energyItMWh !== undefined && input.mode === 'accelerator-hours') {
    energy = { energyMWh: compare(e.energyItMWh.value, r.energyItMWh.value), energyBoundary: 'it' };
  }
  return {
    id: r.id,
    name: r.name,
    mode: input.mode,
    ...energy,
    carbonT: compare(e.carbonT.location.value, r.carbonT.value),
    ...(r.waterKL && e.waterKL ? { waterKL: compare(e.waterKL.value, r.waterKL.value) } : {}),
    intensityGPerKWh: intensity,
    intensityStatus: r.intensityGPerKWh === undefined ? 'derived from card totals' : 'published',
  };
}

function predictionRow(r: PublishedTrainingRun): PredictionRow | undefined {
  if (r.paramsTotal === undefined || r.tokens === undefined || r.acceleratorHours === undefined) return undefined;
  const hw = TRAINING_HARDWARE[r.hardware];
  const paramsActive = (r.paramsActive ?? r.paramsTotal).value;
  // Only the hours are compared here; power and site are placeholders the estimator requires.
  const e = estimateTraining({
    mode: 'parameters',
    paramsTotal: cite(r.paramsTotal, r.source),
    ...(r.paramsActive ? { paramsActive: cite(r.paramsActive, r.source) } : {}),
    tokens: cite(r.tokens, r.source),
    peakTflops: { range: exact(hw.peakTflops16), source: hw.source, assumed: false },
    generation: hw.generation,
    mfuDefaults: MFU_DEFAULTS,
    power: { kind: 'tdp', scope: 'accelerator-only', watts: 1 },
    site: { pue: 1, locationIntensityGPerKWh: 0 },
  });
  const hours = e.acceleratorHours;
  if (hours === undefined) return undefined;
  const published = r.acceleratorHours.value;
  const mfu = defaultMfuRange(hw.generation, paramsActive);
  const impliedMfu = mfuFromThroughput({
    tokensPerS: r.tokens.value / (published * 3600),
    paramsActive,
    acceleratorCount: 1,
    peakTflopsPerAccelerator: hw.peakTflops16,
  }).value;
  return {
    id: r.id,
    name: r.name,
    hardware: hw.name,
    paramsActive,
    tokens: r.tokens.value,
    mfu: { value: mfu.value, low: mfu.low, high: mfu.high },
    impliedMfu,
    predictedHours: hours,
    publishedHours: published,
    hoursStatus: r.acceleratorHours.status,
    ratio: hours.value / published,
    inside: published >= hours.low && published <= hours.high,
    // Hours scale as 1/MFU, so the ratio under another MFU is implied / that MFU.
    ratioGenerationBlind: impliedMfu / defaultMfuRange('unknown', paramsActive).value,
  };
}

export function validateTraining(): { closure: ClosureRow[]; prediction: PredictionRow[] } {
  const closure: ClosureRow[] = [];
  const prediction: PredictionRow[] = [];
  for (const r of TRAINING_RUNS) {
    const c = closureRow(r);
    if (c) closure.push(c);
    const p = predictionRow(r);
    if (p) prediction.push(p);
  }
  return { closure, prediction };
}

// ---------------------------------------------------------------- printing

const sig = (x: number, d = 4): string => Number(x.toPrecision(d)).toLocaleString('en-US');
const pct = (x: number, d = 1): string => `${(x * 100).toFixed(d)}%`;
const cmp = (c: Comparison | undefined): string =>
  c === undefined ? '–' : `${sig(c.estimated)} / ${sig(c.published)} (${c.ratio.toFixed(3)})`;

export function closureTable(rows: readonly ClosureRow[]): string {
  const head = [
    '| run | mode | intensity gCO2e/kWh | energy MWh, ours / published (ratio) | tCO2e, ours / published (ratio) | water kL, ours / published (ratio) |',
    '|---|---|---|---|---|---|',
  ];
  const body = rows.map((r) => {
    const boundary = r.energyBoundary === 'it' ? ' (IT)' : '';
    const ci = `${sig(r.intensityGPerKWh)}${r.intensityStatus === 'published' ? '' : ' (card)'}`;
    return `| ${r.name} | ${r.mode} | ${ci} | ${cmp(r.energyMWh)}${boundary} | ${cmp(r.carbonT)} | ${cmp(r.waterKL)} |`;
  });
  return [...head, ...body].join('\n');
}

export function predictionTable(rows: readonly PredictionRow[]): string {
  const head = [
    '| run | hardware | N_active | tokens | implied MFU | default MFU (low–high) | predicted accelerator-h (low–high) | published h | ratio | inside | ratio, generation-blind |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  const body = rows.map((r) => {
    const h = r.predictedHours;
    const published = `${sig(r.publishedHours)}${r.hoursStatus === 'derived' ? ' (D)' : ''}`;
    return (
      `| ${r.name} | ${r.hardware} | ${sig(r.paramsActive / 1e9)}B | ${sig(r.tokens / 1e12)}T | ${pct(r.impliedMfu)} | ` +
      `${pct(r.mfu.value, 0)} (${pct(r.mfu.low, 0)}–${pct(r.mfu.high, 0)}) | ${sig(h.value, 3)} (${sig(h.low, 3)}–${sig(h.high, 3)}) | ` +
      `${published} | ${r.ratio.toFixed(2)} | ${r.inside ? 'yes' : '**no**'} | ${r.ratioGenerationBlind.toFixed(2)} |`
    );
  });
  return [...head, ...body].join('\n');
}

export function mfuTable(): string {
  const size = (b: number, prev: number | undefined): string => {
    const lo = prev === undefined ? '' : `≥ ${prev / 1e9}B`;
    const hi = b === Infinity ? '' : `< ${b / 1e9}B`;
    return [lo, hi].filter(Boolean).join(', ') || 'all';
  };
  const lines = ['| generation | N_active | value | low | high | evidence |', '|---|---|---|---|---|---|'];
  MFU_DEFAULTS.forEach((r, i) => {
    const prev = i > 0 && MFU_DEFAULTS[i - 1].generation === r.generation ? MFU_DEFAULTS[i - 1].belowParams : undefined;
    lines.push(`| ${r.generation} | ${size(r.belowParams, prev)} | ${pct(r.value, 0)} | ${pct(r.low, 0)} | ${pct(r.high, 0)} | ${r.evidence} |`);
  });
  return lines.join('\n');
}

function summary(closure: readonly ClosureRow[], prediction: readonly PredictionRow[]): string {
  const ratios = closure.flatMap((r) => [r.energyMWh?.ratio, r.carbonT.ratio, r.waterKL?.ratio]).filter((x) => x !== undefined);
  const worst = Math.max(...ratios.map((x) => Math.abs(x - 1)));
  const inside = prediction.filter((r) => r.inside).length;
  const geo = (xs: readonly number[]): number =>
    Math.exp(xs.reduce((a, x) => a + Math.abs(Math.log(x)), 0) / xs.length);
  return [
    `closure: ${ratios.length} comparisons, worst |ratio − 1| = ${pct(worst, 2)}`,
    `prediction: ${inside}/${prediction.length} published values inside the default range; ` +
      `central ratio ${Math.min(...prediction.map((r) => r.ratio)).toFixed(2)}–${Math.max(...prediction.map((r) => r.ratio)).toFixed(2)}, ` +
      `geometric-mean error ×${geo(prediction.map((r) => r.ratio)).toFixed(2)} ` +
      `(generation-blind default: ×${geo(prediction.map((r) => r.ratioGenerationBlind)).toFixed(2)})`,
  ].join('\n');
}

/** The markdown report pasted into docs/methodology/training.md. */
export function trainingValidationReport(): string {
  const { closure, prediction } = validateTraining();
  return [
    '### Closure (published inputs → published outputs)',
    '',
    closureTable(closure),
    '',
    '### Prediction (6·N·D with the default MFU → accelerator-hours)',
    '',
    predictionTable(prediction),
    '',
    '### Default MFU table',
    '',
    mfuTable(),
    '',
    '```',
    summary(closure, prediction),
    '```',
    '',
  ].join('\n');
}

export function printTrainingValidation(): void {
  process.stdout.write(trainingValidationReport());
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) printTrainingValidation();
