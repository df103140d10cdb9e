/**
 * The GPAI Code of Practice Model Documentation Form's compute and energy items (research §1.3.1, C1–C5 and
 * E1–E4) for one training run, with the AI Act threshold indicators (GPAI presumption, systemic risk, the
 * one-third rule for modifications) and the beyond-compliance items earlier drafts asked for. Compute is given by
 * both of the Commission guidelines' methods and reconciled; energy comes from the project's training estimator,
 * its tier and boundary named. Anything missing or withheld is `N/A` with the reason, never left out.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { forwardFlopsPerToken } from '../core/metrics.js';
import { getAccelerator } from '../catalog/accelerators.js';
import type { TrainingEstimate } from '../core/training.js';
import { type DisclosureDocument, type Figure, type Paragraph, type Recipient, makeDocument, naFigure } from './document.js';
import { regulatoryProfile, type RegulatoryProfile } from './regulatory-profile.js';
import type { FormItem, RunFile } from './run-file.js';
import { runTraining, type RunCompute } from './run-training.js';
import { orderOfMagnitude, sciNotation, sigFigs } from './sig-figs.js';
import {
  GPAI_THRESHOLD_FLOP,
  MARGIN,
  SYSTEMIC_RISK_THRESHOLD_FLOP,
  modificationThresholdFlop,
  reconcile,
  type Reconciliation,
} from './training-compute.js';

export const PREAMBLE = 'In the absence of a delegated act adopted in accordance with Article 53(5) of Regulation (EU) 2024/1689,';
const FORM = 'GPAI Code of Practice, Transparency chapter, Model Documentation Form (10 Jul 2025)';
const GUIDE = 'Commission Guidelines C(2025) 5045, Annex A';
/** Days in an average Gregorian month (365.25 / 12), for the NCA training-time bands. */
export const DAYS_PER_MONTH = 30.4375;

export type EnergyTier = 'measured' | 'hardware-time estimate' | 'compute-derived estimate';

export interface EuAiActDisclosure {
  readonly kind: 'eu-ai-act';
  readonly model: { readonly name: string; readonly provider: string; readonly documentVersion: string; readonly lastUpdated: string };
  readonly compute: RunCompute & {
    readonly reportedMethod: 'hardware' | 'architecture' | undefined;
    /** Pre-training compute by the reported method, FLOP. */
    readonly pretrainingFlop: number | undefined;
    /** Pre-training + fine-tuning + non-public synthetic data, FLOP: what C3/C4 and the thresholds use. */
    readonly cumulativeFlop: number | undefined;
    readonly reconciliation: Reconciliation | undefined;
  };
  readonly trainingTime: { readonly wallClockDays: number | undefined; readonly hardwareDays: number | undefined; readonly ncaBand: string | undefined };
  readonly energy: { readonly tier: EnergyTier; readonly estimate: TrainingEstimate };
  readonly inference: { readonly flop: number; readonly task: string; readonly hardware: string } | undefined;
  readonly thresholds: {
    readonly gpaiPresumption: boolean | undefined;
    readonly systemicRisk: boolean | undefined;
    readonly modification: { readonly thresholdFlop: number; readonly basis: string; readonly modifierBecomesProvider: boolean | undefined } | undefined;
  };
  readonly profile: RegulatoryProfile;
  readonly document: DisclosureDocument;
}

export function ncaTrainingTimeBand(days: number): string {
  const months = days / DAYS_PER_MONTH;
  return months < 1 ? '<1 month' : months < 3 ? '1–3 months' : months < 6 ? '3–6 months' : '>6 months';
}

export function energyTier(run: RunFile, e: TrainingEstimate): EnergyTier {
  if (run.training.measuredEnergy) return 'measured';
  return e.mode === 'accelerator-hours' ? 'hardware-time estimate' : 'compute-derived estimate';
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

export function discloseEuAiAct(run: RunFile): EuAiActDisclosure {
  const rt = runTraining(run);
  const est = rt.estimate;
  const c = rt.compute;
  const t = run.training;
  const withheld = new Map<FormItem, string>(run.withheld.map((w) => [w.item, w.reason]));

  const reportedMethod = t.reportedMethod ?? (c.hardwareFlop !== undefined ? 'hardware' : c.architectureFlop !== undefined ? 'architecture' : undefined);
  const pretrainingFlop = reportedMethod === 'hardware' ? c.hardwareFlop : reportedMethod === 'architecture' ? c.architectureFlop : undefined;
  const other = reportedMethod === 'hardware' ? c.architectureFlop : c.hardwareFlop;
  const reconciliation = pretrainingFlop !== undefined && other !== undefined ? reconcile(pretrainingFlop, other) : undefined;
  const cumulativeFlop = pretrainingFlop === undefined ? undefined : pretrainingFlop + c.fineTuningFlop + c.syntheticFlop;

  const wallClockDays = t.hardware.wallClockDays ?? est.wallClockDays?.value;
  const hardwareDays = c.acceleratorHours === undefined ? undefined : c.acceleratorHours / 24;
  const tier = energyTier(run, est);
  const acc = rt.accelerator;

  const inf = run.inference;
  const inference = inf
    ? {
        flop: forwardFlopsPerToken(run.model.paramsActive ?? run.model.paramsTotal).value * (inf.inputTokens + inf.outputTokens),
        task: inf.task,
        hardware: `${inf.count} × ${getAccelerator(inf.accelerator).name}`,
      }
    : undefined;

  const generative = run.model.outputs.some((o) => o !== 'other');
  const mod = run.modification ? modificationThresholdFlop(run.modification.baseTrainingFlop, run.modification.baseIsSystemicRisk) : undefined;
  const thresholds = {
    gpaiPresumption: cumulativeFlop === undefined ? undefined : cumulativeFlop > GPAI_THRESHOLD_FLOP && generative,
    systemicRisk: cumulativeFlop === undefined ? undefined : cumulativeFlop > SYSTEMIC_RISK_THRESHOLD_FLOP,
    modification: mod ? { thresholdFlop: mod.flop, basis: mod.basis, modifierBecomesProvider: cumulativeFlop === undefined ? undefined : cumulativeFlop > mod.flop } : undefined,
  };
  const profile = regulatoryProfile(run.regulatoryProfile, run.profileDates);

  // ---- the form items ----
  const item = (
    id: FormItem | string,
    label: string,
    recipients: Recipient[],
    value: number | undefined,
    display: (v: number) => string,
    unit: string,
    method: string,
    source: string,
    missing: string,
    boundary?: string,
  ): Figure => {
    const w = withheld.get(id.split('.')[0] as FormItem);
    const base = { id, label, unit, method, source, recipients, ...(boundary ? { boundary } : {}) };
    if (w !== undefined) return naFigure(base, `withheld by the compute or hardware provider: ${w}`);
    if (value === undefined) return naFigure(base, missing);
    return { ...base, value, display: display(value) };
  };
  const hoursMissing = 'no accelerator-hours: give training.hardware.acceleratorHours, or count and wallClockDays';
  const computeMissing = 'no compute estimate: give training.tokens (6·P·D), or accelerator-hours with training.utilisation (N·L·H·U)';
  const hwName = acc.name;

  const computeMethodText = computeMethodology(run, c, reportedMethod, pretrainingFlop, reconciliation);
  const energyText = energyMethodology(run, est, tier, acc.name);
  const inferenceText = inference && inf
    ? `${PREAMBLE} the benchmarked inference compute is the forward-pass compute of the task "${inf.task}" (${inf.inputTokens} input and ${inf.outputTokens} generated tokens) on ${inference.hardware}, estimated as 2·P_active FLOP per token (Kaplan et al. 2020, §2.1) with P_active = ${sciNotation(run.model.paramsActive ?? run.model.paramsTotal, 2)}; attention over the context is not included. As the form asks, this is computation (FLOP), not energy.`
    : undefined;

  const figures: Figure[] = [
    item('C1', 'Training time (NCA version)', ['NCAs'], wallClockDays, (d) => ncaTrainingTimeBand(d), 'band', `wall-clock days / ${DAYS_PER_MONTH} days per month`, 'run file; estimator', 'no wall-clock duration: give training.hardware.wallClockDays, or count with acceleratorHours'),
    item('C2.days', 'Training time (AIO version): wall-clock', ['AIO'], wallClockDays, (d) => `${sigFigs(d, 2)} days`, 'days', t.hardware.wallClockDays !== undefined ? 'as logged' : 'accelerator-hours / (count × 24)', 'run file', 'no wall-clock duration: give training.hardware.wallClockDays, or count with acceleratorHours'),
    item('C2.hardwareDays', `Training time (AIO version): hardware-days (${hwName})`, ['AIO'], hardwareDays, (d) => `${sciNotation(d, 2)} ${hwName}-days`, 'accelerator-days', `${c.hoursSource ?? 'accelerator-hours'} / 24 (≥ 1 significant figure required; 2 given)`, 'run file', hoursMissing),
    item('C3', 'Amount of computation used for training (NCA version)', ['NCAs'], cumulativeFlop, orderOfMagnitude, 'FLOP', 'order of magnitude: the power of ten at or below the AIO figure (10^n ≤ C < 10^(n+1))', GUIDE, computeMissing),
    item('C4', 'Amount of computation used for training (AIO version)', ['AIO'], cumulativeFlop, (v) => `${sciNotation(v, 2)} FLOP`, 'FLOP', reportedMethod === 'hardware' ? 'hardware-based N·L·H·U (+ fine-tuning, non-public synthetic data)' : 'architecture-based 6·P·D (+ fine-tuning, non-public synthetic data)', GUIDE, computeMissing),
    item('E1', 'Amount of energy used for training', ['AIO', 'NCAs'], est.energyMWh.value, (v) => `${sciNotation(v, 2)} MWh`, 'MWh', `${tier}; facility energy = IT energy (${est.itBoundary}) × PUE`, 'tokenprint training estimator (src/core/training.ts); trace in the JSON output', 'not available', `facility (IT boundary: ${est.itBoundary === 'gpu' ? 'accelerators only' : 'servers'}, × PUE)`),
    item('E3', 'Benchmarked amount of computation used for inference', ['AIO', 'NCAs'], inference?.flop, (v) => `${sciNotation(v, 2)} FLOP`, 'FLOP', '2·P_active × (input + generated tokens)', 'run file (inference)', 'no inference benchmark: add an `inference:` block (task, tokens, hardware)'),
  ];
  // A methodology paragraph follows the figure it explains: withholding E1 also makes E2 N/A (and C4 → C5, E3 → E4).
  const governs: Partial<Record<FormItem, FormItem>> = { C5: 'C4', E2: 'E1', E4: 'E3' };
  const para = (id: FormItem, label: string, text: string | undefined, missing: string): Paragraph => {
    const g = governs[id];
    const w = withheld.get(id) ?? (g === undefined ? undefined : withheld.get(g));
    return { id, label, recipients: ['AIO', 'NCAs'], text: w !== undefined ? `N/A — withheld by the compute or hardware provider: ${w}` : (text ?? `N/A — ${missing}`) };
  };
  const paragraphs: Paragraph[] = [
    para('C5', 'Measurement methodology (computation)', computeMethodText, computeMissing),
    para('E2', 'Measurement methodology (energy)', energyText, 'not available'),
    para('E4', 'Measurement methodology (inference benchmark)', inferenceText, 'no inference benchmark given'),
  ];
  for (const p of paragraphs) {
    if (p.text.startsWith('N/A')) figures.push(naFigure({ id: p.id, label: p.label, unit: 'text', method: 'methodology paragraph', source: FORM, recipients: p.recipients }, p.text.slice(6)));
  }

  const beyond: Figure[] = [
    textFigure('X.location', 'Location of the training hardware', t.hardware.location ?? (t.region ? `grid zone ${rt.zone}` : undefined), 'give training.hardware.location or training.region'),
    textFigure('X.owner', 'Owner of the training hardware', t.hardware.owner, 'give training.hardware.owner'),
    numberFigure('X.gridFactor', 'Energy mix: location-based grid factor', factorValue(est, 'locationIntensityGPerKWh'), 'gCO2e/kWh', factorSource(est, 'locationIntensityGPerKWh')),
    numberFigure('X.tco2e.location', 'Training emissions, location-based', est.carbonT.location.value, 'tCO2e', 'facility energy × location-based grid factor (GHG Protocol Scope 2 LB)'),
    numberFigure('X.tco2e.market', 'Training emissions, market-based', est.carbonT.market.value, 'tCO2e', rt.marketIntensityGPerKWh === undefined ? 'no instruments given: equals location-based (stated)' : `facility energy × ${sigFigs(rt.marketIntensityGPerKWh, 3)} gCO2e/kWh (instruments + residual mix)`),
  ];
  const thresholdFigures: Figure[] = [
    boolFigure('T.gpai', `GPAI presumption (> 10^23 FLOP and generates ${generative ? run.model.outputs.join('/') : 'no language, image or video'})`, thresholds.gpaiPresumption, 'Guidelines para 17; a rebuttable presumption'),
    boolFigure('T.systemic', 'Systemic-risk presumption (> 10^25 FLOP cumulative, Art. 51(2))', thresholds.systemicRisk, 'if met or foreseen, notify the Commission without delay and within two weeks (Art. 52(1)); estimate before the large run'),
  ];
  if (thresholds.modification) {
    thresholdFigures.push(boolFigure('T.modification', `Modification of ${run.modification?.baseModel}: compute > ${sciNotation(thresholds.modification.thresholdFlop, 2)} FLOP (${thresholds.modification.basis})`, thresholds.modification.modifierBecomesProvider, 'if met, the modifier is the provider, with obligations limited to the modification (Guidelines para 68)'));
  }
  if (run.model.openSource) thresholdFigures.push(boolFigure('T.openSource', 'Open-source exemption from Art. 53(1)(a) (Art. 53(2))', thresholds.systemicRisk === true ? false : true, 'does not apply to systemic-risk models'));

  const document = makeDocument({
    kind: 'eu-ai-act',
    title: `EU AI Act — GPAI model documentation: compute and energy (${run.model.name})`,
    subtitle: `${run.model.provider} · document version ${run.documentVersion} · last updated ${run.lastUpdated} · ${FORM} · regulatory profile ${profile.id}`,
    sections: [
      { title: 'Computational resources (during training)', figures: figures.filter((f) => f.id.startsWith('C')), paragraphs: paragraphs.slice(0, 1) },
      { title: 'Energy consumption (during training and inference)', figures: figures.filter((f) => f.id.startsWith('E')), paragraphs: paragraphs.slice(1) },
      { title: 'Threshold indicators', figures: thresholdFigures, notes: [`Compute compared: ${cumulativeFlop === undefined ? 'N/A' : sciNotation(cumulativeFlop, 2)} FLOP (pre-training + fine-tuning + non-public synthetic data).`] },
      {
        title: 'Beyond compliance (items earlier drafts asked for; not in the final form)',
        intro: 'Needed for GHG Scope 2/3 and ESRS, and a delegated act under Art. 53(5) could reinstate them.',
        figures: beyond,
      },
      {
        title: 'Evidence kept with this documentation',
        figures: [],
        notes: run.evidence.length
          ? run.evidence.map((e) => `${e.kind}: ${e.path}${e.description ? ` — ${e.description}` : ''}${existsSync(resolve(dirname(run.file), e.path)) ? '' : ' (not found next to the run file)'}`)
          : ['none listed (run.yaml `evidence:` names measure CSVs, profile-endpoint results, metering exports)'],
      },
      {
        title: `Regulatory profile: ${profile.title}`,
        figures: [],
        notes: [...[...profile.milestones].sort((a, b) => a.date.localeCompare(b.date)).map((m) => `${m.date} — ${m.what} (${m.source})${m.date <= run.lastUpdated ? ' · in effect at this document’s date' : ''}`), ...profile.notes, 'Compute and energy items go to the AI Office and national competent authorities only: none to downstream providers, nothing published (Code of Practice, Measure 1.2).'],
      },
    ],
  });
  return {
    kind: 'eu-ai-act',
    model: { name: run.model.name, provider: run.model.provider, documentVersion: run.documentVersion, lastUpdated: run.lastUpdated },
    compute: { ...c, reportedMethod, pretrainingFlop, cumulativeFlop, reconciliation },
    trainingTime: { wallClockDays, hardwareDays, ncaBand: wallClockDays === undefined ? undefined : ncaTrainingTimeBand(wallClockDays) },
    energy: { tier, estimate: est },
    inference,
    thresholds,
    profile,
    document,
  };
}

function factorValue(e: TrainingEstimate, name: string): number | undefined {
  return e.trace.find((f) => f.name === name)?.value;
}
function factorSource(e: TrainingEstimate, name: string): string {
  return e.trace.find((f) => f.name === name)?.source ?? 'not given';
}

function textFigure(id: string, label: string, v: string | undefined, missing: string): Figure {
  const base = { id, label, unit: 'text', method: 'as stated in the run file', source: 'run file' };
  return v === undefined ? naFigure(base, missing) : { ...base, value: null, display: v };
}
function numberFigure(id: string, label: string, v: number | undefined, unit: string, method: string, source = 'tokenprint training estimator'): Figure {
  const base = { id, label, unit, method, source };
  return v === undefined ? naFigure(base, 'not available') : { ...base, value: v, display: `${sigFigs(v, 3)} ${unit}` };
}
function boolFigure(id: string, label: string, v: boolean | undefined, method: string): Figure {
  const base = { id, label, unit: 'yes/no', method, source: GUIDE };
  return v === undefined ? naFigure(base, 'no compute estimate to compare') : { ...base, value: v ? 1 : 0, display: v ? 'yes' : 'no' };
}

function computeMethodology(run: RunFile, c: RunCompute, reported: 'hardware' | 'architecture' | undefined, pre: number | undefined, rec: Reconciliation | undefined): string | undefined {
  if (reported === undefined || pre === undefined) return undefined;
  const u = run.training.utilisation;
  const p = run.model.paramsActive ?? run.model.paramsTotal;
  const parts: string[] = [PREAMBLE];
  const hw =
    c.hardwareFlop !== undefined && u
      ? `the hardware-based method (Guidelines A.2.1) gives C = N·L·H·U = ${sciNotation(c.acceleratorHours ?? 0, 3)} accelerator-hours × 3600 s × H × U = ${sciNotation(c.hardwareFlop, 2)} FLOP, where H = ${sigFigs(c.peakTflops ?? 0, 4)} TFLOP/s is the peak theoretical throughput per accelerator at ${c.peakBasis} (no sparsity; ${c.peakSource}) and U = ${u.value} is the average utilisation defined as ${UTIL_WORDS[u.definition]} (${u.source})`
      : undefined;
  const arch =
    c.architectureFlop !== undefined
      ? `the architecture-based method (Guidelines A.2.2) gives C ≈ 6·P·D = 6 × ${sciNotation(p, 2)} parameters${run.model.paramsActive !== undefined ? ' active per token' : ''} × ${sciNotation(run.training.tokens ?? 0, 2)} tokens = ${sciNotation(c.architectureFlop, 2)} FLOP`
      : undefined;
  const first = reported === 'hardware' ? hw : arch;
  const second = reported === 'hardware' ? arch : hw;
  parts.push(`${first}; this is the reported value.`);
  if (second && rec) {
    parts.push(
      `As a check, ${second}, ${pct(rec.relativeDifference)} from the reported value: ${rec.withinMargin ? `within` : `outside`} the ±${MARGIN * 100} % margin the guidelines accept (para 123)${rec.withinMargin ? '' : '; the provider should explain the difference (utilisation definition, recomputation, padding) before filing'}.`,
    );
  } else {
    parts.push(`The second method could not be applied (${reported === 'hardware' ? 'no training.tokens' : 'no logged accelerator-hours with training.utilisation'}), so the ±${MARGIN * 100} % margin is argued from the inputs alone.`);
  }
  if (c.fineTuningFlop) parts.push(`Fine-tuning compute of ${sciNotation(c.fineTuningFlop, 2)} FLOP is added.`);
  const syn = run.training.syntheticData;
  if (syn) parts.push(syn.public ? 'Generation of public synthetic data is excluded (Guidelines A.1).' : `Generation of non-public synthetic data, discarded samples included, adds ${sciNotation(syn.flop, 2)} FLOP (Guidelines A.1).`);
  parts.push('All operations count equally regardless of precision (para 125); evaluations, failed experiments, auxiliary and distillation-parent models and activation recomputation are excluded.');
  return parts.join(' ');
}

const UTIL_WORDS: Record<string, string> = {
  mfu: 'model FLOPs utilisation (useful model FLOP/s over peak)',
  hfu: 'hardware FLOPs utilisation (all executed FLOP/s, recomputation included, over peak)',
  'dcgm-tensor-active': 'DCGM tensor-core activity (DCGM_FI_PROF_PIPE_TENSOR_ACTIVE), a time fraction rather than FLOP/s',
  'nvidia-smi-utilization': 'nvidia-smi GPU utilisation (kernel occupancy over time, not FLOP/s; overstates useful compute)',
};

function energyMethodology(run: RunFile, e: TrainingEstimate, tier: EnergyTier, hw: string): string {
  const m = run.training.measuredEnergy;
  const pue = e.trace.find((f) => f.name === 'pue');
  const pueText = `${pue?.value ?? 1} (${run.training.pue?.source ?? pue?.source ?? 'not given'})`;
  const range = `estimated range ${sciNotation(e.energyMWh.low, 2)}–${sciNotation(e.energyMWh.high, 2)} MWh`;
  const parts = [PREAMBLE];
  if (tier === 'measured' && m) {
    parts.push(
      `the training energy is measured: ${sigFigs(m.mwh, 4)} MWh metered at the ${m.boundary} boundary (${m.source})${m.boundary === 'facility' ? '' : `, multiplied by a PUE of ${pueText} to the facility boundary`}. Experiments and failed runs are ${m.includesExperiments ? 'included' : 'not included'}.`,
    );
  } else {
    const power = e.trace.filter((f) => ['powerW', 'tdpW', 'tdpFraction', 'hostWPerAccelerator'].includes(f.name)).map((f) => `${f.name} ${f.value}${f.unit === '1' ? '' : ` ${f.unit}`} (${f.source})`);
    parts.push(
      tier === 'hardware-time estimate'
        ? `the training energy is estimated from the hardware time (Annex XI 2(e) permits an estimate based on the computational resources used): E = accelerator-hours × average power per ${hw} including the host share × PUE`
        : `the training energy is estimated from the compute: accelerator-hours = 6·P·D / (H × MFU), then E = accelerator-hours × average power per ${hw} × PUE`,
      `with ${power.join(', ') || 'the catalog power'} and PUE ${pueText}; ${range}. Experiments and failed runs are included only as far as the hours given include them.`,
    );
  }
  parts.push(`The boundary is the facility: IT energy of the ${e.itBoundary === 'gpu' ? 'accelerators' : 'servers (accelerators and host)'} times PUE. Network and storage outside the servers are not included.`);
  return parts.join(' ');
}
