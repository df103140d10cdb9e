/**
 * Number formats the disclosure forms require. The GPAI Code of Practice Model Documentation Form writes numbers
 * as `m*10^n` and asks for ≥ 2 significant figures (AIO compute, energy, inference compute), 1 significant figure
 * (hardware-days) or the order of magnitude (NCA compute). Rounding happens only here, at the output.
 */
import { InvalidInputError } from '../core/errors.js';

function check(x: number, what: string): void {
  if (!Number.isFinite(x) || x <= 0) throw new InvalidInputError(what, `must be a positive finite number (got ${x})`);
}

/** `x` rounded to `sig` significant figures, written `m*10^n` (7.524e22, 2 → `7.5*10^22`). */
export function sciNotation(x: number, sig: number): string {
  check(x, 'value');
  const [m, e] = x.toExponential(Math.max(0, sig - 1)).split('e');
  return `${m}*10^${Number(e)}`;
}

/** The power of ten at or below `x` (7.5e22 → `10^22`): the NCA order-of-magnitude item. */
export function orderOfMagnitude(x: number): string {
  check(x, 'value');
  // toExponential rounds the mantissa, so 9.99e22 becomes 1.0e23: take the exponent from the same rounding as the
  // 2-significant-figure AIO value, so the two items never disagree.
  return `10^${Number(x.toExponential(1).split('e')[1])}`;
}

/** `x` rounded to `sig` significant figures, plain decimal with thousands separators when ≥ 1e-3 and < 1e9. */
export function sigFigs(x: number, sig = 3): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1e9 || a < 1e-3) return x.toExponential(sig - 1).replace('e+', 'e');
  const r = Number(x.toPrecision(sig));
  const decimals = Math.max(0, sig - 1 - Math.floor(Math.log10(a)));
  return r.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: decimals });
}
