/** Pareto front of quality (higher is better) against a cost (lower is better). */

export interface FrontPoint<T> {
  readonly item: T;
  readonly quality: number;
  readonly cost: number;
}

/**
 * Points no other point beats on both axes (at least as good on both, strictly better on one), sorted by cost.
 * O(n log n): sort by cost, then keep each point whose quality exceeds every cheaper point's.
 */
export function paretoFront<T>(points: readonly FrontPoint<T>[]): FrontPoint<T>[] {
  const sorted = [...points].filter((p) => Number.isFinite(p.quality) && Number.isFinite(p.cost)).sort((a, b) => a.cost - b.cost || b.quality - a.quality);
  const front: FrontPoint<T>[] = [];
  let best = -Infinity;
  for (const p of sorted) {
    if (p.quality > best) {
      front.push(p);
      best = p.quality;
    }
  }
  return front;
}
