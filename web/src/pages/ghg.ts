/** GHG view by scope (location and market kept apart), method-tier mix and data quality (fallbacks, rejects). */
import { json, type Report } from '../api';
import { chart, valueAxis } from '../charts';
import { esc, rangeText, sig } from '../format';
import { reportQuery } from '../state';
import { bucketAttrs, bucketNote, requestsText } from '../coverage';

/** The tier names people read: the report's `aggregate` share is the requests booked from usage buckets. */
const TIER_NAME: Record<string, string> = { aggregate: 'usage buckets (aggregate)' };

/** Footprint by method tier (GET /v1/report?by=method): the share of carbon, where uncounted buckets count too. */
function byMethod(r: Report): string {
  const total = r.total.carbonKg.location.value;
  const withBuckets = r.total.buckets > 0;
  const rows = [...r.rows].sort((a, b) => b.carbonKg.location.value - a.carbonKg.location.value);
  const buckets = (x: Report['rows'][number]) =>
    !x.buckets ? '—' : `${x.buckets.toLocaleString('en-US')}${x.bucketsWithoutRequestCount ? ` (${x.bucketsWithoutRequestCount.toLocaleString('en-US')} with no request count)` : ''}`;
  const line = (x: Report['rows'][number]) =>
    `<tr data-method="${esc(x.keys.method)}" data-requests="${x.requests}" ${bucketAttrs(x)}><th scope="row">${esc(x.keys.method).replace(':', ':<wbr>')}</th><td class="num">${x.requests.toLocaleString('en-US')}</td>${
      withBuckets ? `<td>${buckets(x)}</td>` : ''
    }<td class="num">${sig(x.carbonKg.location.value)} <small class="muted">${rangeText(x.carbonKg.location)}</small></td><td class="num">${total > 0 ? `${sig((x.carbonKg.location.value / total) * 100)} %` : '—'}</td></tr>`;
  return `${withBuckets ? '<p class="muted">A tier ending in (aggregate) is booked from usage buckets; its share of carbon includes the buckets without a request count, its requests only the counted ones.</p>' : ''}
  <div class="scroll" tabindex="0" role="region" aria-label="Footprint by method tier"><table class="tiers" data-testid="by-method"><caption>Footprint by method tier</caption>
  <thead><tr><th scope="col">method tier</th><th scope="col">requests counted</th>${withBuckets ? '<th scope="col">usage buckets</th>' : ''}<th scope="col">kgCO2e location-based</th><th scope="col">share of carbon</th></tr></thead>
  <tbody>${rows.map(line).join('') || `<tr><td colspan="${withBuckets ? 5 : 4}">no records in the period</td></tr>`}</tbody></table></div>`;
}

export async function ghg(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const [r, rej] = await Promise.all([json<Report>(reportQuery(params, { by: 'method' })), json<{ total: number }>('/v1/rejects?limit=1')]);
  const g = r.ghg;
  const lines: [string, number, number][] = [
    ['Scope 2 (self-hosted electricity)', g.scope2.locationKg.value, g.scope2.marketKg.value],
    ['Scope 3 cat. 1 (LLM API services)', g.scope3Cat1.locationKg.value, g.scope3Cat1.marketKg.value],
  ];
  const t = r.total;
  const mix = Object.entries(t.methodMix)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => [TIER_NAME[k] ?? k, v] as const);
  const fallbackRequests = r.fallbacks.reduce((a, f) => a + f.requests, 0);
  const fallbackUncounted = r.fallbacks.reduce((a, f) => a + f.bucketsWithoutRequestCount, 0);
  main.innerHTML = `<h1>GHG view</h1>
  <p class="muted">Location- and market-based carbon are reported side by side, never added (GHG Protocol Scope 2 Guidance). The GHG view covers the period; team/model/region filters do not apply to it.</p>
  <div class="chart" id="scopes"></div>
  <table><caption>GHG lines, kgCO2e (range)</caption><thead><tr><th scope="col">line</th><th scope="col">energy kWh</th><th scope="col">location-based</th><th scope="col">market-based</th></tr></thead><tbody>
  <tr><th scope="row">${esc(g.scope2.label)}</th><td>${rangeText(g.scope2.energyKWh)}</td><td data-testid="scope2-location" data-value="${g.scope2.locationKg.value}">${rangeText(g.scope2.locationKg)}</td><td>${rangeText(g.scope2.marketKg)}</td></tr>
  <tr><th scope="row">${esc(g.scope3Cat1.label)}</th><td>${rangeText(g.scope3Cat1.energyKWh)}</td><td>${rangeText(g.scope3Cat1.locationKg)}</td><td>${rangeText(g.scope3Cat1.marketKg)}</td></tr>
  <tr><th scope="row">${esc(g.scope3Cat2.label)}</th><td></td><td colspan="2">${rangeText(g.scope3Cat2.kg)}</td></tr>
  <tr><th scope="row">${esc(g.embodiedAmortised.label)}</th><td></td><td colspan="2">${rangeText(g.embodiedAmortised.kg)}</td></tr>
  </tbody></table>
  <div class="two"><section><h2>Method tier mix <small class="muted">share of counted requests</small></h2><div class="chart" id="mix"></div>
  ${t.bucketsWithoutRequestCount > 0 ? `<p class="note" data-testid="mix-note">${t.bucketsWithoutRequestCount.toLocaleString('en-US')} usage ${t.bucketsWithoutRequestCount === 1 ? 'bucket has' : 'buckets have'} no request count and ${t.bucketsWithoutRequestCount === 1 ? 'is' : 'are'} in none of these shares; ${t.bucketsWithoutRequestCount === 1 ? 'its' : 'their'} footprint is in the share of carbon below.</p>` : ''}</section>
  <section><h2>Data quality</h2><ul class="quality">
  <li data-testid="requests" data-value="${t.requests}">Counted: ${requestsText(t)}</li>
  <li data-testid="buckets" ${bucketAttrs(t)}>${t.buckets > 0 ? bucketNote(t) : 'All from per-request rows: no usage buckets in these figures.'}</li>
  <li><a href="#/rejects">${rej.total.toLocaleString('en-US')} refused records</a></li>
  <li>${requestsText({ requests: fallbackRequests, bucketsWithoutRequestCount: fallbackUncounted })} estimated with a named fallback</li></ul>
  <ul>${r.fallbacks.slice(0, 8).map((f) => `<li>${requestsText(f)}: ${esc(f.note)}</li>`).join('')}</ul></section></div>
  <h2>Footprint by method tier</h2>
  ${byMethod(r)}`;
  const x = valueAxis(lines.flatMap((l) => [l[1], l[2]]), 'kgCO2e');
  chart(
    main.querySelector<HTMLElement>('#scopes')!,
    {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${sig(v)} ${x.unit}` },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 36, bottom: 36, containLabel: true },
      yAxis: { type: 'category', data: lines.map((l) => l[0]), axisLabel: { width: 150, overflow: 'break', lineHeight: 15 } },
      xAxis: x.axis,
      series: [
        { name: 'location-based', type: 'bar', data: lines.map((l) => l[1] * x.factor) },
        { name: 'market-based', type: 'bar', data: lines.map((l) => l[2] * x.factor) },
      ],
    },
    'Scope 2 and Scope 3 category 1, location- and market-based, kgCO2e',
    // a phone: short line names (the table below has them in full), so the bars keep the width
    { yAxis: { axisLabel: { width: 90, formatter: (v: string) => v.replace(/ \(.*\)$/, '') } }, grid: { right: 16 } },
  );
  chart(
    main.querySelector<HTMLElement>('#mix')!,
    {
      tooltip: { trigger: 'item', valueFormatter: (v: number) => `${sig(v * 100)} % of counted requests` },
      legend: { bottom: 0 },
      series: [{ type: 'pie', radius: ['35%', '65%'], data: mix.map(([k, v]) => ({ name: k, value: v })), label: { lineHeight: 15, formatter: (p: { name: string; value: number }) => `${p.name}\n${sig(p.value * 100)} %` } }],
    },
    'Share of counted requests by method tier: measured, modeled:deployment, modeled:provider, usage buckets (aggregate)',
    // a phone: labels beside the ring would be cut at the edge, so the legend carries the shares instead
    {
      legend: { bottom: 0, formatter: (name: string) => `${name} ${sig((mix.find(([k]) => k === name)?.[1] ?? 0) * 100)} %` },
      series: [{ radius: ['30%', '58%'], center: ['50%', '42%'], label: { show: false } }],
    },
  );
}
