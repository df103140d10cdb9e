/** Human formatting: numbers with sensible precision, ranges as "value (low–high)", aligned tables. */
import type { Range } from '../core/range.js';
import { formatNumber, formatRange } from '../core/number-format.js';

export function num(v: number, digits = 3): string {
  return formatNumber(v, { digits });
}

/** Total water and its parts: `12.3 L (on-site 4.1 + off-site 8.2)`; the parts n/a for rows stored before the split. */
export function waterText(w: { waterL: number; waterOnsiteL: number | null; waterOffsiteL: number | null }): string {
  const parts = w.waterOnsiteL === null || w.waterOffsiteL === null ? 'on-site/off-site n/a until restated' : `on-site ${num(w.waterOnsiteL)} + off-site ${num(w.waterOffsiteL)}`;
  return `${num(w.waterL)} L (${parts})`;
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

/** Columns a table may take: the terminal's width, else $COLUMNS, else 120 (a pipe or a file). */
export function terminalWidth(): number {
  const env = Number(process.env.COLUMNS);
  return process.stdout.columns ?? (Number.isInteger(env) && env > 20 ? env : 120);
}

/**
 * A table that fits `width`: when the full one is wider and `wide` is not set, the low–high ranges are dropped
 * (central values stay) and a note says how to see them. Returns the table and that note (empty when nothing was
 * dropped).
 */
export function fitTable(rows: readonly (readonly string[])[], header: readonly string[], o: { wide?: boolean; width?: number } = {}): { text: string; note: string } {
  const full = table(rows, header);
  const width = o.width ?? terminalWidth();
  if (o.wide || full.split('\n').every((l) => l.length <= width)) return { text: full, note: '' };
  let cells = rows.map((r) => r.map((c) => c.replace(/\s+\([^()]*–[^()]*\)$/, '')));
  let head = [...header];
  const fits = (t: string): boolean => t.split('\n').every((l) => l.length <= width);
  // Still too wide: the last columns go, one at a time (the first ones name the row and hold the totals).
  const dropped: string[] = [];
  while (!fits(table(cells, head)) && head.length > 3) {
    dropped.unshift(head[head.length - 1]);
    head = head.slice(0, -1);
    cells = cells.map((r) => r.slice(0, -1));
  }
  const what = dropped.length ? `low–high ranges and the columns ${dropped.join(', ')}` : 'low–high ranges';
  return { text: table(cells, head), note: `(${what} left out to fit ${width} columns: --wide shows them, --json has everything)` };
}
