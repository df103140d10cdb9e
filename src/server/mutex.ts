/** A first-come, first-served lock for async work (one tenant's ledger connection). */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  /** Requests queued or running. */
  get depth(): number {
    return this.waiting;
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    this.waiting++;
    const out = this.tail.then(fn, fn).finally(() => this.waiting--);
    this.tail = out.catch(() => undefined);
    return out;
  }
}
