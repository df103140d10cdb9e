/**
 * Rebound: efficiency per request against growth in demand. Each year the fleet is re-sized for that year's
 * peak, operational figures scale with requests (less any yearly efficiency gain the scenario states), and the
 * absolute total is set beside the per-request intensity. Luccioni, Strubell & Crawford (FAccT 2025,
 * doi:10.1145/3715275.3732007) argue efficiency gains alone do not guarantee lower totals; this makes the
 * arithmetic explicit for the user's own numbers.
 */
import { type Range, add, scale } from '../core/range.js';
import { replicasForPeak } from './capacity.js';
import { n3 } from './report/numbers.js';
import { DAYS_PER_YEAR, type EvaluatedOption } from './option.js';

export interface YearPoint {
  readonly year: number;
  readonly requestsPerDay: number;
  readonly accelerators: number;
  readonly operationalKg: Range;
  readonly embodiedKg: Range;
  readonly totalKg: Range;
  /** Total (operational location-based + embodied) per 1,000 requests, g. */
  readonly perThousandG: Range;
  readonly energyKWh: Range;
}

export interface ReboundReport {
  readonly demandGrowthPerYear: number;
  readonly efficiencyGainPerYear: number;
  readonly baseline: readonly YearPoint[];
  readonly recommended: readonly YearPoint[];
  /** Per-request total: recommendation ÷ baseline in year 0. */
  readonly intensityRatio: number;
  /** First year whose absolute total with the recommendation exceeds the baseline's year-0 total; undefined if none. */
  readonly outrunInYear?: number;
  /** Years until growth erases the saving, at these rates (may lie beyond the horizon); undefined if it never does. */
  readonly breakEvenYears?: number;
  readonly statement: string;
}

export function projectYears(o: EvaluatedOption, requestsPerDay0: number, growth: number, gain: number, horizon: number): YearPoint[] {
  const out: YearPoint[] = [];
  for (let y = 0; y <= horizon; y++) {
    const demand = (1 + growth) ** y;
    const eff = (1 - gain) ** y;
    const rpd = requestsPerDay0 * demand;
    const replicas = replicasForPeak(rpd * o.scaling.peakRequestsPerSPerRequestPerDay, o.scaling.replicaSPerRequest * eff, o.scaling.maxUtilisation);
    const accelerators = replicas * o.spec.countPerReplica;
    const operationalKg = scale(o.annual.carbonLocationKg, demand * eff);
    const embodiedKg = scale(o.scaling.embodiedKgPerAcceleratorYear, accelerators);
    const totalKg = add(operationalKg, embodiedKg);
    out.push({
      year: y,
      requestsPerDay: rpd,
      accelerators,
      operationalKg,
      embodiedKg,
      totalKg,
      perThousandG: scale(totalKg, 1e6 / (rpd * DAYS_PER_YEAR)),
      energyKWh: scale(o.annual.energyKWh, demand * eff),
    });
  }
  return out;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

export function reboundReport(baseline: EvaluatedOption, recommended: EvaluatedOption, requestsPerDay: number, growth: number, gain: number, horizon: number): ReboundReport {
  const b = projectYears(baseline, requestsPerDay, growth, gain, horizon);
  const r = projectYears(recommended, requestsPerDay, growth, gain, horizon);
  const b0 = b[0].totalKg.value;
  const ratio = r[0].perThousandG.value / b[0].perThousandG.value;
  const outrun = r.find((p) => p.totalKg.value > b0)?.year;
  // Totals grow ≈ (1+g)^y (1−e)^y: growth erases a one-off saving 1 − ratio after ln(1/ratio) / ln((1+g)(1−e)) years.
  const netGrowth = (1 + growth) * (1 - gain);
  const breakEven = ratio < 1 && netGrowth > 1 ? Math.log(1 / ratio) / Math.log(netGrowth) : undefined;
  const last = r[r.length - 1];
  let statement: string;
  const perReq = `Per 1,000 requests the recommendation emits ${pct(1 - ratio)} less than the baseline (operational location-based + embodied)`;
  if (ratio >= 1) {
    statement = `${perReq.replace('less', 'more').replace(pct(1 - ratio), pct(ratio - 1))}; there is no efficiency gain to outrun.`;
  } else if (outrun !== undefined) {
    statement =
      `${perReq}, but demand grows ${pct(growth)} a year: by year ${outrun} the absolute total (${n3(r[outrun].totalKg.value)} kgCO2e) ` +
      `exceeds today's baseline (${n3(b0)} kgCO2e). Growth outruns the efficiency gain.`;
  } else if (breakEven !== undefined) {
    statement =
      `${perReq}; through year ${horizon} the absolute total stays below today's baseline (${n3(last.totalKg.value)} vs ${n3(b0)} kgCO2e), ` +
      `but at ${pct(growth)} growth a year it would exceed it after about ${breakEven.toFixed(1)} years.`;
  } else {
    statement = `${perReq}; with this demand trend the absolute total stays below today's baseline.`;
  }
  return {
    demandGrowthPerYear: growth,
    efficiencyGainPerYear: gain,
    baseline: b,
    recommended: r,
    intensityRatio: ratio,
    ...(outrun === undefined ? {} : { outrunInYear: outrun }),
    ...(breakEven === undefined ? {} : { breakEvenYears: breakEven }),
    statement,
  };
}
