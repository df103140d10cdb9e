/**
 * Picks, for each component, the best source that works here, best first:
 *   GPU: NVML energy counters → nvidia-smi power sampling (or a Prometheus/DCGM endpoint when asked)
 *   CPU: RAPL package counters → /proc/stat utilisation × rated power
 *   RAM: RAPL DRAM counters → 3 W per 8 GB
 * Every candidate gets a decision: used, unavailable (with the reason), or not needed because a better one worked.
 */
import { NvmlSource } from './nvml.js';
import { NvidiaSmiSource } from './nvidia-smi.js';
import { PrometheusSource } from './prometheus.js';
import { RaplSource } from './rapl.js';
import { ProcfsCpuSource, RamRuleSource } from './procfs.js';
import { type PowerComponent, type PowerSource, type SourceDecision, POWER_COMPONENTS } from './power-source.js';

/** `auto` (NVML then nvidia-smi), one of them only, `none`, or `prometheus:URL`. */
export type GpuChoice = 'auto' | 'nvml' | 'nvidia-smi' | 'none' | `prometheus:${string}`;

export interface DetectOptions {
  readonly gpu?: GpuChoice;
  /** nvidia-smi sampling period, ms. */
  readonly intervalMs?: number;
  readonly cpuTdpW?: number;
  readonly ramGB?: number;
  readonly powercapRoot?: string;
  readonly procRoot?: string;
  readonly nvmlLibrary?: string;
  readonly gpuIds?: readonly number[];
}

export interface Selection {
  readonly sources: readonly PowerSource[];
  readonly decisions: readonly SourceDecision[];
}

/** Candidates best first, per component. Constructing a source does no I/O beyond /proc/cpuinfo. */
export function candidateSources(o: DetectOptions = {}): Record<PowerComponent, PowerSource[]> {
  const gpu = o.gpu ?? 'auto';
  const gpus: PowerSource[] = [];
  if (gpu.startsWith('prometheus:')) gpus.push(new PrometheusSource({ url: gpu.slice('prometheus:'.length) }));
  if (gpu === 'auto' || gpu === 'nvml') gpus.push(new NvmlSource({ libraryPath: o.nvmlLibrary, gpuIds: o.gpuIds }));
  if (gpu === 'auto' || gpu === 'nvidia-smi') gpus.push(new NvidiaSmiSource({ intervalMs: o.intervalMs }));
  return {
    gpu: gpus,
    cpu: [new RaplSource({ domain: 'package', root: o.powercapRoot }), new ProcfsCpuSource({ procRoot: o.procRoot, cpuTdpW: o.cpuTdpW })],
    ram: [new RaplSource({ domain: 'dram', root: o.powercapRoot }), new RamRuleSource({ ramGB: o.ramGB })],
  };
}

/** Probes candidates in order and keeps the first that works for each component. */
export async function selectSources(
  candidates: Record<PowerComponent, readonly PowerSource[]>,
): Promise<Selection> {
  const sources: PowerSource[] = [];
  const decisions: SourceDecision[] = [];
  for (const component of POWER_COMPONENTS) {
    let chosen: PowerSource | undefined;
    for (const s of candidates[component]) {
      if (chosen) {
        decisions.push(decision(s, false, `not needed: ${chosen.name} is better and available`, []));
        continue;
      }
      const a = await s.probe();
      if (a.available) {
        chosen = s;
        sources.push(s);
        decisions.push(decision(s, true, a.detail, a.devices));
      } else {
        decisions.push(decision(s, false, a.reason, []));
      }
    }
  }
  return { sources, decisions };
}

function decision(s: PowerSource, used: boolean, detail: string, devices: SourceDecision['devices']): SourceDecision {
  return { component: s.component, name: s.name, precision: s.precision, description: s.description, used, detail, devices };
}

export async function detectSources(o: DetectOptions = {}): Promise<Selection> {
  return selectSources(candidateSources(o));
}
