/** Apache ECharts, tree-shaken to the charts used, SVG renderer; decal patterns on (colour is never the only cue). */
import * as echarts from 'echarts/core';
import { BarChart, LineChart, ScatterChart, PieChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, TitleComponent, AriaComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { PALETTE, sig } from './format';

echarts.use([BarChart, LineChart, ScatterChart, PieChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, AriaComponent, SVGRenderer]);

export type Option = echarts.EChartsCoreOption;
const live: echarts.ECharts[] = [];

export function disposeCharts(): void {
  while (live.length) live.pop()?.dispose();
}

export function chart(el: HTMLElement, option: Option, label: string): void {
  el.setAttribute('role', 'img');
  el.setAttribute('aria-label', label);
  const c = echarts.init(el, undefined, { renderer: 'svg' });
  c.setOption({ color: PALETTE, aria: { enabled: true, decal: { show: true } }, textStyle: { fontFamily: 'system-ui, sans-serif' }, animation: false, ...option });
  live.push(c);
}

window.addEventListener('resize', () => live.forEach((c) => c.resize()));

/** A value axis named with its unit; logarithmic when the positive values span more than 20× (issue 15). */
export function valueAxis(values: readonly number[], unit: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const pos = values.filter((v) => v > 0);
  const span = pos.length ? Math.max(...pos) / Math.min(...pos) : 1;
  const log = span > 20;
  return { type: log ? 'log' : 'value', name: log ? `${unit} (log scale)` : unit, nameTextStyle: { align: 'left' }, axisLabel: { formatter: (v: number) => sig(v) }, ...extra };
}
