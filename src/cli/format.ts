/** Human formatting: numbers with sensible precision, ranges as "value (low–high)", aligned tables. */
import type { Range } from '../core/range.js';
import { formatNumber, formatRange } from '../core/number-format.js';

export function num(v: number, digits = 3): string {
  return formatNumber(v, { digits });
}

export function rng(r: Range, unit = '', digits = 3): string {
  return formatRange(r, { unit, digits, boundDigits: 2, gap: '  ' });
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
