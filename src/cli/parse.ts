/** Parsers for CLI values: each names the flag it failed on and says what is expected. */
import { InvalidInputError } from '../core/errors.js';

const SUFFIX: Record<string, number> = { k: 1e3, K: 1e3, M: 1e6, B: 1e9, G: 1e9, T: 1e12 };

/** Parses `7e9`, `7B`, `15T`, `1.5M`, `300k`, `1_000` into a number. */
export function parseAmount(raw: string, flag: string): number {
  const s = raw.trim().replace(/_/g, '');
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([kKMBGT]?)$/i.exec(s);
  if (!m) {
    throw new InvalidInputError(flag, `'${raw}' is not a number (examples: 8, 7e9, 7B, 15T, 1.5M, 300k)`);
  }
  const unit = m[2] === '' ? 1 : SUFFIX[m[2]] ?? SUFFIX[m[2].toUpperCase()];
  if (unit === undefined) throw new InvalidInputError(flag, `unknown suffix in '${raw}' (use k, M, B, T)`);
  return Number(m[1]) * unit;
}

export function parsePositive(raw: string, flag: string): number {
  const v = parseAmount(raw, flag);
  if (!(v > 0) || !Number.isFinite(v)) throw new InvalidInputError(flag, `must be greater than zero, got '${raw}'`);
  return v;
}

export function parseNonNegative(raw: string, flag: string): number {
  const v = parseAmount(raw, flag);
  if (!(v >= 0) || !Number.isFinite(v)) throw new InvalidInputError(flag, `must be zero or more, got '${raw}'`);
  return v;
}

export function parsePositiveInt(raw: string, flag: string): number {
  const v = parsePositive(raw, flag);
  if (!Number.isInteger(v)) throw new InvalidInputError(flag, `must be a whole number, got '${raw}'`);
  return v;
}

export function parseNonNegativeInt(raw: string, flag: string): number {
  const v = parseNonNegative(raw, flag);
  if (!Number.isInteger(v)) throw new InvalidInputError(flag, `must be a whole number, got '${raw}'`);
  return v;
}

/** A fraction in (0, 1], e.g. MFU; accepts `0.4` or `40%`. Ranges as `0.35-0.45` or `0.35..0.45`. */
export function parseFractionRange(raw: string, flag: string): { value: number; low: number; high: number } {
  const parts = raw.split(/\s*(?:\.\.|–|(?<=\d)-(?=\d|\.))\s*/);
  const nums = parts.map((p) => {
    const pct = p.trim().endsWith('%');
    const v = parseAmount(pct ? p.trim().slice(0, -1) : p, flag) / (pct ? 100 : 1);
    if (!(v > 0 && v <= 1)) throw new InvalidInputError(flag, `must be a fraction in (0, 1] such as 0.4 or 40%, got '${raw}'`);
    return v;
  });
  if (nums.length === 1) return { value: nums[0], low: nums[0], high: nums[0] };
  if (nums.length === 2) {
    const [a, b] = nums[0] <= nums[1] ? nums : [nums[1], nums[0]];
    return { value: Math.sqrt(a * b), low: a, high: b };
  }
  throw new InvalidInputError(flag, `expected one value or a range like 0.35-0.45, got '${raw}'`);
}

export function parseChoice<T extends string>(raw: string, flag: string, choices: readonly T[]): T {
  const v = raw.trim().toLowerCase();
  if ((choices as readonly string[]).includes(v)) return v as T;
  throw new InvalidInputError(flag, `'${raw}' is not one of ${choices.join(', ')}`);
}

/** A share in [0, 1]: `0.5` or `50%`. */
export function parseRate(raw: string, flag: string): number {
  const t = raw.trim();
  const pct = t.endsWith('%');
  const v = parseAmount(pct ? t.slice(0, -1) : t, flag) / (pct ? 100 : 1);
  if (!(v >= 0 && v <= 1)) throw new InvalidInputError(flag, `must be a share between 0 and 1 (or 0%–100%), got '${raw}'`);
  return v;
}
