/**
 * The report read model: a report computed once is kept, per tenant and query, with the ledger version it saw (the
 * count of commits this process made for the tenant). A read of an unchanged ledger gets it back at once. A report
 * over a ledger that changed since is computed again, unless the client accepts an older answer with the request
 * header `Cache-Control: max-stale=S`: then a report computed at most S seconds ago is returned, with an `Age`
 * header, and once the kept one is S/2 seconds old a fresh one is computed in the background for the next reads (one
 * at a time per query). So a `max-stale` answer is never older than S seconds, and a sustained ingest costs at most
 * about 2/S report computations a second per query, not one per read: each computation sums the whole ledger on the
 * same cores as the ingest (measured by `npm run bench -- serve`: refreshing after every commit took about as much
 * CPU as the writes). Reads that say nothing always see
 * every commit that was answered before them (read-your-writes).
 *
 * Why: a report sums every row of the tenant's ledger (hundreds of ms at 10^5–10^6 rows on 2 cores), so a
 * dashboard polling during a sustained ingest would otherwise recompute it for each read.
 *
 * With PostgreSQL, other server processes commit too and this process cannot see their version: every entry is
 * then treated as changed, and only `max-stale` reads are served from the model.
 */

interface Entry {
  /** Ledger version the computation started at (undefined: unknown, PostgreSQL). */
  readonly version: number | undefined;
  /** When the computation started (what it reflects is at least this recent). */
  readonly startedMs: number;
  readonly value: unknown;
}

/** Entries kept in all (least recently used dropped first). */
const MAX_ENTRIES = 256;
/** An entry of an unchanged ledger is still recomputed after this long (reports may depend on the date). */
const MAX_AGE_MS = 60_000;

export class ReadModel {
  private readonly entries = new Map<string, Entry>();
  private readonly refreshing = new Map<string, Promise<unknown>>();
  private readonly versions = new Map<string, number>();

  constructor(
    private readonly now: () => number,
    /** False when other processes write the same ledgers (PostgreSQL): versions are then unknown. */
    private readonly versioned: boolean,
  ) {}

  /** Called after every commit of a tenant's ledger. */
  changed(tenant: string): void {
    this.versions.set(tenant, (this.versions.get(tenant) ?? 0) + 1);
  }

  private versionOf(tenant: string): number | undefined {
    return this.versioned ? (this.versions.get(tenant) ?? 0) : undefined;
  }

  /**
   * The report for `query` of `tenant`: kept when the ledger has not changed, or when it is at most `maxStaleS`
   * seconds old; else computed (`compute`) and kept. `ageS` is 0 for an answer that reflects every commit.
   */
  async get<T>(tenant: string, query: string, maxStaleS: number, compute: () => Promise<T>): Promise<{ value: T; ageS: number }> {
    const key = `${tenant}\u0000${query}`;
    const version = this.versionOf(tenant);
    const now = this.now();
    const e = this.entries.get(key);
    if (e && version !== undefined && e.version === version && now - e.startedMs <= MAX_AGE_MS) {
      this.touch(key, e);
      return { value: e.value as T, ageS: 0 };
    }
    if (e && maxStaleS > 0 && now - e.startedMs <= maxStaleS * 1000) {
      this.touch(key, e);
      if (!this.refreshing.has(key) && now - e.startedMs >= maxStaleS * 500) {
        const r = this.compute(key, tenant, compute).catch(() => undefined); // the next read computes (and reports) it
        this.refreshing.set(key, r);
        void r.finally(() => this.refreshing.delete(key));
      }
      return { value: e.value as T, ageS: Math.floor((now - e.startedMs) / 1000) };
    }
    return { value: await this.compute(key, tenant, compute), ageS: 0 };
  }

  private async compute<T>(key: string, tenant: string, compute: () => Promise<T>): Promise<T> {
    const version = this.versionOf(tenant);
    const startedMs = this.now();
    const value = await compute();
    const cur = this.entries.get(key);
    // A slower computation that started earlier never replaces a newer one.
    if (!cur || cur.startedMs <= startedMs) this.touch(key, { version, startedMs, value });
    return value;
  }

  private touch(key: string, e: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, e);
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }
}

/** Seconds of staleness a request accepts: `Cache-Control: max-stale=S` (0 when absent; `max-stale` alone: 60). */
export function maxStaleOf(cacheControl: string | undefined): number {
  if (!cacheControl) return 0;
  const m = /(?:^|,)\s*max-stale(?:\s*=\s*"?(\d{1,6})"?)?\s*(?:,|$)/i.exec(cacheControl);
  if (!m) return 0;
  return m[1] === undefined ? 60 : Number(m[1]);
}
