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

/** Charts narrower than this (a 390 px phone) get their `narrow` overrides (ECharts media query: applied on resize too). */
export const NARROW_PX = 480;

/** Draws `option`; `narrow` is merged over it while the chart is at most NARROW_PX wide. */
export function chart(el: HTMLElement, option: Option, label: string, narrow?: Option): void {
  el.setAttribute('role', 'img');
  el.setAttribute('aria-label', label);
  const c = echarts.init(el, undefined, { renderer: 'svg' });
  const base = { color: PALETTE, aria: { enabled: true, decal: { show: true } }, textStyle: { fontFamily: 'system-ui, sans-serif' }, animation: false, ...option };
  c.setOption(narrow ? { baseOption: base, media: [{ query: { maxWidth: NARROW_PX }, option: narrow }] } : base);
  live.push(c);
}

window.addEventListener('resize', () => live.forEach((c) => c.resize()));

/** The unit a thousand times smaller (a log-scale bar grows from 1, so values are shown in a unit where all are ≥ 1). */
const SMALLER: Record<string, string> = { kgCO2e: 'gCO2e', gCO2e: 'mgCO2e', kWh: 'Wh', Wh: 'mWh', L: 'mL', mL: 'µL' };

export interface ValueScale {
  readonly axis: Record<string, unknown>;
  /** Multiply the data by this before plotting (1, 1e3, 1e6…). */
  readonly factor: number;
  readonly unit: string;
}

/**
 * A value axis named with its unit; logarithmic when the positive values span more than 20× (issue 15). On a log
 * axis bars start at 1, so the unit steps down (kg → g …) until the smallest value is at least 1.
 */
export function valueAxis(values: readonly number[], unit: string, extra: Record<string, unknown> = {}): ValueScale {
  const pos = values.filter((v) => v > 0);
  const min = pos.length ? Math.min(...pos) : 1;
  const log = pos.length > 1 && Math.max(...pos) / min > 20;
  let factor = 1;
  let u = unit;
  while (log && min * factor < 1 && SMALLER[u]) {
    factor *= 1000;
    u = SMALLER[u];
  }
  const axis = {
    type: log ? 'log' : 'value',
    name: log ? `${u} (log scale)` : u,
    nameLocation: 'middle',
    nameGap: 26,
    ...(log ? { min: 10 ** Math.floor(Math.log10(min * factor)) } : {}),
    // hideOverlap: on a narrow chart a log axis has more decades than room; labels that would touch are left out
    axisLabel: { formatter: (v: number) => sig(v), hideOverlap: true },
    ...extra,
  };
  return { axis, factor, unit: u };
}
