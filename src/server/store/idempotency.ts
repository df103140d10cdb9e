/**
 * `Idempotency-Key` on POST /v1/events: the first answer to a key is stored in the tenant's own ledger (a server
 * table beside the ledger's, `tp_server_idempotency`) and replayed for a retry with the same body; the same key with a
 * different body is refused (422). A retry after a crash that lost the stored answer re-posts the batch, and the
 * ledger counts its events as duplicates: nothing is doubled either way.
 */
import { createHash } from 'node:crypto';
import type { LedgerStore } from '../../ledger/store/store.js';

export class Idempotency {
  private readonly ready = new WeakSet<LedgerStore>();
  private readonly inFlight = new Set<string>();

  static bodyHash(body: Uint8Array): string {
    return createHash('sha256').update(body).digest('hex');
  }

  private async ensure(store: LedgerStore): Promise<void> {
    if (this.ready.has(store)) return;
    await store.driver.run(
      `CREATE TABLE IF NOT EXISTS tp_server_idempotency (idem_key VARCHAR PRIMARY KEY, body_sha VARCHAR NOT NULL, response VARCHAR NOT NULL, created_at VARCHAR NOT NULL)`,
    );
    this.ready.add(store);
  }

  async find(store: LedgerStore, key: string): Promise<{ bodySha: string; response: string } | undefined> {
    await this.ensure(store);
    const r = await store.driver.query(`SELECT body_sha, response FROM tp_server_idempotency WHERE idem_key = $1`, [key]);
    return r.length ? { bodySha: String(r[0].body_sha), response: String(r[0].response) } : undefined;
  }

  async put(store: LedgerStore, key: string, bodySha: string, response: string, at: string): Promise<void> {
    await this.ensure(store);
    await store.driver.run(`INSERT INTO tp_server_idempotency (idem_key, body_sha, response, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [key, bodySha, response, at]);
  }

  /** Marks a tenant's key as being processed; false when a request with that key is already running. */
  claim(tenant: string, key: string): boolean {
    const k = `${tenant}\u0000${key}`;
    if (this.inFlight.has(k)) return false;
    this.inFlight.add(k);
    return true;
  }

  release(tenant: string, key: string): void {
    this.inFlight.delete(`${tenant}\u0000${key}`);
  }
}
