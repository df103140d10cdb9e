/** Plan: run the what-if planner on a scenario; the Pareto front (quality vs objective) and the lever waterfall. */
import { json } from '../api';
import { chart } from '../charts';
import { esc, sig } from '../format';
import example from '../../../examples/scenario.yaml?raw';

interface Front {
  label: string;
  quality: number;
  value: number;
  meetsFloor: boolean;
}
interface Lever {
  label: string;
  applies: boolean;
  saving?: number;
  savingFraction?: number;
}
interface PlanReport {
  scenario: { name?: string; qualityMetric: string; qualityFloor: number; objectiveUnit: string };
  paretoCarbon: Front[];
  options: { label: string; quality: number; annual: { totalLocationKg: { value: number } } }[];
  recommended: { label: string };
  levers: { baseline: { value: number }; recommended: { value: number }; waterfall: Lever[] };
}

export async function plan(main: HTMLElement): Promise<void> {
  main.innerHTML = `<h1>Plan</h1>
  <p class="muted">A scenario (docs/planning.md) in YAML; the example is examples/scenario.yaml.</p>
  <label for="scenario">Scenario</label><textarea id="scenario" rows="10" spellcheck="false"></textarea>
  <p><button id="run" type="button">Run the planner</button></p><div id="out"></div>`;
  const ta = main.querySelector<HTMLTextAreaElement>('#scenario')!;
  ta.value = example;
  const out = main.querySelector<HTMLElement>('#out')!;
  const run = async () => {
    out.innerHTML = '<p class="muted">planning…</p>';
    try {
      const p = await json<PlanReport>('/v1/plan', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: ta.value });
      out.innerHTML = `<p data-testid="recommended">Recommended: <strong>${esc(p.recommended.label)}</strong> · ${sig(p.levers.baseline.value)} → ${sig(p.levers.recommended.value)} ${esc(p.scenario.objectiveUnit)}</p>
      <h2>Pareto front: ${esc(p.scenario.qualityMetric)} vs carbon</h2><div class="chart tall" id="pareto"></div>
      <h2>Levers, one after another <small class="muted">${esc(p.scenario.objectiveUnit)}</small></h2><div class="chart" id="waterfall"></div>`;
      const all = p.options.map((o) => [o.annual.totalLocationKg.value, o.quality]);
      chart(
        out.querySelector<HTMLElement>('#pareto')!,
        {
          tooltip: { trigger: 'item', formatter: (x: { data: [number, number, string?] }) => `${esc(x.data[2] ?? '')} ${sig(x.data[1])} · ${sig(x.data[0])} ${esc(p.scenario.objectiveUnit)}` },
          legend: { top: 0 },
          grid: { left: 40, right: 24, top: 36, bottom: 30, containLabel: true },
          xAxis: { type: 'log', name: `${p.scenario.objectiveUnit} (log scale)`, nameLocation: 'middle', nameGap: 26, axisLabel: { formatter: (v: number) => sig(v), hideOverlap: true } },
          yAxis: { type: 'value', name: p.scenario.qualityMetric, nameLocation: 'middle', nameGap: 34, scale: true },
          series: [
            { name: 'options', type: 'scatter', symbolSize: 5, data: all, itemStyle: { opacity: 0.35 } },
            { name: 'Pareto front', type: 'line', step: 'end', data: p.paretoCarbon.map((f) => [f.value, f.quality, f.label]), symbolSize: 8 },
          ],
        },
        'Options by quality and yearly carbon; the Pareto front drawn as a line',
        // a phone: the unit alone names the axis (the heading above says what it covers)
        { xAxis: { name: `${p.scenario.objectiveUnit.split(' ')[0]} (log scale)` }, grid: { right: 16 } },
      );
      const steps = p.levers.waterfall.filter((l) => l.applies && l.saving !== undefined);
      let level = p.levers.baseline.value;
      const base: number[] = [];
      const drop: number[] = [];
      for (const l of steps) {
        level -= l.saving ?? 0;
        base.push(Math.max(0, level));
        drop.push(l.saving ?? 0);
      }
      chart(
        out.querySelector<HTMLElement>('#waterfall')!,
        {
          tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${sig(v)} ${p.scenario.objectiveUnit}` },
          grid: { left: 8, right: 24, top: 24, bottom: 24, containLabel: true },
          xAxis: { type: 'category', data: ['baseline', ...steps.map((l) => l.label), 'recommended'], axisLabel: { interval: 0, rotate: 20 } },
          yAxis: { type: 'value', name: p.scenario.objectiveUnit.split(' ')[0], axisLabel: { formatter: (v: number) => sig(v) } },
          series: [
            { type: 'bar', stack: 'w', itemStyle: { color: 'transparent', decal: { symbol: 'none' } }, emphasis: { disabled: true }, data: [0, ...base, 0], tooltip: { show: false } },
            { name: 'saving', type: 'bar', stack: 'w', data: [p.levers.baseline.value, ...drop, p.levers.recommended.value] },
          ],
        },
        'Waterfall: the saving of each lever applied in turn, from the baseline to the recommendation',
      );
    } catch (e) {
      out.innerHTML = `<p class="error" role="alert">${esc((e as Error).message)}</p>`;
    }
  };
  main.querySelector('#run')!.addEventListener('click', () => void run());
}
