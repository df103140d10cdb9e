/**
 * Hardware lifecycle comparison: for one model and a steady demand, every catalog accelerator that can serve it —
 * units needed, the manufacturing footprint of those units, operational carbon over the period, both per 1M
 * tokens, the embodied share, and which catalog figures are assumptions rather than published facts. Each row is
 * a planner option (same physics, same embodied allocation), so `plan` and `compare-hardware` agree.
 */
import { type Range, add, scale } from '../core/range.js';
import type { Precision } from '../core/precision.js';
import { InfeasibleError } from '../core/errors.js';
import { listAccelerators } from '../catalog/accelerators.js';
import { ACCELERATOR_LIFETIME_YEARS } from '../catalog/lifetimes.js';
import { getModel } from '../catalog/models.js';
import { DEFAULT_BATCH, DEFAULT_INPUT_TOKENS, DEFAULT_OUTPUT_TOKENS } from '../catalog/defaults.js';
import { loadShares } from './hourly.js';
import { type PlanContext, evaluateOption } from './option.js';
import { type Scenario, scenarioSchema } from './scenario.js';

export interface CompareHardwareRequest {
  readonly model: string;
  readonly requestsPerDay: number;
  /**
   * Service life of the fleet, years (default: the catalog accelerator lifetime, 4): the units are bought once and
   * retired after it, so their whole manufacturing footprint is attributed to this period.
   */
  readonly years?: number;
  readonly region?: string;
  readonly precision?: Precision;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  /** Inter-token latency target, ms (default: none). */
  readonly maxInterTokenMs?: number;
  /** Largest batch the serving regime allows (default 64, the catalog's default batch). */
  readonly maxBatch?: number;
}

export interface HardwareRow {
  readonly accelerator: string;
  readonly name: string;
  readonly vendor: string;
  readonly countPerReplica: number;
  readonly replicas: number;
  readonly units: number;
  readonly batch: number;
  /** Manufacturing footprint of all units and their host shares, kgCO2e. */
  readonly embodiedManufacturedKg: Range;
  /** Attributed to the service life: all of it (bought once, retired at the end), kgCO2e. */
  readonly embodiedAttributedKg: Range;
  readonly operationalKg: Range;
  readonly energyKWh: Range;
  readonly perMillionTokensG: Range;
  readonly embodiedShare: number;
  readonly embodiedMethod: string;
  readonly assumedFields: readonly string[];
  readonly publishedFields: readonly string[];
}

export interface HardwareComparison {
  readonly model: string;
  readonly precision: string;
  readonly requestsPerDay: number;
  readonly years: number;
  readonly zone: string;
  readonly tokensPerYear: number;
  readonly rows: readonly HardwareRow[];
  /** Assumptions that apply to every row (default region, default life, a life beyond the catalog range). */
  readonly notes: readonly string[];
  readonly cannotServe: readonly { readonly accelerator: string; readonly reason: string }[];
}

const FIELDS = ['tdpW', 'peakTflops', 'memoryGB', 'memoryBandwidthTBps', 'embodied', 'hostPowerW', 'hostEmbodiedKgCO2e'];

export function compareHardware(req: CompareHardwareRequest): HardwareComparison {
  const model = getModel(req.model);
  const years = req.years ?? ACCELERATOR_LIFETIME_YEARS.value;
  const inTok = req.inputTokens ?? DEFAULT_INPUT_TOKENS;
  const outTok = req.outputTokens ?? DEFAULT_OUTPUT_TOKENS;
  const region = req.region ?? 'WORLD';
  const scenario: Scenario = {
    ...scenarioSchema.parse({
      workload: {
        requestsPerDay: req.requestsPerDay,
        inputTokens: { mean: inTok },
        outputTokens: { mean: outTok },
        latency: { maxInterTokenMs: req.maxInterTokenMs ?? 1e9 },
      },
      quality: { metric: 'none', floor: 0 },
      models: [{ id: model.id, quality: 0, source: 'not compared' }],
      candidates: { accelerators: ['h100-sxm'], regions: [region] },
    }),
    file: 'compare-hardware',
    baseDir: '.',
  };
  const ctx: PlanContext = { scenario, shares: loadShares(), hourly: new Map() };
  const maxBatch = req.maxBatch ?? DEFAULT_BATCH.range.value;
  const rows: HardwareRow[] = [];
  const cannotServe: { accelerator: string; reason: string }[] = [];
  let zone = region;
  const tokensPerYear = req.requestsPerDay * 365 * (inTok + outTok);
  for (const a of listAccelerators()) {
    const e = evaluateOption(
      { model: model.id, accelerator: a.id, precision: req.precision, batching: { id: `max-${maxBatch}`, maxBatch }, region, hours: 'as-demanded' },
      ctx,
    );
    if (!e.ok) {
      cannotServe.push({ accelerator: a.id, reason: e.reason.replace(/^[^:]*· [^:]*: /, '') });
      continue;
    }
    const o = e.option;
    zone = o.zone;
    const life = ACCELERATOR_LIFETIME_YEARS;
    // The units serve `years` and are retired: their whole manufacturing footprint belongs to the period, so a
    // longer life dilutes embodied per token (the lifecycle trade-off this comparison is for).
    const manufactured = scale(add(a.embodied.kgCO2e, a.hostEmbodiedKgCO2e), o.accelerators);
    const attributed = manufactured;
    const operational = scale(o.annual.carbonLocationKg, years);
    const total = add(attributed, operational);
    rows.push({
      accelerator: a.id,
      name: a.name,
      vendor: a.vendor,
      countPerReplica: o.spec.countPerReplica,
      replicas: o.replicas,
      units: o.accelerators,
      batch: o.operating.batch,
      embodiedManufacturedKg: manufactured,
      embodiedAttributedKg: attributed,
      operationalKg: operational,
      energyKWh: scale(o.annual.energyKWh, years),
      perMillionTokensG: scale(total, 1e9 / (tokensPerYear * years)),
      embodiedShare: attributed.value / total.value,
      embodiedMethod:
        `${a.embodied.method}${a.embodied.assumed ? ' (assumed)' : ''}; ` +
        (req.years === undefined ? `service life ${life.value} yr (catalog default, assumed; range ${life.low}–${life.high})` : `service life ${years} yr (--years)`),
      assumedFields: a.assumedFields,
      publishedFields: FIELDS.filter((f) => !a.assumedFields.some((x) => x === f || x.startsWith(`${f}.`))),
    });
  }
  if (!rows.length) {
    throw new InfeasibleError(
      `no catalog accelerator can serve ${model.id}:\n${cannotServe.map((c) => `  - ${c.accelerator}: ${c.reason}`).join('\n')}`,
      { model: model.id, cannotServe },
    );
  }
  rows.sort((x, y) => x.perMillionTokensG.value - y.perMillionTokensG.value);
  const life = ACCELERATOR_LIFETIME_YEARS;
  const notes: string[] = [];
  if (req.region === undefined) notes.push('no --region: the world-average grid intensity is used (assumed); pass --region for your grid');
  if (req.years === undefined) {
    notes.push(`service life ${life.value} years (catalog default, assumed; published practice ranges ${life.low}–${life.high}): pass --years`);
  } else if (years > life.high) {
    notes.push(`--years ${years} is beyond the longest accelerator life in the catalog sources (${life.high} years); replacements are not modelled`);
  }
  return { model: model.id, precision: req.precision ?? model.nativePrecision, requestsPerDay: req.requestsPerDay, years, zone, tokensPerYear, rows, notes, cannotServe };
}
