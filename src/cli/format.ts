/** Human formatting: numbers with sensible precision, ranges as "value (low–high)", aligned tables. */
import type { Range } from '../core/range.js';

export function num(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e12 || a < 1e-3) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

export function rng(r: Range, unit = '', digits = 3): string {
  const u = unit ? ` ${unit}` : '';
  if (r.low === r.high) return `${num(r.value, digits)}${u}`;
  return `${num(r.value, digits)}${u}  (${num(r.low, 2)}–${num(r.high, 2)})`;
}

export function table(rows: readonly (readonly string[])[], header?: readonly string[]): string {
  const all = header ? [header, ...rows] : rows;
  const widths: number[] = [];
  for (const r of all) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  const line = (r: readonly string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const out = all.map(line);
  if (header) out.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return out.join('\n');
}

const useColor = (): boolean => !process.env.NO_COLOR && process.stdout.isTTY === true;
export function bold(s: string): string {
  return useColor() ? `\x1b[1m${s}\x1b[22m` : s;
}
export function dim(s: string): string {
  return useColor() ? `\x1b[2m${s}\x1b[22m` : s;
}
