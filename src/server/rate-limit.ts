/**
 * Token buckets per API key: `ratePerS` requests a second sustained, `burst` at once. Past that a request gets 429
 * with Retry-After (seconds until a token is back). Kept in memory: each server process limits on its own.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();

  constructor(
    private readonly ratePerS: number,
    private readonly burst: number,
  ) {}

  /** 0 when allowed, else the seconds to wait. */
  take(key: string, nowMs: number): number {
    const b = this.buckets.get(key) ?? { tokens: this.burst, atMs: nowMs };
    b.tokens = Math.min(this.burst, b.tokens + ((nowMs - b.atMs) / 1000) * this.ratePerS);
    b.atMs = nowMs;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.ratePerS));
  }
}
