/**
 * The plan report in three human formats: plain text (terminal), Markdown and a standalone HTML page, the last
 * two with inline SVG charts (Pareto front, lever waterfall, lifecycle split, demand vs efficiency). JSON is the
 * PlanReport itself.
 */
import type { EvaluatedOption } from '../option.js';
import type { PlanReport } from '../plan.js';
import { n3, pct, r3 } from './numbers.js';
import { esc, lineChart, paretoChart, stackedBarChart, waterfallChart } from './svg.js';

export interface PlanCharts {
  readonly pareto: string;
  readonly waterfall: string;
  readonly lifecycle: string;
  readonly rebound: string;
}

export function planCharts(r: PlanReport): PlanCharts {
  const front = new Set(r.paretoCarbon.map((p) => p.label));
  const pareto = paretoChart(
    `Quality vs carbon (${r.options.length} options)`,
    'kgCO2e per year (location-based operational + embodied)',
    r.scenario.qualityMetric,
    r.options.map((o) => ({ x: o.annual.totalLocationKg.value, y: o.quality, label: o.label, front: front.has(o.label), highlight: o.label === r.recommended.label })),
    r.scenario.qualityFloor,
  );
  const steps = r.levers.waterfall.filter((l) => l.applies && l.saving !== undefined).map((l) => ({ label: l.label, delta: l.saving ?? 0 }));
  const waterfall = waterfallChart('Lever waterfall: baseline → recommendation', r.scenario.objectiveUnit.split(' (')[0], r.levers.baseline.value, steps);
  const split = (o: EvaluatedOption, name: string) => ({
    label: name,
    parts: [
      { name: 'operational', value: o.annual.carbonLocationKg.value },
      { name: 'embodied', value: o.annual.embodiedKg.value },
    ],
  });
  const lifecycle = stackedBarChart('Lifecycle split per year', 'kgCO2e', [split(r.baseline, 'baseline'), split(r.recommended, 'recommended')]);
  const b0 = r.rebound.baseline[0].totalKg.value;
  const rebound = lineChart('Demand growth vs efficiency', 'year', 'kgCO2e per year', [
    { name: 'baseline, absolute', values: r.rebound.baseline.map((p) => p.totalKg.value) },
    { name: 'recommended, absolute', values: r.rebound.recommended.map((p) => p.totalKg.value) },
    { name: "today's baseline", values: r.rebound.baseline.map(() => b0) },
  ]);
  return { pareto, waterfall, lifecycle, rebound };
}

/**
 * The options table: the first `limit` by objective, plus the recommendation and the baseline when they fall outside
 * them (so both are always there to compare). Marks: ★ recommended, ◆ baseline, ✗ below the quality floor (not eligible).
 */
function optionRows(r: PlanReport, limit: number): string[][] {
  const shown = r.options.slice(0, limit);
  for (const label of [r.recommended.label, r.baseline.label]) {
    const o = r.options.find((x) => x.label === label);
    if (o && !shown.includes(o)) shown.push(o); // the recommendation and the baseline are always in the table
  }
  return shown.map((o) => [
    o.label + (o.label === r.recommended.label ? ' ★' : '') + (o.label === r.baseline.label ? ' ◆ baseline' : ''),
    n3(o.quality) + (o.quality < r.scenario.qualityFloor ? ' ✗ below floor' : ''),
    String(o.operating.batch),
    String(o.accelerators),
    n3(o.per1k.energyWh.value),
    n3(o.per1k.carbonLocationG.value),
    n3(o.per1k.carbonMarketG.value),
    n3(o.per1k.waterL.value),
    n3(o.per1k.embodiedG.value),
    n3(o.annual.totalLocationKg.value),
  ]);
}

const OPTION_HEADER = ['option', 'quality', 'batch', 'accel.', 'Wh/1k req', 'gCO2e/1k req loc', 'gCO2e/1k req mkt', 'L/1k req', 'embodied g/1k req', 'kgCO2e/yr total'];

/** Says what the options table leaves out, and what its marks mean. */
function optionsNote(r: PlanReport, limit: number): string {
  const shown = Math.min(limit, r.options.length);
  const cut = r.options.length > shown ? `showing the best ${shown} of ${r.options.length} feasible options by objective, plus the recommendation and the baseline (--json has them all)` : `all ${r.options.length} feasible options`;
  return `${cut}; "/1k req" = per 1,000 requests; ★ recommended, ◆ baseline, ✗ below the quality floor (${r.scenario.qualityMetric} < ${r.scenario.qualityFloor})`;
}

function summaryLines(r: PlanReport): string[] {
  const o = r.recommended;
  const b = r.baseline;
  const lv = r.levers;
  return [
    `Recommendation (${r.scenario.qualityMetric} ≥ ${r.scenario.qualityFloor}, minimising ${r.scenario.objectiveUnit}):`,
    `  ${o.label}`,
    `  quality ${n3(o.quality)}${o.qualityAssumed ? ' (assumed: no score at this precision)' : ''}; batch ${o.operating.batch} (limited by ${o.operating.limitedBy}), ${n3(o.interTokenMs)} ms/token; ${o.replicas} replica(s) = ${o.accelerators} accelerators`,
    `  per year: ${r3(o.annual.energyKWh)} kWh · ${r3(o.annual.carbonLocationKg)} kgCO2e location · ${r3(o.annual.carbonMarketKg)} kgCO2e market · ${r3(o.annual.waterL)} L water · ${r3(o.annual.embodiedKg)} kgCO2e embodied`,
    `Baseline: ${b.label} — ${r3(lv.baseline)} ${r.scenario.objectiveUnit}`,
    `Combined saving: ${n3(lv.combinedSaving)} (${pct(lv.combinedFraction)}) of ${r.scenario.objectiveUnit}`,
  ];
}

function leverRows(r: PlanReport): string[][] {
  return r.levers.alone.map((a, i) => {
    const s = r.levers.waterfall[i];
    const fmt = (l: typeof a) =>
      !l.applies ? '—' : l.saving === undefined ? `infeasible` : `${n3(l.saving)} (${pct(l.savingFraction ?? 0)})`;
    return [a.label, fmt(a), fmt(s), (a.infeasibleReason ?? s.note ?? a.note ?? '').slice(0, 110)];
  });
}

const LEVER_HEADER = ['lever', 'alone', 'in sequence', 'note'];

function reboundRows(r: PlanReport): string[][] {
  return r.rebound.recommended.map((p, i) => {
    const b = r.rebound.baseline[i];
    return [String(p.year), n3(p.requestsPerDay), n3(b.totalKg.value), n3(p.totalKg.value), n3(b.perThousandG.value), n3(p.perThousandG.value), String(p.accelerators)];
  });
}

const REBOUND_HEADER = ['year', 'requests/day', 'baseline kgCO2e', 'recommended kgCO2e', 'baseline g/1k req', 'recommended g/1k req', 'accelerators'];

function textTable(rows: readonly (readonly string[])[], header: readonly string[]): string {
  const all = [header, ...rows];
  const w: number[] = [];
  for (const row of all) row.forEach((c, i) => (w[i] = Math.max(w[i] ?? 0, c.length)));
  const line = (row: readonly string[]) => row.map((c, i) => c.padEnd(w[i])).join('  ').trimEnd();
  return [line(header), w.map((x) => '-'.repeat(x)).join('  '), ...rows.map(line)].join('\n');
}

function mdTable(rows: readonly (readonly string[])[], header: readonly string[]): string {
  const cell = (c: string) => c.replace(/\|/g, '\\|');
  return [`| ${header.map(cell).join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

function frontRows(r: PlanReport): string[][] {
  return r.paretoCarbon.map((p) => [p.label, n3(p.quality), n3(p.value), p.meetsFloor ? 'yes' : 'no']);
}

export function renderPlanText(r: PlanReport, limit = 15): string {
  const out = [
    `Plan: ${r.scenario.name ?? r.scenario.file} — ${r.options.length} feasible options, ${r.infeasible.length} infeasible`,
    '',
    ...summaryLines(r),
    '',
    `Options (${optionsNote(r, limit)}):`,
    textTable(optionRows(r, limit), OPTION_HEADER),
    '',
    'Pareto front, quality vs carbon (kgCO2e/yr, location-based + embodied):',
    textTable(frontRows(r), ['option', 'quality', 'kgCO2e/yr', 'meets floor']),
    '',
    `Levers (saving in ${r.scenario.objectiveUnit}):`,
    textTable(leverRows(r), LEVER_HEADER),
    '',
    `Rebound (demand ${pct(r.rebound.demandGrowthPerYear)}/yr, efficiency gain ${pct(r.rebound.efficiencyGainPerYear)}/yr):`,
    textTable(reboundRows(r), REBOUND_HEADER),
    r.rebound.statement,
  ];
  const warn = [...new Set([...r.notes, ...r.recommended.warnings])];
  if (warn.length) out.push('', ...warn.map((w) => `note: ${w}`));
  out.push('', 'Ranges and the full trace of every option: --format json. Charts: --format md|html.');
  return out.join('\n') + '\n';
}

export function renderPlanMarkdown(r: PlanReport, limit = 25): string {
  const c = planCharts(r);
  const out = [
    `# Plan: ${r.scenario.name ?? r.scenario.file}`,
    '',
    `${r.options.length} feasible options, ${r.infeasible.length} infeasible. Objective: ${r.scenario.objectiveUnit}.`,
    '',
    '## Recommendation',
    '',
    ...summaryLines(r).map((l) => (l.startsWith('  ') ? `- ${l.trim()}` : l)),
    '',
    '## Pareto front',
    '',
    c.pareto,
    '',
    mdTable(frontRows(r), ['option', 'quality', 'kgCO2e/yr', 'meets floor']),
    '',
    '## Options',
    '',
    optionsNote(r, limit) + '.',
    '',
    mdTable(optionRows(r, limit), OPTION_HEADER),
    '',
    '## Levers',
    '',
    c.waterfall,
    '',
    mdTable(leverRows(r), LEVER_HEADER),
    '',
    '## Lifecycle',
    '',
    c.lifecycle,
    '',
    '## Rebound',
    '',
    c.rebound,
    '',
    mdTable(reboundRows(r), REBOUND_HEADER),
    '',
    `**${r.rebound.statement}**`,
  ];
  if (r.infeasible.length) out.push('', '## Infeasible options', '', ...r.infeasible.slice(0, 30).map((i) => `- ${i.reason}`));
  const notes = [...new Set([...r.notes, ...r.recommended.warnings])];
  if (notes.length) out.push('', '## Notes', '', ...notes.map((n) => `- ${n}`));
  return out.join('\n') + '\n';
}

export function renderPlanHtml(r: PlanReport): string {
  const c = planCharts(r);
  const table = (rows: readonly (readonly string[])[], header: readonly string[]) =>
    `<table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
      .map((row) => `<tr>${row.map((x) => `<td>${esc(x)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const title = esc(`Plan: ${r.scenario.name ?? r.scenario.file}`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}svg{max-width:100%;height:auto}pre{white-space:pre-wrap}</style>
</head><body>
<h1>${title}</h1>
<p>${r.options.length} feasible options, ${r.infeasible.length} infeasible. Objective: ${esc(r.scenario.objectiveUnit)}.</p>
<h2>Recommendation</h2><pre>${esc(summaryLines(r).join('\n'))}</pre>
<h2>Pareto front</h2>${c.pareto}${table(frontRows(r), ['option', 'quality', 'kgCO2e/yr', 'meets floor'])}
<h2>Levers</h2>${c.waterfall}${table(leverRows(r), LEVER_HEADER)}
<h2>Lifecycle</h2>${c.lifecycle}
<h2>Rebound</h2>${c.rebound}${table(reboundRows(r), REBOUND_HEADER)}<p><strong>${esc(r.rebound.statement)}</strong></p>
<h2>Options</h2><p>${esc(optionsNote(r, 50))}</p>${table(optionRows(r, 50), OPTION_HEADER)}
</body></html>
`;
}
