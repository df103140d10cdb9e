/**
 * One ledger per tenant, so that no query can reach another tenant's rows: with DuckDB a file per tenant
 * (`<data>/tenants/<tenant>.duckdb`), with PostgreSQL a schema per tenant (`tenant_<name>`, selected with
 * search_path on the tenant's own connection). The ledger code runs unchanged inside each; the tenant comes only from
 * the API key, never from the request.
 *
 * Writes are serialised per tenant in this process (one writer connection; DuckDB allows one writing process per
 * file); PostgreSQL writes also take a per-tenant advisory lock, so several server processes can share one database.
 * Reads use a second connection (DuckDB: on the same database instance) and run beside writes, each seeing the last
 * committed state, so a report never waits for an ingest.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { openDuckDbReader, openStore } from '../ledger/store/open-store.js';
import type { LedgerStore } from '../ledger/store/store.js';
import { TokenprintError } from '../core/errors.js';
import { redact } from '../ledger/store/postgres-driver.js';
import { checkTenant } from './keys.js';
import { Mutex } from './mutex.js';

export type Storage = { readonly kind: 'duckdb'; readonly dataDir: string } | { readonly kind: 'postgres'; readonly url: string };

export function storageFrom(db: string): Storage {
  return /^postgres(ql)?:\/\//i.test(db) ? { kind: 'postgres', url: db } : { kind: 'duckdb', dataDir: db };
}

export function describeStorage(s: Storage): string {
  return s.kind === 'duckdb' ? `DuckDB files under ${s.dataDir}/tenants/` : `PostgreSQL ${redact(s.url)} (a schema per tenant)`;
}

/** The DuckDB file of a tenant's ledger (the name is checked, so it cannot leave the folder). */
export function tenantDbPath(dataDir: string, tenant: string): string {
  return join(dataDir, 'tenants', `${checkTenant(tenant, 'tenant')}.duckdb`);
}

export function tenantSchema(tenant: string): string {
  return `tenant_${checkTenant(tenant, 'tenant').replace(/-/g, '_')}`;
}

function withSearchPath(url: string, schema: string): string {
  const opt = `options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return url.includes('?') ? `${url}&${opt}` : `${url}?${opt}`;
}

interface Tenant {
  readonly write: LedgerStore;
  readonly read: LedgerStore;
  readonly lock: Mutex;
  /** Reads running (waited for before the connections close). */
  readonly reads: Set<Promise<unknown>>;
  /** PostgreSQL only: the connection that holds the cross-process advisory lock. */
  readonly pgLock?: pg.Client;
}

/**
 * WAL size at which a tenant's DuckDB ledger checkpoints (DuckDB's default: 16 MB). A checkpoint runs inside the
 * commit that crosses it, so every request waiting on that commit waits for it too, and with many small group commits
 * frequent checkpoints also cost more CPU in all. Measured by `npm run bench -- serve` with 1,000 batches of 1,000
 * events (one run each, load 2–3): 16 MB gave 35.7k events/s, batch p99 1,308 ms, 50 µs of server CPU an event;
 * 256 MB gave 52.0k events/s, p99 245 ms, 34 µs (docs/server.md, "Checkpoints"). The cost: up to this much WAL is
 * replayed when the server restarts after a crash (seconds), and DuckDB checkpoints it when the server stops.
 */
const SERVER_CHECKPOINT_THRESHOLD = '256MB';

export class Tenants {
  private readonly open = new Map<string, Promise<Tenant>>();

  constructor(readonly storage: Storage) {}

  private async openTenant(tenant: string): Promise<Tenant> {
    if (this.storage.kind === 'duckdb') {
      mkdirSync(join(this.storage.dataDir, 'tenants'), { recursive: true });
      const store = await openStore(tenantDbPath(this.storage.dataDir, tenant), { checkpointThreshold: SERVER_CHECKPOINT_THRESHOLD });
      return { write: store, read: await openDuckDbReader(store), lock: new Mutex(), reads: new Set() };
    }
    const schema = tenantSchema(tenant);
    const admin = new pg.Client({ connectionString: this.storage.url });
    try {
      await admin.connect();
    } catch (e) {
      throw new TokenprintError('IO_ERROR', `cannot connect to ${redact(this.storage.url)}: ${(e as Error).message}`);
    }
    await admin.query(`SET client_min_messages = warning`);
    await admin.query(`SELECT pg_advisory_lock(hashtext($1))`, [schema]);
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      const url = withSearchPath(this.storage.url, schema);
      const write = await openStore(url);
      const read = await openStore(url);
      return { write, read, lock: new Mutex(), reads: new Set(), pgLock: admin };
    } finally {
      await admin.query(`SELECT pg_advisory_unlock(hashtext($1))`, [schema]);
    }
  }

  private get(tenant: string): Promise<Tenant> {
    let t = this.open.get(tenant);
    if (!t) {
      t = this.openTenant(tenant);
      t.catch(() => this.open.delete(tenant));
      this.open.set(tenant, t);
    }
    return t;
  }

  /** Runs fn with the tenant's ledger, alone among writers (of this process and, with PostgreSQL, of all). */
  async write<T>(tenant: string, fn: (store: LedgerStore) => Promise<T>): Promise<T> {
    const t = await this.get(tenant);
    return t.lock.run(async () => {
      if (!t.pgLock) return fn(t.write);
      const schema = tenantSchema(tenant);
      await t.pgLock.query(`SELECT pg_advisory_lock(hashtext($1))`, [schema]);
      try {
        return await fn(t.write);
      } finally {
        await t.pgLock.query(`SELECT pg_advisory_unlock(hashtext($1))`, [schema]);
      }
    });
  }

  /** Runs fn with the tenant's ledger for reading, beside writes (its own connection). */
  async read<T>(tenant: string, fn: (store: LedgerStore) => Promise<T>): Promise<T> {
    const t = await this.get(tenant);
    const r = fn(t.read);
    const settled = r.catch(() => undefined);
    t.reads.add(settled);
    void settled.then(() => t.reads.delete(settled));
    return r;
  }

  async close(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    for (const p of all) {
      const t = await p.catch(() => undefined);
      if (!t) continue;
      await t.lock.run(async () => {
        await Promise.all(t.reads);
        await t.read.close(); // first: a DuckDB read connection shares the writer's database
        await t.write.close();
        await t.pgLock?.end();
      });
    }
  }
}
