/** Report renderers for machines and documents: JSON, CSV and Markdown (the HTML page is report-html.ts). */
import type { Range } from '../../core/range.js';
import { formatNumber, formatPercent, formatRange } from '../../core/number-format.js';
import { type Report, type Totals, totalsValue } from './report.js';
import { LEDGER_METRICS, type LedgerMetric } from '../store/metrics.js';

/**
 * The CSV columns: requests (counted), each metric the metrics table gives a CSV column (with its bounds), the ratios,
 * the method-tier shares of counted requests, then the usage buckets included and those without a request count
 * (appended last, so the columns before them keep their places).
 */
const COLS: readonly string[] = [
  'requests',
  ...LEDGER_METRICS.flatMap((m) => (m.report.csv === null ? [] : m.bounds ? [m.report.csv, `${m.report.csv}_low`, `${m.report.csv}_high`] : [m.report.csv])),
  'g_per_1k_tokens_location', 'g_per_1k_tokens_market', 'share_measured', 'share_modeled_deployment', 'share_modeled_provider', 'share_aggregate',
  'buckets', 'buckets_without_request_count',
];

/** Numbers in COLS order; null (on-site/off-site water of rows stored before the split) is an empty CSV cell. */
function values(t: Totals): (number | null)[] {
  const metric = (m: LedgerMetric): (number | null)[] => {
    const v = totalsValue(t, m.report.json);
    return v !== null && typeof v === 'object' ? [v.value, v.low, v.high] : [v];
  };
  return [
    t.requests,
    ...LEDGER_METRICS.flatMap((m) => (m.report.csv === null ? [] : metric(m))),
    t.gPer1kTokens.location, t.gPer1kTokens.market,
    t.methodMix.measured, t.methodMix['modeled:deployment'], t.methodMix['modeled:provider'], t.methodMix.aggregate,
    t.buckets, t.bucketsWithoutRequestCount,
  ];
}

const cell = (v: number | null): string => (v === null ? '' : String(v));

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `2025-06-01` → `1 Jun 2025` (the ISO day stays in JSON and CSV; people read this one). */
export function humanDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return d === undefined ? `${MONTHS[m - 1]} ${y}` : `${d} ${MONTHS[m - 1]} ${y}`;
}

/** The period a report covers, as every view heads it (the same one that books Scope 3 cat. 2). */
export function periodText(r: Report): string {
  if (!r.period) return 'no events';
  const { from, to } = r.period;
  return from === to ? humanDay(from) : `${humanDay(from)} – ${humanDay(to)}`;
}

/** Token counts people read: `200.3 M`, `1.25 B`, `53.2 k`, `812`. */
export function tokenCount(n: number): string {
  const a = Math.abs(n);
  for (const [k, u] of [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']] as const) {
    if (a >= k) return `${(n / k).toFixed(a / k >= 100 ? 1 : a / k >= 10 ? 2 : 3).replace(/\.?0+$/, '')} ${u}`;
  }
  return String(n);
}

export function reportCsv(r: Report): string {
  const head = [...r.by, ...COLS].join(',');
  const lines = r.rows.map((row) => [...r.by.map((d) => csvCell(row.keys[d] ?? '')), ...values(row).map(cell)].join(','));
  lines.push([...r.by.map((_, i) => (i === 0 ? 'TOTAL' : '')), ...values(r.total).map(cell)].join(','));
  return [head, ...lines].join('\n') + '\n';
}

export function reportJson(r: Report): string {
  return JSON.stringify(r, null, 2) + '\n';
}

/** The ledger reports' presentation: scientific notation from 1e6, at most 3 fraction digits (core/number-format.ts). */
const LEDGER_FORMAT = { exponentAbove: 1e6, maxFractionDigits: 3 } as const;
const f3 = (v: number): string => formatNumber(v, LEDGER_FORMAT);
export const fmtRange = (x: Range): string => formatRange(x, LEDGER_FORMAT);
const pct = (x: number): string => formatPercent(x);
/** On-site or off-site water: n/a where rows stored before the split (schema < 4) are not yet restated. */
export const fmtPart = (v: number | null): string => (v === null ? 'n/a' : f3(v));

export function mixText(t: Totals): string {
  const m = t.methodMix;
  const mix = [['measured', m.measured], ['deployment', m['modeled:deployment']], ['provider', m['modeled:provider']], ['aggregate', m.aggregate]]
    .filter(([, v]) => (v as number) > 0)
    .map(([k, v]) => `${k} ${pct(v as number)}`);
  if (t.bucketsWithoutRequestCount > 0) mix.push(`${t.bucketsWithoutRequestCount} uncounted buckets`);
  return mix.join(', ');
}

/**
 * Requests as counted; buckets without a request count are named beside them, never turned into a number. `unit`
 * follows the number (`812 requests + 2 buckets of unknown count` for a fallback's count).
 */
export function requestsText(t: Pick<Totals, 'requests' | 'bucketsWithoutRequestCount'>, unit = ''): string {
  const n = `${t.requests.toLocaleString('en-US')}${unit}`;
  return t.bucketsWithoutRequestCount > 0 ? `${n} + ${t.bucketsWithoutRequestCount.toLocaleString('en-US')} buckets of unknown count` : n;
}

/** The columns people read (the CLI table and Markdown use the same). */
export function humanRows(r: Report): { header: string[]; rows: string[][] } {
  const header = [...r.by, 'requests', 'tokens', 'energy kWh', 'kgCO2e location', 'kgCO2e market', 'water L', 'on-site L', 'off-site L', 'embodied kg', 'g/1k tok (loc)', 'method'];
  const line = (keys: string[], t: Totals) => [
    ...keys, requestsText(t), tokenCount(t.inputTokens + t.outputTokens), fmtRange(t.energyKWh), fmtRange(t.carbonKg.location),
    fmtRange(t.carbonKg.market), fmtRange(t.waterL), fmtPart(t.waterOnsiteL), fmtPart(t.waterOffsiteL), fmtRange(t.embodiedKg), f3(t.gPer1kTokens.location), mixText(t),
  ];
  const rows = r.rows.map((row) => line(r.by.map((d) => row.keys[d]), row));
  rows.push(line(r.by.map((_, i) => (i === 0 ? 'TOTAL' : '')), r.total));
  return { header, rows };
}

export function ghgLines(r: Report): string[][] {
  const g = r.ghg;
  return [
    ['Scope 2 (self-hosted electricity)', fmtRange(g.scope2.energyKWh), fmtRange(g.scope2.locationKg), fmtRange(g.scope2.marketKg)],
    ['Scope 3 cat. 1 (LLM API services)', fmtRange(g.scope3Cat1.energyKWh), fmtRange(g.scope3Cat1.locationKg), fmtRange(g.scope3Cat1.marketKg)],
    ['Scope 3 cat. 2 (hardware acquired, inventory view)', '', fmtRange(g.scope3Cat2.kg), ''],
    ['Embodied, amortised (product view; not additive)', '', fmtRange(g.embodiedAmortised.kg), ''],
  ];
}

/** The column heads of the GHG view in tables people read. */
export const GHG_HEADER: readonly string[] = ['', 'energy kWh', 'kgCO2e location', 'kgCO2e market'];

/** What the GHG view's reader must not do with its two embodied lines. */
export const GHG_NOTE =
  'Scope 3 cat. 2 books hardware bought in the period in full; the amortised embodied line is the product (SCI) view — never add the two.';

/** The report as people read it in a terminal: the rows, the GHG view, its note and the fallbacks, as plain cells. */
export interface HumanReport {
  readonly table: { header: string[]; rows: string[][] };
  readonly ghg: { header: readonly string[]; rows: string[][] };
  readonly note: string;
  readonly fallbacks: readonly string[];
}

export function humanReport(r: Report): HumanReport {
  return {
    table: humanRows(r),
    ghg: { header: GHG_HEADER, rows: ghgLines(r) },
    note: GHG_NOTE,
    fallbacks: r.fallbacks.map((x) => `${requestsText(x, ' requests')}: ${x.note}`),
  };
}

export function reportMarkdown(r: Report): string {
  const { header, rows } = humanRows(r);
  const md = (h: string[], rs: string[][]) => [`| ${h.join(' | ')} |`, `|${h.map(() => '---').join('|')}|`, ...rs.map((x) => `| ${x.join(' | ')} |`)].join('\n');
  const period = periodText(r);
  const out = [
    `# LLM program footprint (${period})`,
    '',
    `Factor set ${r.factorSet}; ranges are low–high bounds summed row by row. Generated ${r.generatedAt}.`,
    '',
    md(header, rows),
    '',
    '## GHG view',
    '',
    md(['', 'energy kWh', 'kgCO2e location-based', 'kgCO2e market-based'], ghgLines(r)),
    '',
  ];
  if (r.fallbacks.length) {
    out.push('## Fallbacks', '', ...r.fallbacks.map((f) => `- ${requestsText(f, ' requests')}: ${f.note}`), '');
  }
  return out.join('\n');
}
