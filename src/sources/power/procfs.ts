/**
 * Fallback power models for machines without readable energy counters:
 *
 * - CPU: utilisation from /proc/stat × the CPU's rated power (src/catalog/cpu-tdp.ts), scaled to the hardware
 *   threads this machine sees. P = rated × max(u, 0.1): CodeCarbon's `cpu_load` mode (linear, floor 10 % of TDP,
 *   `codecarbon/external/hardware.py`). Its range runs from CodeCarbon's cubic machine-mode curve
 *   0.1 + 0.9·u³ (at most 0.39× the linear one, at u ≈ 0.38) to 1.25× (Intel's default short-term turbo limit
 *   PL2 = 1.25 × PL1 in its desktop processor datasheets; AMD PPT = 1.35 × TDP on AM4/AM5 is similar).
 * - RAM: 3 W per 8 GB of installed memory (0.375 W/GB), CodeCarbon v2's rule (`codecarbon/external/hardware.py`
 *   class RAM, "3 Watts for 8 GB"). CodeCarbon v3's DIMM rule gives 20 W for 32 GB, 1.67× this; we take that as
 *   the high end and half as the low end (assumed).
 *
 * Both measure the whole machine (CodeCarbon's `tracking_mode=machine`), as the counters do.
 */
import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { defaultWattsPerThread, findCpuTdp } from '../../catalog/cpu-tdp.js';
import {
  type Availability,
  type PowerComponent,
  type PowerSampleSource,
  type Precision,
  reasonOf,
} from './power-source.js';

export const DEFAULT_PROC_ROOT = '/proc';

/** CodeCarbon cpu_load mode floor: power never below 10 % of TDP. */
export const CPU_LOAD_FLOOR = 0.1;
/** min over u of (0.1 + 0.9u³)/max(u, 0.1) — CodeCarbon's cubic curve relative to its linear one (u ≈ 0.382). */
export const CPU_MODEL_LOW = 0.39;
/** Intel default PL2 = 1.25 × PL1 (TDP), desktop processor datasheets. */
export const CPU_MODEL_HIGH = 1.25;
/** CodeCarbon v2: 3 W per 8 GB of RAM. */
export const RAM_W_PER_GB = 3 / 8;

export interface CpuInfo {
  readonly model: string;
  /** Hardware threads this machine (or container's kernel view) lists in /proc/stat. */
  readonly threads: number;
}

/** Model name and thread count from /proc/cpuinfo and /proc/stat. */
export function readCpuInfo(procRoot = process.env.TOKENPRINT_PROC_ROOT ?? DEFAULT_PROC_ROOT): CpuInfo {
  let model = 'unknown';
  try {
    const info = readFileSync(join(procRoot, 'cpuinfo'), 'utf8');
    const m = /^(?:model name|Model|Hardware|cpu model)\s*:\s*(.+)$/m.exec(info);
    if (m) model = m[1].trim();
  } catch {
    // no cpuinfo (not Linux): the model stays unknown and the default per-thread power applies
  }
  let threads = 0;
  try {
    threads = readFileSync(join(procRoot, 'stat'), 'utf8').split('\n').filter((l) => /^cpu\d+\s/.test(l)).length;
  } catch {
    threads = 0;
  }
  return { model, threads };
}

interface Jiffies {
  readonly busy: number;
  readonly total: number;
}

/** Aggregate `cpu` line of /proc/stat: busy excludes idle, iowait and steal (time the hypervisor gave elsewhere). */
export function parseProcStat(text: string): Jiffies {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('no aggregate "cpu" line in /proc/stat');
  const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = f;
  const busy = user + nice + system + irq + softirq;
  return { busy, total: busy + idle + iowait + steal };
}

export interface CpuModelOptions {
  readonly procRoot?: string;
  /** Rated power of all the CPUs this machine sees, W; overrides the table (user input). */
  readonly cpuTdpW?: number;
}

export interface RatedCpu {
  readonly ratedW: number;
  readonly low: number;
  readonly high: number;
  readonly source: string;
  readonly assumed: boolean;
  readonly note: string;
}

/** Rated power of the threads this machine sees: a user value, a table entry scaled by threads, or the default. */
export function ratedCpuPower(info: CpuInfo, userTdpW?: number): RatedCpu {
  if (userTdpW !== undefined) {
    return { ratedW: userTdpW, low: CPU_MODEL_LOW, high: CPU_MODEL_HIGH, source: 'user input (--cpu-tdp)', assumed: false, note: 'rated power given by the user' };
  }
  const threads = Math.max(info.threads, 1);
  const hit = findCpuTdp(info.model);
  if (hit) {
    return {
      ratedW: (hit.tdpW * threads) / hit.threads,
      low: CPU_MODEL_LOW,
      high: CPU_MODEL_HIGH,
      source: `${hit.source}: ${hit.model} ${hit.tdpW} W, ${hit.threads} threads`,
      assumed: false,
      note: `${hit.model}: ${hit.tdpW} W × ${threads}/${hit.threads} threads seen`,
    };
  }
  const d = defaultWattsPerThread();
  return {
    ratedW: d.value * threads,
    low: CPU_MODEL_LOW * (d.low / d.value),
    high: CPU_MODEL_HIGH * (d.high / d.value),
    source: d.source,
    assumed: true,
    note: `CPU model '${info.model}' is not in the TDP table: ${d.value.toFixed(2)} W per thread × ${threads} threads (default)`,
  };
}

/** CPU power from utilisation × rated power; `sample()` is the mean power since the previous call. */
export class ProcfsCpuSource implements PowerSampleSource {
  readonly kind = 'power' as const;
  readonly sampleMeaning = 'mean-since-last' as const;
  readonly name = 'procfs-tdp';
  readonly component: PowerComponent = 'cpu';
  readonly description: string;
  readonly precision: Precision;
  readonly rated: RatedCpu;
  readonly info: CpuInfo;
  private readonly procRoot: string;
  private last: Jiffies | undefined;

  constructor(o: CpuModelOptions = {}) {
    this.procRoot = o.procRoot ?? process.env.TOKENPRINT_PROC_ROOT ?? DEFAULT_PROC_ROOT;
    this.info = readCpuInfo(this.procRoot);
    this.rated = ratedCpuPower(this.info, o.cpuTdpW);
    this.description = `modelled: /proc/stat utilisation × rated ${this.rated.ratedW.toFixed(1)} W (${this.rated.note}), floor 10 %`;
    this.precision = {
      kind: 'modeled',
      low: this.rated.low,
      high: this.rated.high,
      source: `CodeCarbon cpu_load curves (linear with 10 % floor; cubic 0.1+0.9u³ as low), Intel PL2 = 1.25×TDP as high; rated power: ${this.rated.source}`,
      assumed: true,
    };
  }

  private readStat(): Jiffies {
    return parseProcStat(readFileSync(join(this.procRoot, 'stat'), 'utf8'));
  }

  async probe(): Promise<Availability> {
    try {
      this.readStat();
    } catch (err) {
      return { available: false, reason: `cannot read ${join(this.procRoot, 'stat')}: ${reasonOf(err)}` };
    }
    return {
      available: true,
      devices: [{ id: 'cpu', name: this.info.model }],
      detail: this.description,
    };
  }

  async open(): Promise<void> {
    this.last = this.readStat();
  }

  /** Power from the utilisation since the previous call; the first call after open() uses the jiffies since open(). */
  async sample(): Promise<number> {
    const cur = this.readStat();
    const prev = this.last ?? cur;
    this.last = cur;
    const dt = cur.total - prev.total;
    const u = dt > 0 ? Math.min(1, Math.max(0, (cur.busy - prev.busy) / dt)) : 0;
    return cpuPowerW(this.rated.ratedW, u);
  }

  async close(): Promise<void> {
    this.last = undefined;
  }
}

/** CodeCarbon cpu_load mode: rated × max(u, 0.1). */
export function cpuPowerW(ratedW: number, utilisation: number): number {
  return ratedW * Math.max(utilisation, CPU_LOAD_FLOOR);
}

export interface RamRuleOptions {
  /** Installed memory, GB (10⁹ bytes); default os.totalmem(). */
  readonly ramGB?: number;
}

/** RAM power as 3 W per 8 GB of installed memory (constant). */
export class RamRuleSource implements PowerSampleSource {
  readonly kind = 'power' as const;
  readonly sampleMeaning = 'instant' as const;
  readonly name = 'ram-rule';
  readonly component: PowerComponent = 'ram';
  readonly description: string;
  readonly precision: Precision = {
    kind: 'modeled',
    low: 0.5,
    high: 20 / 12,
    source: 'CodeCarbon v2 rule 3 W per 8 GB; high: CodeCarbon v3 DIMM rule (20 W for 32 GB = 1.67×); low 0.5× assumed',
    assumed: true,
  };
  readonly ramGB: number;
  readonly powerW: number;

  constructor(o: RamRuleOptions = {}) {
    this.ramGB = o.ramGB ?? totalmem() / 1e9;
    this.powerW = this.ramGB * RAM_W_PER_GB;
    this.description = `modelled: 3 W per 8 GB × ${this.ramGB.toFixed(1)} GB installed = ${this.powerW.toFixed(1)} W (whole machine)`;
  }

  async probe(): Promise<Availability> {
    return { available: true, devices: [{ id: 'ram', name: `${this.ramGB.toFixed(1)} GB` }], detail: this.description };
  }
  async open(): Promise<void> {}
  async sample(): Promise<number> {
    return this.powerW;
  }
  async close(): Promise<void> {}
}
