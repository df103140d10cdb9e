/**
 * Validation at the edge of a core estimator: each check names the field it rejects, so a caller (CLI, API) can
 * point at the exact input. Values that pass come back as plain numbers or ranges.
 */
import { InfeasibleError, InvalidInputError } from './errors.js';
import { type Range, type RangeLike, isOrdered, toRange } from './range.js';

/**
 * The highest plausible grid carbon intensity, gCO2e/kWh: no grid exceeds lignite's life-cycle ~1,100 g/kWh (IPCC
 * AR5 WG3 Annex III, Table A.III.2: pulverised coal 740–910, lignite higher), so 2,000 is a generous ceiling; a larger
 * value is a unit mistake (kg read as g, or a per-MWh figure).
 */
export const MAX_GRID_G_PER_KWH = 2000;

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

const ISO_DAY = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

function realDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate(); // day 0 of the next month = the month's last day
}

/**
 * A calendar day `YYYY-MM-DD` or month `YYYY-MM` that exists (no 2025-06-31, no 2025-02-30: `Date.parse` would roll
 * them into the next month silently). Returns the text unchanged.
 */
export function checkIsoDate(field: string, s: string): string {
  const m = ISO_DAY.exec(s);
  if (!m || !realDay(Number(m[1]), Number(m[2]), m[3] === undefined ? 1 : Number(m[3]))) {
    throw new InvalidInputError(field, `'${s}' is not a real ISO-8601 date like 2025-06-01 or month like 2025-06`, { value: s });
  }
  return s;
}

/**
 * An ISO-8601 time (`2025-06-01`, `2025-06-01T12:00Z`, `2025-06-01T12:00:00+02:00`) with a real date and clock, in
 * ms since the epoch. Other spellings (`01/06/2025`, which `Date.parse` reads as 6 January) are refused.
 */
export function checkIsoTime(field: string, s: string): number {
  const m = ISO_TIME.exec(s.trim());
  const ok = m !== null && realDay(Number(m[1]), Number(m[2]), Number(m[3])) && Number(m[4] ?? 0) < 24 && Number(m[5] ?? 0) < 60 && Number(m[6] ?? 0) < 60;
  const ms = ok ? Date.parse(m[4] === undefined ? `${m[1]}-${m[2]}-${m[3]}T00:00:00Z` : s.trim().replace(' ', 'T')) : NaN;
  if (!Number.isFinite(ms)) {
    throw new InvalidInputError(field, `'${s}' is not an ISO-8601 time (e.g. 2025-06-01 or 2025-06-01T12:00Z)`, { value: s });
  }
  return ms;
}

/**
 * A request's token counts against the model: no tokens at all has no footprint to estimate (tokens per joule would
 * be 0/0), and a request longer than the model's context window cannot be served (infeasible, exit 3).
 */
export function checkRequestTokens(
  t: { inputTokens: number; outputTokens: number; reasoningTokens?: number },
  model: { id: string; contextLength: number },
  flags = { input: '--input-tokens', output: '--output-tokens' },
): void {
  const total = t.inputTokens + t.outputTokens + (t.reasoningTokens ?? 0);
  if (total === 0) throw new InvalidInputError(flags.output, `a request with no input and no output tokens has no footprint to estimate; give ${flags.input} or ${flags.output} > 0`);
  if (total > model.contextLength) {
    throw new InfeasibleError(
      `${flags.input} ${t.inputTokens} + ${flags.output} ${t.outputTokens}${t.reasoningTokens ? ` + reasoning ${t.reasoningTokens}` : ''} = ${total} tokens exceeds ${model.id}'s context window of ${model.contextLength} tokens`,
      { field: flags.input, contextLength: model.contextLength },
    );
  }
}
