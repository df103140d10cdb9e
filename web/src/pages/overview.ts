/** Overview: energy, carbon (location and market), water and embodied for the period, with ranges, vs the previous period. */
import { json, type Report, type Range } from '../api';
import { chart, valueAxis } from '../charts';
import { esc, rangeText, sig } from '../format';
import { bucketAttrs, bucketNote, requestsText } from '../coverage';
import { reportQuery } from '../state';

/** The period before [from, to] of the same length (months stay months). */
export function previousPeriod(from: string, to: string): { from: string; to: string } | undefined {
  if (/^\d{4}-\d{2}$/.test(from) && /^\d{4}-\d{2}$/.test(to)) {
    const [fy, fm] = from.split('-').map(Number);
    const [ty, tm] = to.split('-').map(Number);
    const n = (ty - fy) * 12 + (tm - fm) + 1;
    const m = (y: number, mo: number) => {
      const d = new Date(Date.UTC(y, mo - 1, 1));
      return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    };
    return { from: m(fy, fm - n), to: m(ty, tm - n) };
  }
  const a = Date.parse(from.length === 7 ? `${from}-01` : from);
  const b = Date.parse(to.length === 7 ? `${to}-01` : to);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return undefined;
  const days = Math.round((b - a) / 864e5) + 1;
  const d = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: d(a - days * 864e5), to: d(a - 864e5) };
}

function card(id: string, title: string, unit: string, r: Range, prev: Range | undefined, extra = ''): string {
  const delta = prev && prev.value > 0 ? (r.value - prev.value) / prev.value : undefined;
  const vs = delta === undefined ? '<span class="muted">no data in the previous period</span>' : `<span class="${delta > 0 ? 'up' : 'down'}">${delta > 0 ? '▲' : '▼'} ${sig(Math.abs(delta) * 100)} % vs previous period</span>`;
  return `<article class="card" data-testid="${id}" data-value="${r.value}" data-low="${r.low}" data-high="${r.high}"><h3>${esc(title)}</h3><p class="big">${sig(r.value)} <small>${unit}</small></p><p class="range">range ${rangeText(r)} ${unit}</p>${extra}<p>${vs}</p></article>`;
}

/** The two parts of water, or why they are missing (rows ingested before the split: `tokenprint restate`). */
function waterSplit(onsiteL: number | null, offsiteL: number | null): string {
  if (onsiteL === null || offsiteL === null) return '<p class="muted" data-testid="water-split">on-site / off-site: n/a (restate the ledger)</p>';
  return `<p data-testid="water-split" data-onsite="${onsiteL}" data-offsite="${offsiteL}">on-site ${sig(onsiteL)} L · off-site ${sig(offsiteL)} L</p>`;
}

export async function overview(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const r = await json<Report>(reportQuery(params, { by: 'team' }));
  const from = params.get('from');
  const to = params.get('to');
  const pp = from && to ? previousPeriod(from, to) : undefined;
  let prev: Report | undefined;
  if (pp) {
    const q = new URLSearchParams(params);
    q.set('from', pp.from);
    q.set('to', pp.to);
    prev = await json<Report>(reportQuery(q)).catch(() => undefined);
  }
  const t = r.total;
  const p = prev?.total;
  main.innerHTML = `<h1>Overview <small>${esc(from ?? 'first event')} → ${esc(to ?? 'last event')} · factor set ${r.factorSet}</small></h1>
  <p class="muted" data-testid="requests" data-value="${t.requests}">${requestsText(t)} · ${(t.inputTokens + t.outputTokens).toLocaleString('en-US')} tokens · ${sig(t.gPer1kTokens.location)} gCO2e per 1,000 tokens (location-based)${pp ? ` · previous period ${esc(pp.from)} → ${esc(pp.to)}` : ''}</p>
  ${t.buckets > 0 ? `<p class="note" data-testid="buckets" ${bucketAttrs(t)}>${bucketNote(t)}</p>` : ''}
  <section class="cards">
    ${card('energy', 'Energy', 'kWh', t.energyKWh, p?.energyKWh)}
    ${card('carbon-location', 'Carbon, location-based', 'kgCO2e', t.carbonKg.location, p?.carbonKg.location)}
    ${card('carbon-market', 'Carbon, market-based', 'kgCO2e', t.carbonKg.market, p?.carbonKg.market)}
    ${card('water', 'Water', 'L', t.waterL, p?.waterL, waterSplit(t.waterOnsiteL, t.waterOffsiteL))}
    ${card('embodied', 'Embodied (amortised, beside)', 'kgCO2e', t.embodiedKg, p?.embodiedKg)}
  </section>
  <h2>Carbon by team</h2><div class="chart" id="by-team"></div>`;
  const rows = [...r.rows].sort((a, b) => a.carbonKg.location.value - b.carbonKg.location.value);
  const vals = rows.flatMap((x) => [x.carbonKg.location.value, x.carbonKg.market.value]);
  const x = valueAxis(vals, 'kgCO2e');
  chart(
    main.querySelector<HTMLElement>('#by-team')!,
    {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${sig(v)} ${x.unit}` },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 36, bottom: 36, containLabel: true },
      yAxis: { type: 'category', data: rows.map((r) => r.keys.team) },
      xAxis: x.axis,
      series: [
        { name: 'location-based', type: 'bar', data: rows.map((r) => r.carbonKg.location.value * x.factor) },
        { name: 'market-based', type: 'bar', data: rows.map((r) => r.carbonKg.market.value * x.factor) },
      ],
    },
    'Carbon by team, location- and market-based, kgCO2e',
  );
}
