/**
 * GPU energy from a Prometheus exposition endpoint, such as NVIDIA's DCGM exporter (`http://HOST:9400/metrics`),
 * which is how clusters expose GPU power. Preferred: the energy counter `DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION`
 * (mJ since boot, per GPU); otherwise `DCGM_FI_DEV_POWER_USAGE` (W) sampled at each read and integrated as a step
 * function. All series on the page are summed (one per GPU; point it at the exporter of the serving node).
 *
 * Field definitions: NVIDIA DCGM field identifiers (docs.nvidia.com/datacenter/dcgm, "Field IDs":
 * DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION "total energy consumption since boot, mJ", DCGM_FI_DEV_POWER_USAGE "power
 * draw, W"). The exporter refreshes values every collect interval (`dcgm-exporter -c`, default 30 000 ms), so a
 * measurement window must span many intervals, or the exporter must run with a short one (e.g. `-c 1000`).
 */
import {
  type Availability,
  type EnergyCounterSource,
  type PowerComponent,
  type Precision,
  reasonOf,
} from './power-source.js';
import { GPU_SAMPLED_PRECISION, NVML_COUNTER_PRECISION } from './nvml.js';

export const DCGM_ENERGY_METRIC = 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION';
export const DCGM_POWER_METRIC = 'DCGM_FI_DEV_POWER_USAGE';

export interface PrometheusOptions {
  /** Exposition URL, e.g. http://127.0.0.1:9400/metrics. */
  readonly url: string;
  readonly now?: () => number;
  /** Request timeout, ms (default 5000). */
  readonly timeoutMs?: number;
}

/** Series of one metric from Prometheus text exposition: key = the label set as written, value = the sample. */
export function parseExposition(text: string, metric: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith(metric)) continue;
    const rest = line.slice(metric.length);
    if (rest !== '' && rest[0] !== '{' && rest[0] !== ' ') continue; // a longer metric name with this prefix
    let labels = '';
    let tail = rest;
    if (rest[0] === '{') {
      const end = rest.lastIndexOf('}');
      if (end < 0) continue;
      labels = rest.slice(1, end);
      tail = rest.slice(end + 1);
    }
    const v = Number(tail.trim().split(/\s+/)[0]);
    if (Number.isFinite(v)) out.set(labels, v);
  }
  return out;
}

export class PrometheusSource implements EnergyCounterSource {
  readonly kind = 'energy' as const;
  readonly name = 'prometheus';
  readonly component: PowerComponent = 'gpu';
  private readonly url: string;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private mode: 'counter' | 'power' = 'counter';
  private lastMj = new Map<string, number>();
  private powerW = 0;
  private lastT = 0;
  private energyJ = 0;

  constructor(o: PrometheusOptions) {
    this.url = o.url;
    this.now = o.now ?? (() => performance.now());
    this.timeoutMs = o.timeoutMs ?? 5000;
  }

  get description(): string {
    return this.mode === 'counter'
      ? `${DCGM_ENERGY_METRIC} (mJ counter) from ${this.url}, all GPUs summed`
      : `${DCGM_POWER_METRIC} (W) sampled from ${this.url} at each read and integrated, all GPUs summed`;
  }

  get precision(): Precision {
    return this.mode === 'counter' ? NVML_COUNTER_PRECISION : GPU_SAMPLED_PRECISION;
  }

  private async scrape(): Promise<string> {
    const res = await fetch(this.url, { signal: AbortSignal.timeout(this.timeoutMs) });
    if (!res.ok) throw new Error(`${this.url} answered HTTP ${res.status}`);
    return res.text();
  }

  async probe(): Promise<Availability> {
    let text: string;
    try {
      text = await this.scrape();
    } catch (err) {
      return { available: false, reason: `cannot scrape ${this.url}: ${reasonOf(err)}` };
    }
    const energy = parseExposition(text, DCGM_ENERGY_METRIC);
    const power = parseExposition(text, DCGM_POWER_METRIC);
    const series = energy.size ? energy : power;
    if (series.size === 0) {
      return { available: false, reason: `${this.url} exposes neither ${DCGM_ENERGY_METRIC} nor ${DCGM_POWER_METRIC}` };
    }
    this.mode = energy.size ? 'counter' : 'power';
    const devices = [...series.keys()].map((k, i) => {
      const gpu = /(?:^|,)\s*gpu="([^"]*)"/.exec(k)?.[1];
      const model = /modelName="([^"]*)"/.exec(k)?.[1];
      return { id: gpu !== undefined ? `gpu${gpu}` : `series${i}`, name: model ?? (k || 'GPU') };
    });
    const why = this.mode === 'power' ? ` (no ${DCGM_ENERGY_METRIC} on the page: power sampled)` : '';
    return { available: true, devices, detail: `${devices.length} GPU series at ${this.url}${why}` };
  }

  async open(): Promise<void> {
    const text = await this.scrape();
    this.energyJ = 0;
    this.lastT = this.now();
    if (this.mode === 'counter') this.lastMj = parseExposition(text, DCGM_ENERGY_METRIC);
    else this.powerW = sumOf(parseExposition(text, DCGM_POWER_METRIC));
  }

  /** J since open(). A counter that went down was reset (exporter or driver restart): its new value counts from 0. */
  async read(): Promise<number> {
    const text = await this.scrape();
    const t = this.now();
    if (this.mode === 'counter') {
      for (const [k, v] of parseExposition(text, DCGM_ENERGY_METRIC)) {
        const prev = this.lastMj.get(k);
        if (prev !== undefined) this.energyJ += (v >= prev ? v - prev : v) / 1000;
        this.lastMj.set(k, v);
      }
    } else {
      this.energyJ += this.powerW * ((t - this.lastT) / 1000);
      this.powerW = sumOf(parseExposition(text, DCGM_POWER_METRIC));
    }
    this.lastT = t;
    return this.energyJ;
  }

  async close(): Promise<void> {}
}

function sumOf(m: Map<string, number>): number {
  let s = 0;
  for (const v of m.values()) s += v;
  return s;
}
