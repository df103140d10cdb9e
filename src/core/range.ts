/**
 * A quantity known within bounds: `value` is the central estimate, `low`/`high` the bounds implied by the stated
 * input ranges (not decoration). Arithmetic takes the corner bounds, as EcoLogits' RangeValue does, so every
 * derived quantity keeps the uncertainty of what produced it.
 */
export interface Range {
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

/** A range, or a plain number that is exact. */
export type RangeLike = Range | number;

export function exact(value: number): Range {
  return { value, low: value, high: value };
}

/** Builds a range; low/high are sorted so callers can pass bounds in either order. */
export function range(value: number, low: number, high: number): Range {
  return low <= high ? { value, low, high } : { value, low: high, high: low };
}

export function toRange(x: RangeLike): Range {
  return typeof x === 'number' ? exact(x) : x;
}

export function isExact(r: Range): boolean {
  return r.low === r.high;
}

export function add(a: RangeLike, b: RangeLike): Range {
  const x = toRange(a);
  const y = toRange(b);
  return { value: x.value + y.value, low: x.low + y.low, high: x.high + y.high };
}

export function sum(items: readonly RangeLike[]): Range {
  let v = 0;
  let l = 0;
  let h = 0;
  for (const it of items) {
    const r = toRange(it);
    v += r.value;
    l += r.low;
    h += r.high;
  }
  return { value: v, low: l, high: h };
}

/** Product with corner bounds (correct for any signs). */
export function mul(a: RangeLike, b: RangeLike): Range {
  const x = toRange(a);
  const y = toRange(b);
  if (x.low >= 0 && y.low >= 0) return { value: x.value * y.value, low: x.low * y.low, high: x.high * y.high };
  const c = [x.low * y.low, x.low * y.high, x.high * y.low, x.high * y.high];
  return { value: x.value * y.value, low: Math.min(...c), high: Math.max(...c) };
}

/** Multiply by an exact scalar. */
export function scale(a: Range, k: number): Range {
  return k >= 0
    ? { value: a.value * k, low: a.low * k, high: a.high * k }
    : { value: a.value * k, low: a.high * k, high: a.low * k };
}

/** Quotient; the divisor range must not contain zero. */
export function div(a: RangeLike, b: RangeLike): Range {
  const y = toRange(b);
  if (y.low <= 0 && y.high >= 0) throw new RangeError('division by a range that contains zero');
  return mul(a, { value: 1 / y.value, low: 1 / y.high, high: 1 / y.low });
}

export function map(a: Range, f: (x: number) => number): Range {
  return range(f(a.value), f(a.low), f(a.high));
}

export function maxOf(a: RangeLike, b: RangeLike): Range {
  const x = toRange(a);
  const y = toRange(b);
  return { value: Math.max(x.value, y.value), low: Math.max(x.low, y.low), high: Math.max(x.high, y.high) };
}

export function minOf(a: RangeLike, b: RangeLike): Range {
  const x = toRange(a);
  const y = toRange(b);
  return { value: Math.min(x.value, y.value), low: Math.min(x.low, y.low), high: Math.min(x.high, y.high) };
}

/** True when the value lies inside its own bounds (a sanity invariant tests check). */
export function isOrdered(r: Range): boolean {
  return r.low <= r.value * (1 + 1e-12) + 1e-300 && r.value <= r.high * (1 + 1e-12) + 1e-300;
}
