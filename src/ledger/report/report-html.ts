/**
 * The HTML report: one self-contained file (inline CSS and SVG, no script, no external asset) with the totals, the
 * GHG view and four charts: carbon over time, by team, by model, and carbon by scope.
 */
import type { Range } from '../../core/range.js';
import type { LedgerStore } from '../store/store.js';
import { buildReport, type Report, type ReportOptions } from './report.js';
import { fmtRange, ghgLines, humanRows, mixText, periodText } from './report-render.js';
import { eventSpanMs } from '../store/queries.js';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const PALETTE = ['#2f6f4f', '#4f8fbf', '#d08c3a', '#9a5fb0', '#c04f4f', '#6f8f2f', '#3fa0a0', '#8f6f4f'];

/** Horizontal bars: label, value (with its range drawn as a whisker). */
export function barChart(title: string, items: readonly { label: string; v: Range }[], unit: string): string {
  const w = 680;
  const rowH = 22;
  // Room for the longest label (up to 28 characters at ~7 px each at 12 px font).
  const left = 16 + 7 * Math.min(28, Math.max(8, ...items.map((i) => i.label.length)));
  const h = 30 + items.length * rowH + 10;
  const max = Math.max(1e-12, ...items.map((i) => i.v.high));
  const x = (v: number) => left + (v / max) * (w - left - 70);
  const bars = items
    .map((it, i) => {
      const y = 30 + i * rowH;
      return `<text x="${left - 6}" y="${y + 14}" text-anchor="end" font-size="12">${esc(it.label.slice(0, 28))}</text>` +
        `<rect x="${left}" y="${y + 3}" width="${Math.max(0.5, x(it.v.value) - left).toFixed(1)}" height="${rowH - 8}" fill="${PALETTE[i % PALETTE.length]}"><title>${esc(it.label)}: ${esc(fmtRange(it.v))} ${unit}</title></rect>` +
        `<line x1="${x(it.v.low).toFixed(1)}" x2="${x(it.v.high).toFixed(1)}" y1="${y + 11}" y2="${y + 11}" stroke="#333" stroke-width="1"/>` +
        `<text x="${(x(it.v.high) + 4).toFixed(1)}" y="${y + 14}" font-size="11" fill="#333">${esc(fmtRange({ ...it.v, low: it.v.value, high: it.v.value }))}</text>`;
    })
    .join('');
  return `<figure><svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(title)}"><text x="0" y="16" font-size="14" font-weight="bold">${esc(title)} (${esc(unit)})</text>${bars}</svg></figure>`;
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
      const label = i % Math.ceil(n / 10) === 0 ? `<text x="${(x0 + bw / 2).toFixed(1)}" y="${h - bottom + 14}" font-size="10" text-anchor="middle">${esc(it.label.slice(5))}</text>` : '';
      return `<rect x="${(x0 + 1).toFixed(1)}" y="${y(it.v).toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${(h - bottom - y(it.v)).toFixed(1)}" fill="#2f6f4f"><title>${esc(it.label)}: ${it.v.toPrecision(3)} ${unit}</title></rect>` +
        `<line x1="${(x0 + bw / 2).toFixed(1)}" x2="${(x0 + bw / 2).toFixed(1)}" y1="${y(it.lo).toFixed(1)}" y2="${y(it.hi).toFixed(1)}" stroke="#333"/>` + label;
    })
    .join('');
  const axis = `<line x1="45" x2="${w}" y1="${h - bottom}" y2="${h - bottom}" stroke="#999"/><text x="40" y="${top + 4}" font-size="10" text-anchor="end">${max.toPrecision(2)}</text><text x="40" y="${h - bottom}" font-size="10" text-anchor="end">0</text>`;
  return `<figure><svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(title)}"><text x="0" y="16" font-size="14" font-weight="bold">${esc(title)} (${esc(unit)})</text>${axis}${bars}</svg></figure>`;
}

function table(header: string[], rows: string[][]): string {
  return `<table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
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
</style></head><body>
<h1>LLM program footprint</h1>
<p class="note">Period ${esc(period)} · factor set ${r.factorSet} · generated ${esc(r.generatedAt)} by tokenprint. Values are central estimates with low–high bounds.</p>
<div class="kpis">
<div class="kpi"><small>Energy</small><b>${esc(fmtRange(t.energyKWh))}</b><small>kWh</small></div>
<div class="kpi"><small>Carbon, location-based</small><b>${esc(fmtRange(t.carbonKg.location))}</b><small>kgCO2e</small></div>
<div class="kpi"><small>Carbon, market-based</small><b>${esc(fmtRange(t.carbonKg.market))}</b><small>kgCO2e</small></div>
<div class="kpi"><small>Water</small><b>${esc(fmtRange(t.waterL))}</b><small>L</small></div>
<div class="kpi"><small>Requests · tokens</small><b>${t.requests.toLocaleString('en-US')}</b><small>${(t.inputTokens + t.outputTokens).toLocaleString('en-US')} tokens · ${esc(mixText(t))}</small></div>
</div>
<h2>Carbon over time</h2>
${timeChart(`Location-based carbon by ${timeDim}`, time, 'kgCO2e')}
<h2>Carbon by team and by model</h2>
${barChart('Location-based carbon by team', top(p.byTeam, 'team'), 'kgCO2e')}
${barChart('Location-based carbon by model', top(p.byModel, 'model'), 'kgCO2e')}
<h2>GHG view</h2>
${barChart('Carbon by scope (kept apart: do not add the amortised embodied line to Scope 3 cat. 2)', scopeItems, 'kgCO2e')}
${table(['', 'energy kWh', 'kgCO2e location-based', 'kgCO2e market-based'], ghgLines(r))}
<p class="note">${esc(g.scope2.label)}<br>${esc(g.scope3Cat1.label)}<br>${esc(g.scope3Cat2.label)}<br>${esc(g.embodiedAmortised.label)}</p>
${table(['deployment', 'accelerators', 'acquired', 'kgCO2e', 'booked'], g.scope3Cat2.items.map((i) => [i.deployment, String(i.accelerators), i.acquired ?? '—', fmtRange(i.kg), i.note]))}
<h2>Detail</h2>
${table(h.header, h.rows)}
${r.fallbacks.length ? `<h2>Fallbacks</h2><ul>${r.fallbacks.map((f) => `<li>${f.requests.toLocaleString('en-US')} requests: ${esc(f.note)}</li>`).join('')}</ul>` : ''}
</body></html>
`;
}

export async function buildHtmlReport(store: LedgerStore, o: ReportOptions = {}): Promise<string> {
  const main = await buildReport(store, o);
  const span = await eventSpanMs(store, main.factorSet);
  const days = (span.lastMs - span.firstMs) / 86_400_000;
  const byTime = await buildReport(store, { ...o, by: [days > 92 ? 'month' : 'day'] });
  const byTeam = await buildReport(store, { ...o, by: ['team'] });
  const byModel = await buildReport(store, { ...o, by: ['model'] });
  return renderHtml({ main, byTime, byTeam, byModel });
}
