/**
 * Software Carbon Intensity (ISO/IEC 21031:2024; GSF SCI spec v1.1.0): SCI = (E·I + M) / R, a rate per functional
 * unit, with the GSF "SCI for AI" persona (public-review draft): the consumer boundary (operation: the LLM calls in
 * the ledger, API and self-hosted) or the provider boundary (a training run from run.yaml). I is location-based
 * only — the spec excludes market-based measures, so a market-based factor is refused with the reason — and M is
 * embodied carbon amortised over the hardware's life (never the GHG cat. 2 purchase-year figure).
 */
import { z } from 'zod';
import { amortisedEmbodied } from '../core/impacts.js';
import { sciGPerUnit } from '../core/metrics.js';
import { SECONDS_PER_YEAR } from '../core/embodied.js';
import { InvalidInputError } from '../core/errors.js';
import type { LedgerStore } from '../ledger/store/store.js';
import { type DisclosureDocument, type Figure, makeDocument, naFigure } from './document.js';
import { ledgerSelectionSchema, readLedgerPeriod } from './ledger-period.js';
import type { RunFile } from './run-file.js';
import { runTraining } from './run-training.js';
import { sigFigs } from './sig-figs.js';

export const SCI_UNITS = ['1k-tokens', 'request', 'workflow', 'training-run'] as const;
export type SciUnit = (typeof SCI_UNITS)[number];

export const sciRequestSchema = ledgerSelectionSchema.extend({
  unit: z.enum(SCI_UNITS).default('1k-tokens'),
  /** Workflow (agent task) executions in the period, for `unit: workflow`. */
  workflows: z.number().int().positive().optional(),
  intensity: z.enum(['location', 'market']).default('location'),
});
export type SciRequest = z.input<typeof sciRequestSchema>;

export const EXCLUSIONS =
  'No offsets, removals, energy attribute certificates, PPAs or RECs reduce this score (SCI §"Exclusions"); I is the location-based average of the grid the hardware draws from, M is embodied carbon amortised over the hardware’s expected life.';
const SPEC = 'ISO/IEC 21031:2024 (GSF SCI v1.1.0); GSF SCI for AI, public-review draft (2025)';

export interface SciDisclosure {
  readonly kind: 'sci';
  readonly persona: 'consumer' | 'provider';
  readonly unit: SciUnit;
  readonly unitDefinition: string;
  readonly E_kWh: number;
  readonly I_gPerKWh: number;
  readonly M_g: number;
  readonly R: number;
  readonly sciG: number;
  readonly boundary: string;
  readonly exclusions: string;
  readonly document: DisclosureDocument;
}

/** M = TE × TiR/EL × RR/ToR (SCI spec), g: TE in kg, time reserved in hours, expected life in years. */
export function sciEmbodiedG(teKg: number, reservedHours: number, lifespanYears: number, resourceShare = 1): number {
  return amortisedEmbodied(teKg * 1000, reservedHours * 3600, lifespanYears * SECONDS_PER_YEAR, resourceShare).value;
}

function refuseMarket(intensity: 'location' | 'market'): void {
  if (intensity === 'market') {
    throw new InvalidInputError(
      '--intensity',
      'SCI refuses a market-based factor: ISO/IEC 21031 defines I as the location-based (average or marginal) intensity of the grid, "which excludes any market-based measures", and no EACs, PPAs or RECs may reduce the score. Use --intensity location (the GHG inventory, `disclose ghg`, reports the market-based figure).',
    );
  }
}

function build(persona: 'consumer' | 'provider', unit: SciUnit, unitDefinition: string, E: number, carbonG: number, M: number, R: number | undefined, boundary: string, title: string, subtitle: string, missingR?: string): SciDisclosure {
  const I = E > 0 ? carbonG / E : 0;
  const sci = R === undefined ? NaN : sciGPerUnit({ energyKWh: E, intensityGPerKWh: I, embodiedG: M, functionalUnits: R }).value;
  const unitLabel = unit === '1k-tokens' ? '1,000 tokens' : unit.replace('-', ' ');
  const f = (id: string, label: string, v: number, unit_: string, method: string): Figure => ({ id, label, value: v, display: `${sigFigs(v, 4)} ${unit_}`, unit: unit_, method, source: persona === 'consumer' ? 'tokenprint ledger report' : 'tokenprint training estimator' });
  const figures: Figure[] = [
    f('sci.E', 'E — energy for the R units', E, 'kWh', 'facility boundary (× PUE), reserved hardware’s idle share included where the ledger models it'),
    f('sci.I', 'I — grid intensity (location-based, average)', I, 'gCO2e/kWh', 'energy-weighted average of the location-based factors used'),
    f('sci.M', 'M — embodied emissions, amortised', M, 'gCO2e', 'TE × TiR/EL × RR/ToR per device'),
    R === undefined ? naFigure({ id: 'sci.R', label: 'R — functional units', unit: unitLabel, method: unitDefinition, source: 'ledger' }, missingR ?? 'not available') : f('sci.R', 'R — functional units', R, unit === '1k-tokens' ? '× 1,000 tokens' : unitLabel, unitDefinition),
    R === undefined ? naFigure({ id: 'sci', label: `SCI per ${unitLabel}`, unit: `gCO2e/${unitLabel}`, method: '(E·I + M) / R', source: SPEC }, missingR ?? 'no R') : f('sci', `SCI per ${unitLabel}`, sci, `gCO2e per ${unitLabel}`, '(E·I + M) / R'),
  ];
  const document = makeDocument({
    kind: 'sci',
    title,
    subtitle,
    sections: [
      { title: `SCI (${persona} persona)`, figures, notes: [`Boundary: ${boundary}.`, `Functional unit: ${unitDefinition}.`, `Exclusions: ${EXCLUSIONS}`] },
    ],
  });
  return { kind: 'sci', persona, unit, unitDefinition, E_kWh: E, I_gPerKWh: I, M_g: M, R: R ?? NaN, sciG: sci, boundary, exclusions: EXCLUSIONS, document };
}

/** Consumer persona over the ledger: every LLM call in the period (API and self-hosted). */
export async function discloseSciLedger(store: LedgerStore, request: SciRequest, now?: () => Date): Promise<SciDisclosure> {
  const req = sciRequestSchema.parse(request);
  refuseMarket(req.intensity);
  if (req.unit === 'training-run') throw new InvalidInputError('--unit', 'training-run needs a run file: `tokenprint disclose sci RUN.yaml --unit training-run`');
  const p = await readLedgerPeriod(store, req, now);
  const t = p.report.total;
  const E = t.energyKWh.value;
  const carbon = t.carbonKg.location.value * 1000;
  const M = t.embodiedKg.value * 1000;
  const defs: Record<string, string> = {
    '1k-tokens': '1,000 tokens, input + output as billed: input includes cached-read tokens, output includes reasoning tokens (each counted once, at equal weight)',
    request: 'one LLM request (API call or self-hosted completion), failed calls included when they were logged',
    workflow: 'one workflow (agent task) execution, all its model calls included (SCI for AI: "per workflow execution")',
  };
  // Usage buckets without a request count carry carbon but no requests: a per-request R would understate SCI.
  const uncounted = req.unit === 'request' && t.bucketsWithoutRequestCount > 0;
  const R = req.unit === '1k-tokens' ? (t.inputTokens + t.outputTokens) / 1000 : req.unit === 'request' ? (uncounted ? undefined : t.requests) : req.workflows;
  return build(
    'consumer',
    req.unit,
    defs[req.unit],
    E,
    carbon,
    M,
    R,
    'SCI for AI consumer boundary: operation of the LLM calls in the ledger (API inference modelled at the provider, self-hosted inference at the ledger boundary); training of the models is the provider’s SCI',
    `Software Carbon Intensity of the LLM program — ${p.label}`,
    `${SPEC} · factor set ${p.report.factorSet}`,
    uncounted
      ? `${t.bucketsWithoutRequestCount} usage buckets in the period have no request count (e.g. Anthropic's usage report): their carbon is in E·I but their requests are unknown, so R per request is not available; use --unit 1k-tokens`
      : 'workflow executions not in the ledger: pass --workflows N (executions in the period)',
  );
}

/** Provider persona for one training run (R = the run). */
export function discloseSciRun(run: RunFile, request: SciRequest = {}): SciDisclosure {
  const req = sciRequestSchema.parse({ ...request, unit: request.unit ?? 'training-run' });
  refuseMarket(req.intensity);
  if (req.unit !== 'training-run') throw new InvalidInputError('--unit', `a run file gives the provider SCI per training run; --unit ${req.unit} needs the ledger (--db)`);
  const e = runTraining(run).estimate;
  const E = e.energyMWh.value * 1000;
  const carbon = e.carbonT.location.value * 1e6;
  const M = (e.embodiedT?.value ?? 0) * 1e6;
  return build(
    'provider',
    'training-run',
    `one training run of ${run.model.name}, all steps of the run given in the file (intermediate runs and early-stopping phases count only as far as the hours include them)`,
    E,
    carbon,
    M,
    1,
    'SCI for AI provider boundary: design & development (training infrastructure: accelerators, host, facility overhead); data preparation and evaluation outside the file are not included',
    `Software Carbon Intensity of a training run — ${run.model.name}`,
    `${SPEC} · ${run.model.provider} · ${run.lastUpdated}`,
  );
}
