/** Trends: carbon by day or month, stacked by team, model or provider, with the total's uncertainty band. */
import { json, type Report } from '../api';
import { chart } from '../charts';
import { esc, sig } from '../format';
import { reportQuery } from '../state';

const STACKS = ['team', 'model', 'provider'] as const;

export async function trends(main: HTMLElement, params: URLSearchParams, go: (p: URLSearchParams) => void): Promise<void> {
  const grain = params.get('grain') === 'month' ? 'month' : 'day';
  const stack = (STACKS as readonly string[]).includes(params.get('stack') ?? '') ? (params.get('stack') as string) : 'team';
  const [r, tot] = await Promise.all([json<Report>(reportQuery(params, { by: `${grain},${stack}` })), json<Report>(reportQuery(params, { by: grain }))]);
  const periods = tot.rows.map((x) => x.keys[grain]);
  const keys = [...new Set(r.rows.map((x) => x.keys[stack]))].sort();
  const cell = new Map(r.rows.map((x) => [`${x.keys[grain]}\u0000${x.keys[stack]}`, x.carbonKg.location.value]));
  main.innerHTML = `<h1>Trends</h1>
  <div class="controls">
    <label>Grain <select id="grain"><option value="day">day</option><option value="month">month</option></select></label>
    <label>Stack by <select id="stack">${STACKS.map((s) => `<option value="${s}">${s}</option>`).join('')}</select></label>
  </div>
  <h2>Carbon, location-based, by ${esc(grain)} and ${esc(stack)}</h2><div class="chart tall" id="stacked"></div>
  <h2>Energy by ${esc(grain)}, with its range</h2><div class="chart" id="band"></div>`;
  const g = main.querySelector<HTMLSelectElement>('#grain')!;
  const s = main.querySelector<HTMLSelectElement>('#stack')!;
  g.value = grain;
  s.value = stack;
  const change = () => {
    const q = new URLSearchParams(params);
    q.set('grain', g.value);
    q.set('stack', s.value);
    go(q);
  };
  g.addEventListener('change', change);
  s.addEventListener('change', change);
  chart(
    main.querySelector<HTMLElement>('#stacked')!,
    {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${sig(v)} kgCO2e` },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: 24, containLabel: true },
      xAxis: { type: 'category', data: periods },
      // stacked bars need a linear axis (a log axis cannot stack)
      yAxis: { type: 'value', name: 'kgCO2e', axisLabel: { formatter: (v: number) => sig(v) } },
      series: keys.map((k) => ({ name: k, type: 'bar', stack: 'total', data: periods.map((p) => cell.get(`${p}\u0000${k}`) ?? 0) })),
    },
    `Carbon by ${grain}, stacked by ${stack}, kgCO2e`,
  );
  const e = tot.rows.map((x) => x.energyKWh);
  chart(
    main.querySelector<HTMLElement>('#band')!,
    {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${sig(v)} kWh` },
      legend: { top: 0, data: ['energy', 'range'] },
      grid: { left: 8, right: 16, top: 40, bottom: 24, containLabel: true },
      xAxis: { type: 'category', data: periods, boundaryGap: false },
      // a band is a stack (low, then high − low): a linear axis
      yAxis: { type: 'value', name: 'kWh', axisLabel: { formatter: (v: number) => sig(v) } },
      series: [
        { name: 'low', type: 'line', stack: 'band', data: e.map((x) => x.low), lineStyle: { opacity: 0 }, symbol: 'none', tooltip: { show: false } },
        { name: 'range', type: 'line', stack: 'band', data: e.map((x) => x.high - x.low), lineStyle: { opacity: 0 }, areaStyle: { color: '#56B4E9', opacity: 0.35 }, symbol: 'none' },
        { name: 'energy', type: 'line', data: e.map((x) => x.value), color: '#0072B2', symbolSize: 4 },
      ],
    },
    `Energy by ${grain} with its low–high range, kWh`,
  );
}
