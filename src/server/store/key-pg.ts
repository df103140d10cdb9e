/** Keys in PostgreSQL (`tokenprint_server.keys`), shared by every server process on the same database. */
import pg from 'pg';
import { TokenprintError } from '../../core/errors.js';
import type { KeyRecord, KeyStore, Role } from '../keys.js';
import { redact } from '../../ledger/store/postgres-driver.js';

export class KeyTable implements KeyStore {
  private constructor(private readonly client: pg.Client) {}

  static async open(url: string): Promise<KeyTable> {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
    } catch (e) {
      throw new TokenprintError('IO_ERROR', `cannot connect to ${redact(url)}: ${(e as Error).message}`);
    }
    await client.query(`SET client_min_messages = warning`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS tokenprint_server`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS tokenprint_server.keys (id TEXT PRIMARY KEY, tenant TEXT NOT NULL, role TEXT NOT NULL, salt TEXT NOT NULL, hash TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT, note TEXT)`,
    );
    return new KeyTable(client);
  }

  private static row(r: Record<string, unknown>): KeyRecord {
    return {
      id: String(r.id),
      tenant: String(r.tenant),
      role: String(r.role) as Role,
      salt: String(r.salt),
      hash: String(r.hash),
      createdAt: String(r.created_at),
      revokedAt: r.revoked_at === null ? null : String(r.revoked_at),
      note: r.note === null ? null : String(r.note),
    };
  }

  async list(): Promise<KeyRecord[]> {
    return (await this.client.query(`SELECT * FROM tokenprint_server.keys ORDER BY created_at, id`)).rows.map(KeyTable.row);
  }

  async get(id: string): Promise<KeyRecord | undefined> {
    const r = await this.client.query(`SELECT * FROM tokenprint_server.keys WHERE id = $1`, [id]);
    return r.rows.length ? KeyTable.row(r.rows[0]) : undefined;
  }

  async add(k: KeyRecord): Promise<void> {
    await this.client.query(`INSERT INTO tokenprint_server.keys (id, tenant, role, salt, hash, created_at, revoked_at, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
      k.id, k.tenant, k.role, k.salt, k.hash, k.createdAt, k.revokedAt, k.note,
    ]);
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const r = await this.client.query(`UPDATE tokenprint_server.keys SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1`, [id, at]);
    return (r.rowCount ?? 0) > 0;
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
