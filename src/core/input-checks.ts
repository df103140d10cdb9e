/**
 * Validation at the edge of a core estimator: each check names the field it rejects, so a caller (CLI, API) can
 * point at the exact input. Values that pass come back as plain numbers or ranges.
 */
import { InvalidInputError } from './errors.js';
import { type Range, type RangeLike, isOrdered, toRange } from './range.js';

export interface Bounds {
  /** Smallest allowed value (inclusive unless `minExclusive`). */
  readonly min?: number;
  readonly minExclusive?: boolean;
  /** Largest allowed value, inclusive. */
  readonly max?: number;
}

function describe(b: Bounds): string {
  const lo = b.min === undefined ? '' : b.minExclusive ? `> ${b.min}` : `≥ ${b.min}`;
  const hi = b.max === undefined ? '' : `≤ ${b.max}`;
  return [lo, hi].filter((s) => s !== '').join(' and ') || 'finite';
}

function within(x: number, b: Bounds): boolean {
  if (!Number.isFinite(x)) return false;
  if (b.min !== undefined && (b.minExclusive ? !(x > b.min) : !(x >= b.min))) return false;
  return !(b.max !== undefined && x > b.max);
}

export function checkNumber(field: string, x: number, b: Bounds = {}): number {
  if (typeof x !== 'number' || !within(x, b)) {
    throw new InvalidInputError(field, `must be a number ${describe(b)}, got ${String(x)}`, { value: x });
  }
  return x;
}

/** A range whose value, low and high are all finite, ordered (low ≤ value ≤ high) and within the bounds. */
export function checkRange(field: string, x: RangeLike, b: Bounds = {}): Range {
  if (typeof x === 'number') return toRange(checkNumber(field, x, b));
  const r = x;
  if (!within(r.low, b) || !within(r.value, b) || !within(r.high, b)) {
    throw new InvalidInputError(field, `value, low and high must be numbers ${describe(b)}`, { value: r });
  }
  if (!isOrdered(r)) throw new InvalidInputError(field, 'needs low ≤ value ≤ high', { value: r });
  return r;
}
