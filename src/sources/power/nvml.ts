/**
 * NVIDIA GPUs through the driver's own library, `libnvidia-ml.so.1`, called with the koffi FFI package (prebuilt
 * binaries: nothing is compiled at install). Per device we read the hardware energy counter
 * `nvmlDeviceGetTotalEnergyConsumption` (mJ since the driver was loaded; Volta and newer), as Zeus and CodeCarbon
 * do; a device without it (NVML_ERROR_NOT_SUPPORTED) is sampled with `nvmlDeviceGetPowerUsage` (mW) and
 * integrated by the trapezoid rule, and the source then says its precision is `sampled`.
 *
 * NVML API reference: docs.nvidia.com/deploy/nvml-api (Device Queries). The library path can be overridden with
 * the env `TOKENPRINT_NVML_LIB` (tests load a stand-in built from C).
 */
import {
  type Availability,
  type EnergyCounterSource,
  type PowerComponent,
  type PowerDevice,
  type Precision,
  reasonOf,
} from './power-source.js';

export const DEFAULT_NVML_LIB = 'libnvidia-ml.so.1';

const NVML_SUCCESS = 0;
const NVML_ERROR_NOT_SUPPORTED = 3;
/** nvmlReturn_t names (nvml.h), for messages when nvmlErrorString is missing. */
const NVML_ERRORS: Record<number, string> = {
  1: 'NVML_ERROR_UNINITIALIZED',
  2: 'NVML_ERROR_INVALID_ARGUMENT',
  3: 'NVML_ERROR_NOT_SUPPORTED',
  4: 'NVML_ERROR_NO_PERMISSION',
  6: 'NVML_ERROR_NOT_FOUND',
  9: 'NVML_ERROR_DRIVER_NOT_LOADED',
  12: 'NVML_ERROR_LIBRARY_NOT_FOUND',
  15: 'NVML_ERROR_GPU_IS_LOST',
  999: 'NVML_ERROR_UNKNOWN',
};

/**
 * Assumed ±5 %: NVIDIA documents board power readings as accurate to ±5 W (`nvidia-smi --help-query-gpu`,
 * power.draw), i.e. 0.7–5 % of a 100–700 W board; the energy counter integrates the same sensor without gaps.
 */
export const NVML_COUNTER_PRECISION: Precision = {
  kind: 'counter',
  low: 0.95,
  high: 1.05,
  source: 'assumption: NVIDIA documents board power to ±5 W (nvidia-smi --help-query-gpu); counter integrates it without gaps',
  assumed: true,
};

/**
 * Assumed ±10 % for sampled power: Yang, Adamek & Armour, "Part-time Power Measurements: nvidia-smi's Lack of
 * Attention" (arXiv 2312.02741, 2023) show the A100/H100 power reading covers only part of each update period, so
 * short kernels can be missed.
 */
export const GPU_SAMPLED_PRECISION: Precision = {
  kind: 'sampled',
  low: 0.9,
  high: 1.1,
  source: 'assumption, after Yang et al. 2023 (arXiv 2312.02741): sampled GPU power sees part of each period only',
  assumed: true,
};

interface NvmlApi {
  init(): number;
  shutdown(): number;
  getCount(out: number[]): number;
  getHandle(i: number, out: unknown[]): number;
  getEnergy(dev: unknown, out: (number | bigint)[]): number;
  getPower(dev: unknown, out: number[]): number;
  getName?(dev: unknown, buf: Buffer, len: number): number;
  errorString?(code: number): string;
  unload(): void;
}

let deviceType: unknown;

async function loadNvml(path: string): Promise<NvmlApi> {
  const koffi = (await import('koffi')).default;
  const lib = koffi.load(path);
  deviceType ??= koffi.pointer('tokenprint_nvmlDevice_t', koffi.opaque());
  const optional = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch {
      return undefined; // symbol missing in this library version
    }
  };
  const init = lib.func('int nvmlInit_v2()');
  const shutdown = lib.func('int nvmlShutdown()');
  const getCount = lib.func('int nvmlDeviceGetCount_v2(_Out_ unsigned int *count)');
  const getHandle = lib.func('nvmlDeviceGetHandleByIndex_v2', 'int', ['unsigned int', koffi.out(koffi.pointer(deviceType as never))]);
  const getEnergy = lib.func('nvmlDeviceGetTotalEnergyConsumption', 'int', [deviceType as never, koffi.out(koffi.pointer('unsigned long long'))]);
  const getPower = lib.func('nvmlDeviceGetPowerUsage', 'int', [deviceType as never, koffi.out(koffi.pointer('unsigned int'))]);
  const getName = optional(() => lib.func('nvmlDeviceGetName', 'int', [deviceType as never, 'char *', 'unsigned int']));
  const errorString = optional(() => lib.func('const char *nvmlErrorString(int result)'));
  return {
    init: () => init() as number,
    shutdown: () => shutdown() as number,
    getCount: (out) => getCount(out) as number,
    getHandle: (i, out) => getHandle(i, out) as number,
    getEnergy: (dev, out) => getEnergy(dev, out) as number,
    getPower: (dev, out) => getPower(dev, out) as number,
    getName: getName ? (dev, buf, len) => getName(dev, buf, len) as number : undefined,
    errorString: errorString ? (code) => errorString(code) as string : undefined,
    unload: () => lib.unload(),
  };
}

interface Device {
  readonly index: number;
  readonly handle: unknown;
  readonly name: string;
  readonly hasCounter: boolean;
  /** Counter baseline (mJ) or, for sampled devices, the last power (W) and its time (ms). */
  baseMj: number;
  lastW: number;
  lastT: number;
  sampledJ: number;
}

export interface NvmlOptions {
  /** Library path; default env `TOKENPRINT_NVML_LIB`, else `libnvidia-ml.so.1` (found by the dynamic loader). */
  readonly libraryPath?: string;
  /** Device indices to read; default all. */
  readonly gpuIds?: readonly number[];
  /** Clock in ms for integrating sampled devices; default performance.now. */
  readonly now?: () => number;
}

export class NvmlSource implements EnergyCounterSource {
  readonly kind = 'energy' as const;
  readonly name = 'nvml';
  readonly component: PowerComponent = 'gpu';
  private readonly libraryPath: string;
  private readonly gpuIds: readonly number[] | undefined;
  private readonly now: () => number;
  private api: NvmlApi | undefined;
  private devices: Device[] = [];
  private allCounters = true;

  constructor(o: NvmlOptions = {}) {
    this.libraryPath = o.libraryPath ?? process.env.TOKENPRINT_NVML_LIB ?? DEFAULT_NVML_LIB;
    this.gpuIds = o.gpuIds;
    this.now = o.now ?? (() => performance.now());
  }

  get description(): string {
    return this.allCounters
      ? 'NVML total-energy counters (nvmlDeviceGetTotalEnergyConsumption, mJ), all GPUs summed'
      : 'NVML: energy counters where supported, else nvmlDeviceGetPowerUsage sampled and integrated';
  }

  get precision(): Precision {
    return this.allCounters ? NVML_COUNTER_PRECISION : GPU_SAMPLED_PRECISION;
  }

  private err(code: number): string {
    const s = this.api?.errorString?.(code);
    return `${NVML_ERRORS[code] ?? `code ${code}`}${s ? ` (${s})` : ''}`;
  }

  /** Loads the library and lists devices; leaves NVML initialised on success. */
  private async connect(): Promise<PowerDevice[]> {
    if (!this.api) {
      try {
        this.api = await loadNvml(this.libraryPath);
      } catch (err) {
        throw new Error(`cannot load ${this.libraryPath} (no NVIDIA driver here?): ${reasonOf(err)}`);
      }
    }
    const api = this.api;
    const rc = api.init();
    if (rc !== NVML_SUCCESS) throw new Error(`nvmlInit_v2 failed: ${this.err(rc)}`);
    const count = [0];
    const rcCount = api.getCount(count);
    if (rcCount !== NVML_SUCCESS) throw new Error(`nvmlDeviceGetCount_v2 failed: ${this.err(rcCount)}`);
    if (count[0] === 0) throw new Error('NVML found no GPU');
    const ids = this.gpuIds ?? Array.from({ length: count[0] }, (_, i) => i);
    this.devices = [];
    this.allCounters = true;
    for (const i of ids) {
      if (i >= count[0]) throw new Error(`GPU index ${i} does not exist (NVML sees ${count[0]})`);
      const h: unknown[] = [null];
      const rcH = api.getHandle(i, h);
      if (rcH !== NVML_SUCCESS) throw new Error(`nvmlDeviceGetHandleByIndex_v2(${i}) failed: ${this.err(rcH)}`);
      let name = `GPU ${i}`;
      if (api.getName) {
        const buf = Buffer.alloc(96);
        if (api.getName(h[0], buf, buf.length) === NVML_SUCCESS) name = buf.toString('utf8', 0, Math.max(0, buf.indexOf(0))) || name;
      }
      const e: (number | bigint)[] = [0];
      const rcE = api.getEnergy(h[0], e);
      const hasCounter = rcE === NVML_SUCCESS;
      if (!hasCounter && rcE !== NVML_ERROR_NOT_SUPPORTED) throw new Error(`nvmlDeviceGetTotalEnergyConsumption(${i}) failed: ${this.err(rcE)}`);
      if (!hasCounter) {
        const p = [0];
        const rcP = api.getPower(h[0], p);
        if (rcP !== NVML_SUCCESS) throw new Error(`GPU ${i} has neither an energy counter nor power readings: ${this.err(rcP)}`);
        this.allCounters = false;
      }
      this.devices.push({ index: i, handle: h[0], name, hasCounter, baseMj: Number(e[0]), lastW: 0, lastT: 0, sampledJ: 0 });
    }
    return this.devices.map((d) => ({ id: `gpu${d.index}`, name: d.name }));
  }

  async probe(): Promise<Availability> {
    try {
      const devices = await this.connect();
      const sampled = this.devices.filter((d) => !d.hasCounter).map((d) => d.index);
      const detail =
        `${devices.length} GPU(s): ${devices.map((d) => d.name).join(', ')}` +
        (sampled.length ? `; GPU ${sampled.join(', ')} without energy counter (NVML_ERROR_NOT_SUPPORTED): power sampled` : '');
      return { available: true, devices, detail };
    } catch (err) {
      await this.close();
      return { available: false, reason: reasonOf(err) };
    }
  }

  async open(): Promise<void> {
    if (this.devices.length === 0) await this.connect();
    const t = this.now();
    for (const d of this.devices) {
      if (d.hasCounter) d.baseMj = this.readCounterMj(d);
      else {
        d.lastW = this.readPowerW(d);
        d.lastT = t;
        d.sampledJ = 0;
      }
    }
  }

  private readCounterMj(d: Device): number {
    const e: (number | bigint)[] = [0];
    const rc = this.api!.getEnergy(d.handle, e);
    if (rc !== NVML_SUCCESS) throw new Error(`nvmlDeviceGetTotalEnergyConsumption(${d.index}) failed: ${this.err(rc)}`);
    return Number(e[0]);
  }

  private readPowerW(d: Device): number {
    const p = [0];
    const rc = this.api!.getPower(d.handle, p);
    if (rc !== NVML_SUCCESS) throw new Error(`nvmlDeviceGetPowerUsage(${d.index}) failed: ${this.err(rc)}`);
    return p[0] / 1000;
  }

  /** J since open(), all selected GPUs summed. */
  async read(): Promise<number> {
    const t = this.now();
    let j = 0;
    for (const d of this.devices) {
      if (d.hasCounter) j += (this.readCounterMj(d) - d.baseMj) / 1000;
      else {
        const w = this.readPowerW(d);
        d.sampledJ += ((d.lastW + w) / 2) * ((t - d.lastT) / 1000);
        d.lastW = w;
        d.lastT = t;
        j += d.sampledJ;
      }
    }
    return j;
  }

  async close(): Promise<void> {
    const api = this.api;
    this.api = undefined;
    this.devices = [];
    if (!api) return;
    try {
      api.shutdown();
    } finally {
      api.unload();
    }
  }
}
