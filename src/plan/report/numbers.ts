/** The plan report's presentation of numbers (the formatter is core/number-format.ts, shared with the CLI and ledger). */
import type { Range } from '../../core/range.js';
import { formatNumber, formatPercent, formatRange } from '../../core/number-format.js';

export function n3(v: number, digits = 3): string {
  return formatNumber(v, { digits });
}

export function r3(r: Range): string {
  return formatRange(r, { boundDigits: 2 });
}

export function pct(x: number): string {
  return formatPercent(x, 1);
}
