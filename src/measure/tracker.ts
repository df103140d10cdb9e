/**
 * Measures the energy a machine draws while something runs, by component (GPU, CPU, RAM), and turns it into
 * carbon (location- and market-based) and water with the site factors of src/catalog/site.ts.
 *
 *   const t = new Tracker({ intervalMs: 1000, site: { region: 'FR' } });
 *   await t.start();  …work…  await t.mark('eval');  …work…
 *   const result = await t.stop();
 *
 * Energy counters are read at every tick; power meters are integrated between ticks (trapezoid for instant
 * readings, rectangle for means since the previous reading). Each component's energy is a range: the reading ×
 * the source's stated precision. Which source was used, and why better ones were not, is part of the result.
 */
import { cpus, release, totalmem, type as osType } from 'node:os';
import { randomUUID } from 'node:crypto';
import { type Range, add, mul, range, scale, sum } from '../core/range.js';
import { type Factor, factor, rangeFactor } from '../core/trace.js';
import { toFactor } from '../core/quantity.js';
import { carbonG, waterL, J_PER_KWH } from '../core/impacts.js';
import { InvalidInputError } from '../core/errors.js';
import { resolveSite, type SiteOverrides } from '../catalog/site.js';
import { readCpuInfo } from '../sources/power/procfs.js';
import { detectSources, type DetectOptions } from '../sources/power/detect.js';
import {
  type PowerComponent,
  type PowerSource,
  type SourceDecision,
  POWER_COMPONENTS,
} from '../sources/power/power-source.js';

export type ComponentValues = Record<PowerComponent, number>;

export interface Sample {
  readonly timestamp: string;
  readonly elapsedS: number;
  /** Energy since start, J, per component. */
  readonly energyJ: ComponentValues;
  /** Mean power since the previous sample, W, per component. */
  readonly powerW: ComponentValues;
}

export interface PhaseResult {
  readonly name: string;
  readonly startS: number;
  readonly endS: number;
  readonly durationS: number;
  readonly energyJ: ComponentValues & { readonly total: number };
}

export interface HostInfo {
  readonly os: string;
  readonly cpuModel: string;
  readonly cpuCount: number;
  readonly ramTotalGB: number;
  readonly gpuCount: number;
  readonly gpuModel: string;
}

export interface MeasurementResult {
  readonly kind: 'measurement';
  readonly method: 'measured';
  readonly runId: string;
  readonly projectName: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly durationS: number;
  /** Energy at the devices (IT energy), J. */
  readonly energyJ: Record<PowerComponent | 'total', Range>;
  readonly meanPowerW: ComponentValues;
  /** IT energy × PUE, J. */
  readonly facilityEnergyJ: Range;
  readonly carbonG: { readonly location: Range; readonly market: Range };
  readonly waterL: Range;
  readonly site: { readonly zone: string; readonly zoneName: string; readonly region?: string; readonly pue: number; readonly wueOnsiteLPerKWh: number };
  /** Every candidate source, used or not, with its precision and why. */
  readonly sources: readonly SourceDecision[];
  readonly phases: readonly PhaseResult[];
  readonly host: HostInfo;
  readonly sampleCount: number;
  readonly trace: readonly Factor[];
  readonly warnings: readonly string[];
}

export interface TrackerOptions {
  /** Sampling period, ms (default 1000). */
  readonly intervalMs?: number;
  /** Sources to use as they are (already probed); default: detect the best available per component. */
  readonly sources?: readonly PowerSource[];
  /** Decisions to report with ready-made sources (default: each given source, used). */
  readonly decisions?: readonly SourceDecision[];
  readonly detect?: DetectOptions;
  readonly site?: SiteOverrides;
  readonly projectName?: string;
  /** Monotonic clock, ms (default performance.now); tests pass a manual one. */
  readonly now?: () => number;
}

interface Active {
  readonly source: PowerSource;
  energyJ: number;
  lastW: number;
  /** Set when the source failed mid-run: it is read no more and its energy stops at the last good reading. */
  failed?: { readonly atS: number; readonly reason: string };
}

interface Boundary {
  readonly name: string;
  readonly t: number;
  readonly energy: ComponentValues;
}

const zero = (): ComponentValues => ({ gpu: 0, cpu: 0, ram: 0 });

export class Tracker {
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly options: TrackerOptions;
  private active: Active[] = [];
  private decisions: readonly SourceDecision[] = [];
  private state: 'idle' | 'running' | 'stopped' = 'idle';
  private t0 = 0;
  private startedAt = new Date(0);
  private lastT = 0;
  private energy: ComponentValues = zero();
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private boundaries: Boundary[] = [];
  private subscribers: { push(s: Sample | null): void }[] = [];
  private count = 0;
  /** Scheduled ticks so far; the next one is due at t0 + (ticks + 1) × interval, so sampling does not drift. */
  private ticks = 0;
  private site: ReturnType<typeof resolveSite> | undefined;

  constructor(o: TrackerOptions = {}) {
    this.intervalMs = o.intervalMs ?? 1000;
    if (!(this.intervalMs >= 10) || !Number.isFinite(this.intervalMs)) {
      throw new InvalidInputError('intervalMs', `must be at least 10 ms, got ${o.intervalMs}`);
    }
    this.now = o.now ?? (() => performance.now());
    this.options = o;
  }

  /** Detects (or takes) the sources, opens them and takes the baseline. */
  async start(): Promise<void> {
    if (this.state !== 'idle') throw new InvalidInputError('tracker', `start() called on a ${this.state} tracker; create a new Tracker`);
    // Site factors are resolved now, so a bad region fails before the work runs rather than after it.
    try {
      this.site = resolveSite(this.options.site ?? {});
    } catch (err) {
      await closeAll(this.options.sources ?? []);
      throw err;
    }
    if (this.options.sources) {
      this.decisions =
        this.options.decisions ??
        this.options.sources.map((s) => ({
          component: s.component,
          name: s.name,
          precision: s.precision,
          description: s.description,
          used: true,
          detail: 'given by the caller',
          devices: [],
        }));
      this.active = this.options.sources.map((source) => ({ source, energyJ: 0, lastW: 0 }));
    } else {
      const sel = await detectSources({ intervalMs: Math.min(this.intervalMs, 1000), ...this.options.detect });
      this.decisions = sel.decisions;
      this.active = sel.sources.map((source) => ({ source, energyJ: 0, lastW: 0 }));
    }
    const opened: PowerSource[] = [];
    try {
      for (const a of this.active) {
        await a.source.open();
        opened.push(a.source);
      }
      for (const a of this.active) if (a.source.kind === 'power' && a.source.sampleMeaning === 'instant') a.lastW = await a.source.sample();
    } catch (err) {
      // Release what was opened (an nvidia-smi child, an NVML handle) so a failed start leaves nothing running.
      await closeAll(opened);
      this.state = 'stopped';
      throw err;
    }
    this.startedAt = new Date();
    this.t0 = this.now();
    this.lastT = this.t0;
    this.state = 'running';
    this.schedule();
  }

  /**
   * Next tick at t0 + k × interval (not interval after the previous tick ended), so a slow read does not make the
   * sampling drift; a tick that is late by more than a period skips to the next slot. The timer is unref'd: it
   * never keeps the process alive on its own.
   */
  private schedule(): void {
    const now = this.now();
    this.ticks = Math.max(this.ticks + 1, Math.floor((now - this.t0) / this.intervalMs) + 1);
    const delay = Math.max(0, this.t0 + this.ticks * this.intervalMs - now);
    this.timer = setTimeout(() => {
      // tick() does not reject (a failing source is dropped inside it); the catch only guards against a bug.
      this.chain = this.chain
        .then(() => this.tick())
        .catch(() => undefined)
        .finally(() => {
          if (this.state === 'running') this.schedule();
        });
    }, delay);
    this.timer.unref();
  }

  private async tick(): Promise<Sample> {
    const t = this.now();
    const dtS = (t - this.lastT) / 1000;
    for (const a of this.active) {
      if (a.failed) continue;
      const s = a.source;
      try {
        if (s.kind === 'energy') a.energyJ = await s.read();
        else {
          const w = await s.sample();
          a.energyJ += s.sampleMeaning === 'instant' ? ((a.lastW + w) / 2) * dtS : w * dtS;
          a.lastW = w;
        }
      } catch (err) {
        // One failing source (nvidia-smi gone, a scrape timing out) must not lose the whole measurement: keep what
        // it read so far, stop reading it, and say so in the result.
        a.failed = { atS: (t - this.t0) / 1000, reason: err instanceof Error ? err.message : String(err) };
      }
    }
    const energy = zero();
    for (const a of this.active) energy[a.source.component] += a.energyJ;
    const powerW = zero();
    for (const c of POWER_COMPONENTS) powerW[c] = dtS > 0 ? (energy[c] - this.energy[c]) / dtS : 0;
    this.energy = energy;
    this.lastT = t;
    this.count++;
    const sample: Sample = {
      timestamp: new Date(this.startedAt.getTime() + (t - this.t0)).toISOString(),
      elapsedS: (t - this.t0) / 1000,
      energyJ: { ...energy },
      powerW,
    };
    for (const sub of this.subscribers) sub.push(sample);
    return sample;
  }

  /** Takes a reading now (between scheduled ones); resolves with it. */
  sampleNow(): Promise<Sample> {
    if (this.state !== 'running') return Promise.reject(new InvalidInputError('tracker', 'not running; call start() first'));
    const p = this.chain.then(() => this.tick());
    this.chain = p.catch(() => undefined);
    return p;
  }

  /** Starts a phase named `name` now; the previous phase (if any) ends here. Phases appear in the result. */
  async mark(name: string): Promise<void> {
    const s = await this.sampleNow();
    this.boundaries.push({ name, t: s.elapsedS, energy: s.energyJ });
  }

  /** Every sample from now until stop(). */
  samples(): AsyncIterableIterator<Sample> {
    const queue: (Sample | null)[] = [];
    let wake: (() => void) | undefined;
    const sub = {
      push: (s: Sample | null) => {
        queue.push(s);
        wake?.();
        wake = undefined;
      },
    };
    if (this.state === 'stopped') queue.push(null);
    else this.subscribers.push(sub);
    const iterator: AsyncIterableIterator<Sample> = {
      next: async (): Promise<IteratorResult<Sample>> => {
        while (queue.length === 0) await new Promise<void>((r) => (wake = r));
        const s = queue.shift()!;
        if (s === null) return { done: true, value: undefined };
        return { done: false, value: s };
      },
      return: async (): Promise<IteratorResult<Sample>> => {
        this.subscribers = this.subscribers.filter((x) => x !== sub);
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  /** Takes the final reading, closes the sources and computes the result. */
  async stop(): Promise<MeasurementResult> {
    if (this.state !== 'running') throw new InvalidInputError('tracker', `stop() called on a ${this.state} tracker`);
    if (this.timer) clearTimeout(this.timer);
    let last: Sample;
    try {
      last = await this.sampleNow();
    } finally {
      this.state = 'stopped';
      if (this.timer) clearTimeout(this.timer);
      await closeAll(this.active.map((a) => a.source));
      for (const sub of this.subscribers) sub.push(null);
      this.subscribers = [];
    }
    return this.result(last);
  }

  private result(last: Sample): MeasurementResult {
    const durationS = last.elapsedS;
    const warnings: string[] = [];
    const trace: Factor[] = [];
    const energyJ = { gpu: range(0, 0, 0), cpu: range(0, 0, 0), ram: range(0, 0, 0) } as Record<PowerComponent, Range>;
    for (const c of POWER_COMPONENTS) {
      const used = this.active.filter((a) => a.source.component === c);
      const skipped = this.decisions.filter((d) => d.component === c && !d.used && !d.detail.startsWith('not needed'));
      const why = skipped.map((d) => `${d.name}: ${d.detail}`).join('; ');
      if (used.length === 0) {
        warnings.push(`no ${c.toUpperCase()} source available, ${c.toUpperCase()} energy counted as 0${why ? ` (${why})` : ''}`);
        trace.push(factor(`${c}EnergyJ`, 0, 'J', 'no source available', true, { note: why || undefined }));
        continue;
      }
      const parts = used.map((a) => {
        const p = a.source.precision;
        return range(a.energyJ, a.energyJ * p.low, a.energyJ * p.high);
      });
      energyJ[c] = sum(parts);
      for (const a of used) {
        const p = a.source.precision;
        if (a.failed) {
          warnings.push(
            `${c.toUpperCase()} source ${a.source.name} failed at ${a.failed.atS.toFixed(1)} s (${a.failed.reason}); ` +
              `${c.toUpperCase()} energy after that is missing, so the ${c.toUpperCase()} figure is a lower bound`,
          );
        }
        trace.push(
          rangeFactor(`${c}EnergyJ`, energyJ[c], 'J', `${a.source.name}: ${a.source.description}`, p.kind === 'modeled', `precision ${p.kind}: ${p.source}`),
        );
        if (p.kind === 'modeled' && why) warnings.push(`${c.toUpperCase()} energy is modelled by ${a.source.name}; better sources unavailable: ${why}`);
        else if (p.kind !== 'counter' && why) warnings.push(`${c.toUpperCase()} energy from ${a.source.name} (${p.kind}); better sources unavailable: ${why}`);
      }
    }
    const total = add(add(energyJ.gpu, energyJ.cpu), energyJ.ram);
    const site = this.site ?? resolveSite(this.options.site ?? {});
    const f = site.factors;
    const facility = mul(total, f.pue.range);
    const itKWh = scale(total, 1 / J_PER_KWH);
    const facKWh = scale(facility, 1 / J_PER_KWH);
    trace.push(toFactor('pue', f.pue, '1'));
    trace.push(toFactor('locationIntensity', f.locationIntensityGPerKWh, 'gCO2e/kWh'));
    trace.push(toFactor('marketIntensity', f.marketIntensityGPerKWh, 'gCO2e/kWh'));
    trace.push(toFactor('wueOnsite', f.wueOnsiteLPerKWh, 'L/kWh'));
    trace.push(toFactor('offsiteWater', f.offsiteWaterLPerKWh, 'L/kWh'));
    if (f.pue.assumed) warnings.push(`PUE ${f.pue.range.value} is assumed (${f.pue.source}); pass --pue 1 for a machine outside a data centre`);
    const meanPowerW = zero();
    for (const c of POWER_COMPONENTS) meanPowerW[c] = durationS > 0 ? energyJ[c].value / durationS : 0;
    const phases: PhaseResult[] = this.boundaries.map((b, i) => {
      const end = this.boundaries[i + 1] ?? { t: last.elapsedS, energy: last.energyJ };
      const e = zero();
      for (const c of POWER_COMPONENTS) e[c] = end.energy[c] - b.energy[c];
      return { name: b.name, startS: b.t, endS: end.t, durationS: end.t - b.t, energyJ: { ...e, total: e.gpu + e.cpu + e.ram } };
    });
    const gpuDecision = this.decisions.find((d) => d.component === 'gpu' && d.used);
    const cpu = readCpuInfo();
    const gpuNames = gpuDecision?.devices.map((d) => d.name) ?? [];
    return {
      kind: 'measurement',
      method: 'measured',
      runId: randomUUID(),
      projectName: this.options.projectName ?? 'tokenprint',
      startedAt: this.startedAt.toISOString(),
      endedAt: new Date(this.startedAt.getTime() + durationS * 1000).toISOString(),
      durationS,
      energyJ: { ...energyJ, total },
      meanPowerW,
      facilityEnergyJ: facility,
      carbonG: { location: carbonG(facKWh, f.locationIntensityGPerKWh.range), market: carbonG(facKWh, f.marketIntensityGPerKWh.range) },
      waterL: waterL(itKWh, facKWh, f.wueOnsiteLPerKWh.range, f.offsiteWaterLPerKWh.range),
      site: { zone: site.zone, zoneName: site.zoneName, region: site.region, pue: f.pue.range.value, wueOnsiteLPerKWh: f.wueOnsiteLPerKWh.range.value },
      sources: this.decisions,
      phases,
      host: {
        os: `${osType()}-${release()}-${process.arch}`,
        cpuModel: cpu.model !== 'unknown' ? cpu.model : (cpus()[0]?.model ?? 'unknown'),
        cpuCount: cpu.threads || cpus().length,
        ramTotalGB: totalmem() / 1e9,
        gpuCount: gpuNames.length,
        gpuModel: summariseNames(gpuNames),
      },
      sampleCount: this.count,
      trace,
      warnings,
    };
  }
}

/** Closes every source even when one throws; a failing close() is not worth losing a measurement over. */
async function closeAll(sources: readonly PowerSource[]): Promise<void> {
  await Promise.allSettled(sources.map((s) => s.close()));
}

/** `2 x NVIDIA H100 80GB HBM3` style, as CodeCarbon writes gpu_model. */
function summariseNames(names: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts].map(([n, k]) => `${k} x ${n}`).join(', ');
}
