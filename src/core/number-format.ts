/**
 * The one number formatter of every human-readable output (CLI tables, plan and ledger reports): significant
 * digits, scientific notation outside a range, en-US grouping. Presentations differ only by the options each passes
 * (the ledger's reports switch to scientific notation above 1e6 and keep 3 fraction digits; the CLI and the planner
 * above 1e12 with up to 6). Pure.
 */
import type { Range } from './range.js';

export interface NumberFormat {
  /** Significant digits (default 3). */
  readonly digits?: number;
  /** Magnitudes at or above this print in scientific notation (default 1e12); below 1e-3 always do. */
  readonly exponentAbove?: number;
  /** Most fraction digits after rounding to `digits` significant ones (default 6). */
  readonly maxFractionDigits?: number;
}

export function formatNumber(v: number, f: NumberFormat = {}): string {
  const digits = f.digits ?? 3;
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= (f.exponentAbove ?? 1e12) || a < 1e-3) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: f.maxFractionDigits ?? 6 });
}

export interface RangeFormat extends NumberFormat {
  /** Significant digits of the low and high bounds (default: `digits`). */
  readonly boundDigits?: number;
  /** Unit after the central value (`kWh`); none by default. */
  readonly unit?: string;
  /** What separates the central value from the bracketed bounds (default one space). */
  readonly gap?: string;
}

/** `value (low–high)`, or the value alone when the range is a point. */
export function formatRange(r: Range, f: RangeFormat = {}): string {
  const u = f.unit ? ` ${f.unit}` : '';
  const central = `${formatNumber(r.value, f)}${u}`;
  if (r.low === r.high) return central;
  const b = { ...f, digits: f.boundDigits ?? f.digits };
  return `${central}${f.gap ?? ' '}(${formatNumber(r.low, b)}–${formatNumber(r.high, b)})`;
}

/** A share as a percentage with `decimals` decimals (0.1234 → `12.3%` with 1, `12%` with 0). */
export function formatPercent(share: number, decimals = 0): string {
  const k = 10 ** decimals;
  return `${(Math.round(share * 100 * k) / k).toFixed(decimals)}%`;
}
