/**
 * The daily load profile and time shifting. Shares are the fraction of a day's requests served in each hour.
 * Shifting moves the deferrable share of every hour into the cleanest allowed hours, filling each up to the
 * existing peak (valley filling): the provisioned fleet stays the same size, so shifting never buys hardware.
 */
import { InvalidInputError } from '../core/errors.js';

export const HOURS = 24;

export function loadShares(profile?: readonly number[]): number[] {
  if (!profile) return Array.from({ length: HOURS }, () => 1 / HOURS);
  const total = profile.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new InvalidInputError('workload.dailyProfile', 'needs at least one hour above zero');
  return profile.map((v) => v / total);
}

export function peakShare(shares: readonly number[]): number {
  return Math.max(...shares);
}

/** Load-weighted average of hourly intensities. */
export function weightedIntensity(shares: readonly number[], intensity: readonly number[]): number {
  let s = 0;
  for (let h = 0; h < HOURS; h++) s += shares[h] * intensity[h];
  return s;
}

/**
 * Moves `deferrable` of each hour's load into `allowedHours`, cleanest first, never above the original peak.
 * Returns the new shares (they still sum to 1).
 */
export function shiftDeferrable(
  shares: readonly number[],
  deferrable: number,
  intensity: readonly number[],
  allowedHours: readonly number[] = Array.from({ length: HOURS }, (_, h) => h),
): number[] {
  const cap = peakShare(shares);
  const out = shares.map((s) => s * (1 - deferrable));
  let remaining = shares.reduce((a, s) => a + s * deferrable, 0);
  const order = [...new Set(allowedHours)].sort((a, b) => intensity[a] - intensity[b] || a - b);
  for (const h of order) {
    if (remaining <= 0) break;
    const room = Math.max(0, cap - out[h]);
    const add = Math.min(room, remaining);
    out[h] += add;
    remaining -= add;
  }
  // Allowed hours too few to absorb it all under the peak: the rest stays where it was demanded.
  if (remaining > 1e-15) {
    const back = remaining / shares.reduce((a, s) => a + s * deferrable, 0);
    for (let h = 0; h < HOURS; h++) out[h] += shares[h] * deferrable * back;
  }
  return out;
}
