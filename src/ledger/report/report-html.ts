/**
 * The HTML report: one self-contained file (inline CSS and SVG, no script, no external asset) with the totals, the
 * GHG view and four charts: carbon over time, by team, by model, and carbon by scope.
 */
import type { Range } from '../../core/range.js';
import type { LedgerStore } from '../store/store.js';
import { buildReport, type Report, type ReportOptions } from './report.js';
import { fmtPart, fmtRange, ghgLines, humanRows, humanDay, mixText, periodText, requestsText, tokenCount } from './report-render.js';
import { eventSpanOrNoneMs } from '../store/queries.js';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const PALETTE = ['#2f6f4f', '#4f8fbf', '#d08c3a', '#9a5fb0', '#c04f4f', '#6f8f2f', '#3fa0a0', '#8f6f4f'];

/** A chart's title as an HTML caption above it: it wraps instead of being cut at the SVG's edge. */
const caption = (title: string, unit: string): string => `<figcaption>${esc(title)} <span class="unit">(${esc(unit)})</span></figcaption>`;

/**
 * Horizontal bars: label, value (with its range drawn as a whisker) and the value written at the bar's end. `log`
 * draws the axis in powers of ten, for values that span orders of magnitude (Scope 3 cat. 2 at thousands of kg next
 * to Scope 2 at tenths would leave Scope 2 invisible on a linear axis); the axis is labelled either way.
 */
export function barChart(title: string, items: readonly { label: string; v: Range }[], unit: string, o: { log?: boolean } = {}): string {
  const w = 680;
  const rowH = 24;
  // Room for the longest label (up to 28 characters at ~7 px each at 12 px font).
  const left = 16 + 7 * Math.min(28, Math.max(8, ...items.map((i) => i.label.length)));
  const top = 8;
  const h = top + items.length * rowH + 26;
  const right = w - 90;
  const max = Math.max(1e-12, ...items.map((i) => i.v.high));
  const positives = items.flatMap((i) => [i.v.low, i.v.value]).filter((v) => v > 0);
  const lo = o.log ? 10 ** Math.floor(Math.log10(Math.min(max, ...positives))) : 0;
  const hi = o.log ? 10 ** Math.ceil(Math.log10(max)) : max;
  const x = (v: number): number => {
    if (!o.log) return left + (v / max) * (right - left);
    if (!(v > 0)) return left;
    return left + ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo) || 1)) * (right - left);
  };
  const ticks = o.log
    ? Array.from({ length: Math.round(Math.log10(hi / lo)) + 1 }, (_, k) => lo * 10 ** k)
    : [0, max / 2, max];
  const axisY = top + items.length * rowH + 4;
  const axis =
    `<line x1="${left}" x2="${right}" y1="${axisY}" y2="${axisY}" stroke="#999"/>` +
    ticks.map((t) => `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${top}" y2="${axisY + 3}" stroke="#e3e9e5"/><text x="${x(t).toFixed(1)}" y="${axisY + 15}" font-size="10" text-anchor="middle" fill="#555">${esc(fmtRange({ value: t, low: t, high: t }))}</text>`).join('') +
    (o.log ? `<text x="${right}" y="${axisY + 26}" font-size="10" text-anchor="end" fill="#555">log scale</text>` : '');
  const bars = items
    .map((it, i) => {
      const y = top + i * rowH;
      const label = it.label.length > 28 ? it.label.slice(0, 27) + '…' : it.label;
      const end = x(it.v.value);
      return `<text x="${left - 6}" y="${y + 15}" text-anchor="end" font-size="12">${esc(label)}<title>${esc(it.label)}</title></text>` +
        `<rect x="${left}" y="${y + 4}" width="${Math.max(0.5, end - left).toFixed(1)}" height="${rowH - 8}" fill="${PALETTE[i % PALETTE.length]}"><title>${esc(it.label)}: ${esc(fmtRange(it.v))} ${unit}</title></rect>` +
        `<line x1="${x(it.v.low).toFixed(1)}" x2="${x(it.v.high).toFixed(1)}" y1="${y + 12}" y2="${y + 12}" stroke="#333" stroke-width="1"/>` +
        `<text x="${(end + 4).toFixed(1)}" y="${y + 10}" font-size="11" fill="#222" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(fmtRange({ ...it.v, low: it.v.value, high: it.v.value }))}</text>`;
    })
    .join('');
  return `<figure>${caption(title, unit)}<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h + (o.log ? 10 : 0)}" viewBox="0 0 ${w} ${h + (o.log ? 10 : 0)}" role="img" aria-label="${esc(title)}">${axis}${bars}</svg></figure>`;
}

/** `2025-06-01` → `1 Jun`, `2025-06` → `Jun 2025` (axis labels people read). */
function shortDay(iso: string): string {
  const d = humanDay(iso);
  return iso.length === 10 ? d.replace(/ \d{4}$/, '') : d;
}

/** Vertical bars over time (one per day or month). */
export function timeChart(title: string, items: readonly { label: string; v: number; lo: number; hi: number }[], unit: string): string {
  const w = 640;
  const h = 220;
  const top = 28;
  const bottom = 40;
  const n = Math.max(1, items.length);
  const bw = (w - 50) / n;
  const max = Math.max(1e-12, ...items.map((i) => i.hi));
  const y = (v: number) => h - bottom - (v / max) * (h - top - bottom);
  const bars = items
    .map((it, i) => {
      const x0 = 45 + i * bw;
      const label = i % Math.ceil(n / 10) === 0 ? `<text x="${(x0 + bw / 2).toFixed(1)}" y="${h - bottom + 14}" font-size="10" text-anchor="middle">${esc(shortDay(it.label))}</text>` : '';
      return `<rect x="${(x0 + 1).toFixed(1)}" y="${y(it.v).toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${(h - bottom - y(it.v)).toFixed(1)}" fill="#2f6f4f"><title>${esc(it.label)}: ${it.v.toPrecision(3)} ${unit}</title></rect>` +
        `<line x1="${(x0 + bw / 2).toFixed(1)}" x2="${(x0 + bw / 2).toFixed(1)}" y1="${y(it.lo).toFixed(1)}" y2="${y(it.hi).toFixed(1)}" stroke="#333"/>` + label;
    })
    .join('');
  const axis = `<line x1="45" x2="${w}" y1="${h - bottom}" y2="${h - bottom}" stroke="#999"/><text x="40" y="${top + 4}" font-size="10" text-anchor="end">${max.toPrecision(2)}</text><text x="40" y="${h - bottom}" font-size="10" text-anchor="end">0</text>`;
  return `<figure>${caption(title, unit)}<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(title)}">${axis}${bars}</svg></figure>`;
}

/** `2026-12-03T10:12:11.000Z` → `3 Dec 2026, 10:12 UTC`. */
function humanTime(iso: string): string {
  return `${humanDay(iso.slice(0, 10))}, ${iso.slice(11, 16)} UTC`;
}

function table(header: string[], rows: string[][]): string {
  return `<div class="scroll"><table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table></div>`;
}

export interface HtmlParts {
  readonly main: Report;
  readonly byTime: Report;
  readonly byTeam: Report;
  readonly byModel: Report;
}

export function renderHtml(p: HtmlParts): string {
  const r = p.main;
  const top = (rep: Report, d: 'team' | 'model') =>
    [...rep.rows].sort((a, b) => b.carbonKg.location.value - a.carbonKg.location.value).slice(0, 12).map((x) => ({ label: x.keys[d], v: x.carbonKg.location }));
  const g = r.ghg;
  const scopeItems = [
    { label: 'Scope 2 location-based', v: g.scope2.locationKg },
    { label: 'Scope 2 market-based', v: g.scope2.marketKg },
    { label: 'Scope 3 cat. 1 (API)', v: g.scope3Cat1.locationKg },
    { label: 'Scope 3 cat. 2 (hardware)', v: g.scope3Cat2.kg },
    { label: 'Embodied amortised', v: g.embodiedAmortised.kg },
  ];
  const timeDim = p.byTime.by[0];
  const time = p.byTime.rows.map((x) => ({ label: x.keys[timeDim], v: x.carbonKg.location.value, lo: x.carbonKg.location.low, hi: x.carbonKg.location.high }));
  const t = r.total;
  const h = humanRows(r);
  const period = periodText(r);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>tokenprint — LLM program footprint ${esc(period)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1000px;color:#1d2a24;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #dde5e0}
.kpis{display:flex;flex-wrap:wrap;gap:1rem}.kpi{background:#f2f6f3;border-radius:8px;padding:.7rem 1rem;min-width:170px}
.kpi b{display:block;font-size:1.3rem}.kpi small{color:#5a6b62}
table{border-collapse:collapse;width:100%;font-size:12px}th,td{border-bottom:1px solid #e5ece8;padding:4px 6px;text-align:right}
th:first-child,td:first-child{text-align:left}figure{margin:1rem 0}.note{color:#5a6b62;font-size:12px}
td,th{white-space:nowrap}.scroll{overflow-x:auto}figcaption{font-weight:bold;margin-bottom:.3rem}figcaption .unit{font-weight:normal;color:#5a6b62}
</style></head><body>
<h1>LLM program footprint</h1>
<p class="note">Period ${esc(period)} · factor set ${r.factorSet} · generated ${esc(humanTime(r.generatedAt))} by tokenprint. Values are central estimates with low–high bounds.</p>
<div class="kpis">
<div class="kpi"><small>Energy</small><b>${esc(fmtRange(t.energyKWh))}</b><small>kWh</small></div>
<div class="kpi"><small>Carbon, location-based</small><b>${esc(fmtRange(t.carbonKg.location))}</b><small>kgCO2e</small></div>
<div class="kpi"><small>Carbon, market-based</small><b>${esc(fmtRange(t.carbonKg.market))}</b><small>kgCO2e</small></div>
<div class="kpi"><small>Water</small><b>${esc(fmtRange(t.waterL))}</b><small>L · on-site ${esc(fmtPart(t.waterOnsiteL))} · off-site ${esc(fmtPart(t.waterOffsiteL))}</small></div>
<div class="kpi"><small>Requests · tokens</small><b>${esc(requestsText(t))}</b><small>${tokenCount(t.inputTokens + t.outputTokens)} tokens · ${esc(mixText(t))}</small></div>
</div>
<h2>Carbon over time</h2>
${timeChart(`Location-based carbon by ${timeDim}`, time, 'kgCO2e')}
<h2>Carbon by team and by model</h2>
${barChart('Location-based carbon by team', top(p.byTeam, 'team'), 'kgCO2e')}
${barChart('Location-based carbon by model', top(p.byModel, 'model'), 'kgCO2e')}
<h2>GHG view</h2>
${barChart('Carbon by scope (kept apart: do not add the amortised embodied line to Scope 3 cat. 2)', scopeItems, 'kgCO2e', { log: true })}
${table(['', 'energy kWh', 'kgCO2e location-based', 'kgCO2e market-based'], ghgLines(r))}
<p class="note">${esc(g.scope2.label)}<br>${esc(g.scope3Cat1.label)}<br>${esc(g.scope3Cat2.label)}<br>${esc(g.embodiedAmortised.label)}</p>
${table(['deployment', 'accelerators', 'acquired', 'kgCO2e', 'booked'], g.scope3Cat2.items.map((i) => [i.deployment, String(i.accelerators), i.acquired ?? '—', fmtRange(i.kg), i.note]))}
<h2>Detail</h2>
${table(h.header, h.rows)}
${r.fallbacks.length ? `<h2>Fallbacks</h2><ul>${r.fallbacks.map((f) => `<li>${esc(requestsText(f, ' requests'))}: ${esc(f.note)}</li>`).join('')}</ul>` : ''}
</body></html>
`;
}

export async function buildHtmlReport(store: LedgerStore, o: ReportOptions = {}): Promise<string> {
  const main = await buildReport(store, o);
  const span = await eventSpanOrNoneMs(store, main.factorSet);
  const days = span === undefined ? 0 : (span.lastMs - span.firstMs) / 86_400_000;
  const byTime = await buildReport(store, { ...o, by: [days > 92 ? 'month' : 'day'] });
  const byTeam = await buildReport(store, { ...o, by: ['team'] });
  const byModel = await buildReport(store, { ...o, by: ['model'] });
  return renderHtml({ main, byTime, byTeam, byModel });
}
