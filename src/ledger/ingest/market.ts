/**
 * Market-based factors (GHG Protocol Scope 2 Guidance, 2015, market-based method): for a zone and a time, the
 * contractual instrument that covers it sets the covered share's factor, and the residual mix the rest. Where no
 * residual mix is given, the grid average is used and the row says so (the Guidance asks to disclose that).
 */
import type { InstrumentConfig } from '../config.js';

export interface MarketFactor {
  readonly gPerKWh: number;
  /** `instrument:<index>` or `none`. */
  readonly basis: string;
  readonly note?: string;
}

interface Window {
  readonly fromMs: number;
  readonly toMs: number;
  /** Precomputed per location-based fallback value (one per zone in practice). */
  readonly memo: Map<number, MarketFactor>;
  readonly i: number;
  readonly inst: InstrumentConfig;
}

/** Start of a `YYYY-MM` or `YYYY-MM-DD` date, UTC. */
export function dateStartMs(d: string): number {
  return Date.parse(d.length === 7 ? `${d}-01T00:00:00Z` : `${d}T00:00:00Z`);
}

/** End (exclusive) of a `YYYY-MM` (the month) or `YYYY-MM-DD` (the day), UTC. */
export function dateEndMs(d: string): number {
  if (d.length === 7) {
    const [y, m] = d.split('-').map(Number);
    return Date.UTC(y, m, 1);
  }
  return dateStartMs(d) + 86_400_000;
}

export class MarketFactors {
  private readonly byZone = new Map<string, Window[]>();

  constructor(instruments: readonly InstrumentConfig[]) {
    instruments.forEach((inst, i) => {
      const z = inst.zone.toUpperCase();
      const list = this.byZone.get(z) ?? [];
      list.push({ fromMs: dateStartMs(inst.from), toMs: dateEndMs(inst.to), memo: new Map(), i, inst });
      this.byZone.set(z, list);
    });
  }

  /** The instants (ms) at which an instrument of `zone` starts or ends, ascending: the factor is constant between them. */
  breakpoints(zone: string): number[] {
    const list = this.byZone.get(zone.toUpperCase()) ?? [];
    return [...new Set(list.flatMap((w) => [w.fromMs, w.toMs]))].sort((a, b) => a - b);
  }

  /** The market-based factor at `tsMs` in `zone`, given the zone's location-based yearly figure as the fallback. */
  at(zone: string, tsMs: number, locationGPerKWh: number): MarketFactor | undefined {
    const list = this.byZone.get(zone.toUpperCase());
    if (!list) return undefined;
    for (const w of list) {
      if (tsMs < w.fromMs || tsMs >= w.toMs) continue;
      const hit = w.memo.get(locationGPerKWh);
      if (hit) return hit;
      const c = w.inst.coverage;
      const residual = w.inst.residualMixGPerKWh;
      const rest = c < 1 ? (residual ?? locationGPerKWh) : 0;
      const note =
        c < 1 && residual === undefined
          ? `instrument ${w.i} covers ${Math.round(c * 100)}%; no residual mix given, grid average used for the rest`
          : undefined;
      const f: MarketFactor = { gPerKWh: c * w.inst.factorGPerKWh + (1 - c) * rest, basis: `instrument:${w.i}`, note };
      w.memo.set(locationGPerKWh, f);
      return f;
    }
    return undefined;
  }
}
