/**
 * The what-if planner: every combination of the candidate space, evaluated on the same physics as the estimator;
 * the Pareto fronts of quality against carbon and against energy; the recommendation under the quality floor;
 * the lever breakdown from the baseline; and the rebound projection over the horizon. Infeasible scenarios
 * raise InfeasibleError with every reason, never an empty table.
 */
import { resolve } from 'node:path';
import { InfeasibleError, InvalidInputError } from '../core/errors.js';
import type { Range } from '../core/range.js';
import { resolveRegion } from '../catalog/grid.js';
import { getAccelerator } from '../catalog/accelerators.js';
import { getModel } from '../catalog/models.js';
import { pointsForZone, readIntensityFile } from '../sources/grid/file.js';
import { HOURS, loadShares } from './hourly.js';
import { type LeverBreakdown, leverBreakdown } from './levers.js';
import {
  type EvaluatedOption,
  type Evaluation,
  type HourlyIntensity,
  type OptionSpec,
  type PlanContext,
  OBJECTIVE_UNIT,
  evaluateOption,
  labelOf,
  objectiveValue,
} from './option.js';
import { paretoFront } from './pareto.js';
import { type ReboundReport, reboundReport } from './rebound.js';
import type { Scenario } from './scenario.js';

/** Above this many combinations the plan asks the user to narrow the candidate space (each takes ~0.1 ms). */
export const MAX_OPTIONS = 50_000;

export interface InfeasibleOption {
  readonly label: string;
  readonly reason: string;
}

export interface FrontEntry {
  readonly label: string;
  readonly quality: number;
  readonly value: number;
  readonly meetsFloor: boolean;
}

export interface PlanReport {
  readonly scenario: { readonly name?: string; readonly file: string; readonly qualityMetric: string; readonly qualityFloor: number; readonly objective: Scenario['objective']; readonly objectiveUnit: string };
  readonly options: readonly EvaluatedOption[];
  readonly infeasible: readonly InfeasibleOption[];
  readonly paretoCarbon: readonly FrontEntry[];
  readonly paretoEnergy: readonly FrontEntry[];
  readonly baseline: EvaluatedOption;
  readonly recommended: EvaluatedOption;
  readonly levers: LeverBreakdown;
  readonly rebound: ReboundReport;
  readonly notes: readonly string[];
}

/** Hourly intensities by zone: inline values win over a file; a file's points are averaged by hour of day (UTC). */
export function hourlyIntensities(s: Scenario): Map<string, HourlyIntensity> {
  const out = new Map<string, HourlyIntensity>();
  const zones = new Set([...s.candidates.regions, ...(s.baseline ? [s.baseline.region] : [])].map((r) => resolveRegion(r).zone.id.toUpperCase()));
  if (s.grid?.file) {
    const path = resolve(s.baseDir, s.grid.file);
    const parsed = readIntensityFile(path);
    const fileZones = new Set(parsed.rows.map((r) => r.zone?.toUpperCase()));
    for (const z of zones) {
      if (!fileZones.has(z) && !fileZones.has(undefined)) continue;
      const sum = new Array<number>(HOURS).fill(0);
      const n = new Array<number>(HOURS).fill(0);
      for (const p of pointsForZone(parsed, z)) {
        const h = new Date(p.startMs).getUTCHours();
        sum[h] += p.gPerKWh;
        n[h]++;
      }
      const missing = n.map((c, h) => (c === 0 ? h : -1)).filter((h) => h >= 0);
      if (missing.length) {
        throw new InvalidInputError(`${s.file} grid.file`, `${path} has no values for ${z} at UTC hour(s) ${missing.join(', ')}; gaps are not filled`);
      }
      out.set(z, { values: sum.map((v, h) => v / n[h]), source: `${s.grid.source ?? path}, averaged by UTC hour of day` });
    }
  }
  for (const [k, values] of Object.entries(s.grid?.hourlyIntensity ?? {})) {
    out.set(resolveRegion(k).zone.id.toUpperCase(), { values, source: s.grid?.source ?? `scenario grid.hourlyIntensity.${k}` });
  }
  return out;
}

export function enumerate(s: Scenario, ctx: PlanContext): { specs: OptionSpec[]; notes: string[] } {
  const c = s.candidates;
  const notes: string[] = [];
  const specs: OptionSpec[] = [];
  const counts: (number | undefined)[] = c.countsPerReplica ?? [undefined];
  for (const m of s.models) {
    const model = getModel(m.id);
    const precisions = c.precisions ?? [model.nativePrecision];
    for (const a of c.accelerators)
      for (const n of counts)
        for (const p of precisions)
          for (const b of c.batching)
            for (const r of c.regions)
              for (const h of c.hours) {
                if (h === 'cleanest') {
                  const zone = resolveRegion(r).zone.id.toUpperCase();
                  if (!ctx.hourly.has(zone) || s.workload.deferrableShare === 0) continue;
                }
                specs.push({ model: model.id, accelerator: getAccelerator(a).id, countPerReplica: n, precision: p, batching: b, region: r, hours: h });
              }
  }
  if (c.hours.includes('cleanest')) {
    if (s.workload.deferrableShare === 0) notes.push('hours: cleanest skipped: workload.deferrableShare is 0, nothing can move');
    for (const r of c.regions) {
      if (!ctx.hourly.has(resolveRegion(r).zone.id.toUpperCase())) notes.push(`hours: cleanest not evaluated for ${r}: no hourly intensity given (grid.hourlyIntensity or grid.file)`);
    }
  }
  if (specs.length > MAX_OPTIONS) {
    throw new InvalidInputError('candidates', `${specs.length} combinations exceed ${MAX_OPTIONS}; narrow the candidate lists`);
  }
  return { specs, notes };
}

function baselineSpec(s: Scenario): OptionSpec {
  const b = s.baseline;
  const c = s.candidates;
  if (!b) {
    const model = getModel(s.models[0].id);
    return {
      model: model.id,
      accelerator: getAccelerator(c.accelerators[0]).id,
      countPerReplica: c.countsPerReplica?.[0],
      precision: c.precisions?.[0] ?? model.nativePrecision,
      batching: c.batching[0],
      region: c.regions[0],
      hours: 'as-demanded',
    };
  }
  const model = getModel(b.model);
  return {
    model: model.id,
    accelerator: getAccelerator(b.accelerator).id,
    countPerReplica: b.countPerReplica,
    precision: b.precision ?? model.nativePrecision,
    batching: c.batching.find((x) => x.id === b.batching) ?? c.batching[0],
    region: b.region,
    hours: b.hours ?? 'as-demanded',
  };
}

function summariseReasons(infeasible: readonly InfeasibleOption[], limit = 8): string {
  const byReason = new Map<string, { n: number; example: string }>();
  for (const i of infeasible) {
    // Reasons read "LABEL: why"; group by the why, keep one label as an example.
    const why = i.reason.startsWith(`${i.label}: `) ? i.reason.slice(i.label.length + 2) : i.reason;
    const e = byReason.get(why);
    if (e) e.n++;
    else byReason.set(why, { n: 1, example: i.label });
  }
  return [...byReason.entries()]
    .slice(0, limit)
    .map(([why, e]) => `  - ${e.example}: ${why}${e.n > 1 ? ` (and ${e.n - 1} similar option(s))` : ''}`)
    .join('\n');
}

function front(options: readonly EvaluatedOption[], cost: (o: EvaluatedOption) => Range, floor: number): FrontEntry[] {
  return paretoFront(options.map((o) => ({ item: o, quality: o.quality, cost: cost(o).value }))).map((p) => ({
    label: p.item.label,
    quality: p.quality,
    value: p.cost,
    meetsFloor: p.quality >= floor,
  }));
}

export function runPlan(s: Scenario): PlanReport {
  const ctx: PlanContext = { scenario: s, shares: loadShares(s.workload.dailyProfile), hourly: hourlyIntensities(s) };
  const { specs, notes } = enumerate(s, ctx);
  const cache = new Map<string, Evaluation>();
  const evaluate = (spec: OptionSpec): Evaluation => {
    const key = JSON.stringify([spec.model, spec.accelerator, spec.countPerReplica ?? null, spec.precision ?? null, spec.batching.id, spec.region, spec.hours]);
    let e = cache.get(key);
    if (!e) cache.set(key, (e = evaluateOption(spec, ctx)));
    return e;
  };
  const options: EvaluatedOption[] = [];
  const infeasible: InfeasibleOption[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    const e = evaluate(spec);
    if (e.ok) {
      if (!seen.has(e.option.label)) options.push(e.option);
      seen.add(e.option.label);
    } else infeasible.push({ label: e.label, reason: e.reason });
  }
  const floor = s.quality.floor;
  if (!options.length) {
    throw new InfeasibleError(`no candidate option can serve this workload (${infeasible.length} tried):\n${summariseReasons(infeasible)}`, {
      infeasible,
    });
  }
  const eligible = options.filter((o) => o.quality >= floor);
  if (!eligible.length) {
    const best = options.reduce((a, b) => (b.quality > a.quality ? b : a));
    throw new InfeasibleError(
      `no feasible option meets the quality floor ${s.quality.metric} ≥ ${floor}: the best feasible is ${best.label} at ${best.quality}` +
        (infeasible.length ? `; ${infeasible.length} option(s) could not serve the workload:\n${summariseReasons(infeasible)}` : ''),
      { floor, bestQuality: best.quality, infeasible },
    );
  }
  const metric = (o: EvaluatedOption) => objectiveValue(o, s.objective);
  const recommended = eligible.reduce((a, b) => {
    // Ties (same architecture, same hardware) go to the higher quality, then the lower energy.
    const d = metric(b).value - metric(a).value;
    if (Math.abs(d) > 1e-9 * Math.abs(metric(a).value)) return d < 0 ? b : a;
    if (b.quality !== a.quality) return b.quality > a.quality ? b : a;
    return b.annual.energyKWh.value < a.annual.energyKWh.value ? b : a;
  });
  const bSpec = baselineSpec(s);
  const be = evaluate(bSpec);
  if (!be.ok) throw new InfeasibleError(`the baseline cannot serve the workload: ${be.reason}`, { baseline: labelOf(bSpec) });
  const baseline = be.option;
  if (baseline.quality < floor) notes.push(`the baseline's quality (${baseline.quality}) is below the floor (${floor})`);
  const g = s.growth;
  return {
    scenario: {
      ...(s.name === undefined ? {} : { name: s.name }),
      file: s.file,
      qualityMetric: s.quality.metric,
      qualityFloor: floor,
      objective: s.objective,
      objectiveUnit: OBJECTIVE_UNIT[s.objective],
    },
    options: [...options].sort((a, b) => metric(a).value - metric(b).value),
    infeasible,
    paretoCarbon: front(options, (o) => o.annual.totalLocationKg, floor),
    paretoEnergy: front(options, (o) => o.annual.energyKWh, floor),
    baseline,
    recommended,
    levers: leverBreakdown(baseline, recommended, s.objective, evaluate),
    rebound: reboundReport(baseline, recommended, s.workload.requestsPerDay, g.demandPerYear, g.efficiencyGainPerYear, g.horizonYears),
    notes,
  };
}
