/**
 * RAPL energy counters through the Linux powercap tree (`/sys/class/powercap/intel-rapl:*`). Intel and, since
 * Linux 5.8, AMD Zen (the `intel_rapl` driver registers AMD packages in the same tree) expose cumulative µJ
 * counters per domain: `package-N` (cores + uncore) and, where present, `dram`. Counters wrap at
 * `max_energy_range_uj`; we add the range back when a reading is below the previous one (Linux
 * Documentation/power/powercap/powercap.rst: `energy_uj` is a counter that wraps, its range is
 * `max_energy_range_uj`).
 *
 * Since Linux 5.10 `energy_uj` is readable by root only (CVE-2020-8694, the "Platypus" power side channel), so
 * the most common failure is EACCES; the probe's reason says how to grant access.
 *
 * `intel-rapl-mmio:*` zones are skipped: on client parts they duplicate `package-0` (CodeCarbon reads one or the
 * other for the same reason).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Availability,
  type EnergyCounterSource,
  type PowerComponent,
  type PowerDevice,
  type Precision,
  errnoOf,
  reasonOf,
} from './power-source.js';

export const DEFAULT_POWERCAP_ROOT = '/sys/class/powercap';

/** RAPL domains we read: the CPU packages (component cpu) or DRAM (component ram). */
export type RaplDomain = 'package' | 'dram';

export interface RaplOptions {
  readonly domain: RaplDomain;
  /** Root of the powercap class tree; default env `TOKENPRINT_POWERCAP_ROOT`, else `/sys/class/powercap`. */
  readonly root?: string;
  /** File reader, injectable for tests; default `readFileSync(path, 'utf8')`. */
  readonly readText?: (path: string) => string;
}

/**
 * Assumed ±5 %: Khan et al., "RAPL in Action: Experiences in Using RAPL for Power Measurements", ACM TOMPECS 3(2),
 * 2018, find package RAPL on Haswell and later tracks external power measurements closely (high correlation, small
 * offset); it omits board components outside the package, which is why the boundary is "package" not "server".
 */
export const RAPL_PRECISION: Precision = {
  kind: 'counter',
  low: 0.95,
  high: 1.05,
  source: 'assumption, after Khan et al. 2018 (RAPL in Action, ACM TOMPECS 3(2)): RAPL tracks external meters closely on Haswell+',
  assumed: true,
};

interface Zone {
  readonly dir: string;
  readonly name: string;
  readonly maxRangeUj: number;
}

export function permissionHint(file: string): string {
  return (
    `${file} is readable only by root (Linux ≥ 5.10 restricts RAPL counters after CVE-2020-8694). ` +
    `Grant read access until the next reboot with \`sudo chmod a+r /sys/class/powercap/intel-rapl:*/energy_uj ` +
    `/sys/class/powercap/intel-rapl:*:*/energy_uj\`, or permanently with a systemd-tmpfiles line ` +
    `\`z /sys/class/powercap/intel-rapl:*/energy_uj 0444 root root -\` (see docs/measure.md), or run as root.`
  );
}

export class RaplSource implements EnergyCounterSource {
  readonly kind = 'energy' as const;
  readonly name = 'rapl';
  readonly component: PowerComponent;
  readonly description: string;
  readonly precision = RAPL_PRECISION;
  private readonly root: string;
  private readonly domain: RaplDomain;
  private readonly readText: (path: string) => string;
  private zones: Zone[] = [];
  private last: number[] = [];
  private totalUj = 0;

  constructor(o: RaplOptions) {
    this.domain = o.domain;
    this.root = o.root ?? process.env.TOKENPRINT_POWERCAP_ROOT ?? DEFAULT_POWERCAP_ROOT;
    this.readText = o.readText ?? ((p) => readFileSync(p, 'utf8'));
    this.component = o.domain === 'package' ? 'cpu' : 'ram';
    this.description =
      o.domain === 'package'
        ? 'RAPL package energy counters (CPU cores + uncore), powercap sysfs'
        : 'RAPL DRAM energy counters, powercap sysfs';
  }

  private findZones(): Zone[] {
    const entries = readdirSync(this.root).filter((n) => /^intel-rapl:\d+(?::\d+)*$/.test(n)).sort();
    const zones: Zone[] = [];
    for (const e of entries) {
      const dir = join(this.root, e);
      let name: string;
      try {
        name = this.readText(join(dir, 'name')).trim();
      } catch {
        continue; // a zone without a readable name is not one we can classify
      }
      const wanted = this.domain === 'package' ? /^package-\d+$/.test(name) : name === 'dram';
      if (!wanted) continue;
      const maxRangeUj = Number(this.readText(join(dir, 'max_energy_range_uj')).trim());
      zones.push({ dir, name: `${e} (${name})`, maxRangeUj: Number.isFinite(maxRangeUj) && maxRangeUj > 0 ? maxRangeUj : 0 });
    }
    return zones;
  }

  private readZone(z: Zone): number {
    const v = Number(this.readText(join(z.dir, 'energy_uj')).trim());
    if (!Number.isFinite(v)) throw new Error(`${join(z.dir, 'energy_uj')} does not hold a number`);
    return v;
  }

  async probe(): Promise<Availability> {
    let zones: Zone[];
    try {
      zones = this.findZones();
    } catch (err) {
      const code = errnoOf(err);
      if (code === 'ENOENT') return { available: false, reason: `no powercap tree at ${this.root} (no RAPL driver, a VM, or not Linux)` };
      return { available: false, reason: `cannot list ${this.root}: ${reasonOf(err)}` };
    }
    if (zones.length === 0) {
      return { available: false, reason: `no RAPL ${this.domain === 'package' ? 'package-N' : 'dram'} domain under ${this.root}` };
    }
    for (const z of zones) {
      try {
        this.readZone(z);
      } catch (err) {
        const file = join(z.dir, 'energy_uj');
        if (errnoOf(err) === 'EACCES' || errnoOf(err) === 'EPERM') return { available: false, reason: permissionHint(file) };
        return { available: false, reason: `cannot read ${file}: ${reasonOf(err)}` };
      }
    }
    const devices: PowerDevice[] = zones.map((z) => ({ id: z.name.split(' ')[0], name: z.name }));
    return { available: true, devices, detail: `${zones.length} domain(s): ${zones.map((z) => z.name).join(', ')}` };
  }

  async open(): Promise<void> {
    this.zones = this.findZones();
    this.last = this.zones.map((z) => this.readZone(z));
    this.totalUj = 0;
  }

  /** Cumulative J since open(); a reading below the previous one is a wrap: add the counter's range back. */
  async read(): Promise<number> {
    for (let i = 0; i < this.zones.length; i++) {
      const cur = this.readZone(this.zones[i]);
      this.totalUj += counterDelta(this.last[i], cur, this.zones[i].maxRangeUj);
      this.last[i] = cur;
    }
    return this.totalUj / 1e6;
  }

  async close(): Promise<void> {
    this.zones = [];
  }
}

/** Increase of a wrapping counter from `prev` to `cur`, whose values run 0…`range`. */
export function counterDelta(prev: number, cur: number, range: number): number {
  if (cur >= prev) return cur - prev;
  return range > 0 ? range - prev + cur : cur;
}
