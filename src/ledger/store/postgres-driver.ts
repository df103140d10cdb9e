/** PostgreSQL adapter (a shared server for many users). Batches go in as one array parameter per column (unnest). */
import pg from 'pg';
import type { HourlyRow, SqlDriver, SqlRow } from './store.js';
import { ROW_COLUMNS, type RowBatch } from './rows.js';
import { inTransaction } from './transaction.js';
import { TokenprintError } from '../../core/errors.js';
import { explainDbError, explained } from './ledger-errors.js';

const PG_ARRAY: Record<string, string> = { text: 'text[]', int: 'int4[]', bigint: 'int8[]', double: 'float8[]' };

/** int8 and numeric come back as numbers (ledger sums stay far below 2^53 in every unit we store). */
const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === 20 || oid === 1700) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** Hourly rows per statement: four array parameters of this many values each. */
const HOURLY_CHUNK = 50_000;

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

export class PostgresDriver implements SqlDriver {
  readonly dialect = 'postgres' as const;

  private constructor(
    private readonly client: pg.Client,
    readonly location: string,
  ) {}

  static async open(url: string): Promise<PostgresDriver> {
    const client = new pg.Client({ connectionString: url, types });
    try {
      await client.connect();
    } catch (e) {
      throw new TokenprintError('IO_ERROR', `cannot connect to ${redact(url)}: ${(e as Error).message}`, { url: redact(url) });
    }
    await client.query(`SET client_min_messages = warning`);
    return new PostgresDriver(client, redact(url));
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<SqlRow[]> {
    const r = await explained(this.location, () => this.client.query(sql, params as unknown[]));
    return r.rows as SqlRow[];
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    const r = await explained(this.location, () => this.client.query(sql, params as unknown[]));
    return r.rowCount ?? 0;
  }

  async insertRows(b: RowBatch, skipped?: Uint8Array): Promise<number> {
    const names = ROW_COLUMNS.map(([n]) => n);
    const unnest = ROW_COLUMNS.map(([, t], i) => `$${i + 1}::${PG_ARRAY[t]}`).join(', ');
    const sql = `INSERT INTO tp_rows (${names.join(', ')}) SELECT * FROM unnest(${unnest}) ON CONFLICT (key, fs) DO NOTHING`;
    if (skipped === undefined) return this.run(sql, b.columns());
    // Which rows were left out: those whose key the insert did not return (a batch's keys are distinct).
    const got = new Set((await this.query(`${sql} RETURNING key`, b.columns())).map((r) => String(r.key)));
    for (let i = 0; i < b.n; i++) if (!got.has(b.key[i])) skipped[i] = 1;
    return got.size;
  }

  async upsertHourly(rows: readonly HourlyRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += HOURLY_CHUNK) {
      const part = rows.slice(i, i + HOURLY_CHUNK);
      await this.run(
        `INSERT INTO tp_grid_hourly (zone, hour_ms, g_per_kwh, factor_type) SELECT * FROM unnest($1::text[], $2::int8[], $3::float8[], $4::text[])
         ON CONFLICT (zone, hour_ms) DO UPDATE SET g_per_kwh = EXCLUDED.g_per_kwh, factor_type = EXCLUDED.factor_type`,
        [part.map((r) => r.zone), part.map((r) => r.hourMs), part.map((r) => r.gPerKWh), part.map((r) => r.factorType)],
      );
    }
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    return inTransaction(
      { run: (sql) => this.client.query(sql), rollback: () => this.client.query('ROLLBACK'), begin: 'BEGIN', explain: (e) => explainDbError(e, this.location) },
      fn,
    );
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
