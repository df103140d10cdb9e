/** Number formatting for reports (the CLI has its own; plan/ must not import cli/). */
import type { Range } from '../../core/range.js';

export function n3(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e12 || a < 1e-3) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

export function r3(r: Range): string {
  return r.low === r.high ? n3(r.value) : `${n3(r.value)} (${n3(r.low, 2)}–${n3(r.high, 2)})`;
}

export function pct(x: number): string {
  return `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
}
