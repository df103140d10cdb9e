/** Numbers for people: 3 significant digits, SI prefixes where the unit takes them, and the range beside. */
import type { Range } from './api';

export function sig(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-3) return x.toExponential(2);
  return Number(x.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

export const rangeText = (r: Range): string => (r.low === r.high ? sig(r.value) : `${sig(r.low)}–${sig(r.high)}`);

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"): distinguishable with the common colour-vision deficiencies. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];
