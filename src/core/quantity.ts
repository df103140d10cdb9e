import type { Range } from './range.js';
import { type Factor, rangeFactor } from './trace.js';

/** An input value with the provenance that must travel into the trace. */
export interface SourcedRange {
  readonly range: Range;
  readonly source: string;
  readonly assumed: boolean;
  readonly note?: string;
}

export function sourced(range: Range, source: string, assumed: boolean, note?: string): SourcedRange {
  return note === undefined ? { range, source, assumed } : { range, source, assumed, note };
}

export function toFactor(name: string, q: SourcedRange, unit: string): Factor {
  return rangeFactor(name, q.range, unit, q.source, q.assumed, q.note);
}

/** Where and how the energy is consumed: what turns kWh into carbon and water. */
export interface SiteFactors {
  /** Power usage effectiveness, facility/IT energy. */
  readonly pue: SourcedRange;
  /** Location-based grid intensity, gCO2e/kWh (GHG Protocol Scope 2). */
  readonly locationIntensityGPerKWh: SourcedRange;
  /** Market-based intensity, gCO2e/kWh (contracts, certificates, residual mix). */
  readonly marketIntensityGPerKWh: SourcedRange;
  /** On-site water usage effectiveness, L per kWh of IT energy. */
  readonly wueOnsiteLPerKWh: SourcedRange;
  /** Off-site water intensity of electricity, L per kWh. */
  readonly offsiteWaterLPerKWh: SourcedRange;
}
