/**
 * A bounded memo of prepared estimators, owned by the caller that repeats keys (the ledger's estimator, an SDK
 * wrapper), never by module scope: two callers do not share or evict each other's entries. Full at `maxEntries`, it
 * is cleared (keys are few: one per provider/model/region/options in practice).
 */
export class EstimatorCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly maxEntries = 2048) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, value);
  }

  get size(): number {
    return this.entries.size;
  }
}
