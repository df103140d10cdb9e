/**
 * The trace of an estimate: every factor that went into it, with its unit and where it came from. An assumed
 * factor (a default, a fallback, a modelling choice) says so; a fact cites its publication or dataset.
 */
export interface Factor {
  /** Machine name of the factor, e.g. `pue`, `gridIntensityGPerKWh`. */
  readonly name: string;
  readonly value: number;
  readonly low?: number;
  readonly high?: number;
  /** Unit of the value, e.g. `W`, `gCO2e/kWh`, `L/kWh`, `1` for dimensionless. */
  readonly unit: string;
  /** Publication, dataset or user input the value comes from. */
  readonly source: string;
  /** True when the value is an assumption or fallback rather than a published/measured fact. */
  readonly assumed: boolean;
  /** Optional extra words: which fallback was taken, the factor type (lifecycle/direct), etc. */
  readonly note?: string;
}

export type Trace = readonly Factor[];

/** Where the energy boundary is drawn. Embodied carbon is always reported beside operational, never inside. */
export type Boundary = 'gpu' | 'server' | 'facility';
export const BOUNDARIES: readonly Boundary[] = ['gpu', 'server', 'facility'];

/** How a footprint was obtained, best first. */
export type MethodTier = 'measured' | 'modeled:deployment' | 'modeled:provider';

export function factor(
  name: string,
  value: number,
  unit: string,
  source: string,
  assumed: boolean,
  extra?: { low?: number; high?: number; note?: string },
): Factor {
  return { name, value, unit, source, assumed, ...extra };
}

/** A factor from a range-valued input. */
export function rangeFactor(
  name: string,
  r: { value: number; low: number; high: number },
  unit: string,
  source: string,
  assumed: boolean,
  note?: string,
): Factor {
  return note === undefined
    ? { name, value: r.value, low: r.low, high: r.high, unit, source, assumed }
    : { name, value: r.value, low: r.low, high: r.high, unit, source, assumed, note };
}
