/** DuckDB adapter (embedded default): a file, or `:memory:`. Batches go in through data chunks (vectors, not rows). */
import { DuckDBInstance, DuckDBDataChunk, type DuckDBConnection, type DuckDBType, VARCHAR, INTEGER, BIGINT, DOUBLE, DuckDBAppender } from '@duckdb/node-api';
import type { SqlDriver, SqlRow } from './store.js';
import { ROW_COLUMNS, type RowBatch } from './rows.js';
import { TokenprintError } from '../core/errors.js';

const TYPES: Record<string, DuckDBType> = { text: VARCHAR, int: INTEGER, bigint: BIGINT, double: DOUBLE };
const CHUNK = 2048; // DuckDB's vector size
/** Buffer-pool cap (TOKENPRINT_DUCKDB_MEMORY_LIMIT overrides); DuckDB spills to disk beyond it. */
export const DEFAULT_MEMORY_LIMIT = '160MB';

function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v !== null && typeof v === 'object' && 'toDouble' in v && typeof (v as { toDouble: unknown }).toDouble === 'function') {
    return (v as { toDouble: () => number }).toDouble();
  }
  return v;
}

export class DuckDbDriver implements SqlDriver {
  readonly dialect = 'duckdb' as const;
  private stageReady = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly con: DuckDBConnection,
    readonly location: string,
  ) {}

  static async open(path: string, opts: { memoryLimit?: string } = {}): Promise<DuckDbDriver> {
    let instance: DuckDBInstance;
    try {
      // DuckDB's buffer pool would otherwise cache up to 80% of RAM; the ledger streams, so a modest cap suffices.
      instance = await DuckDBInstance.create(path, { memory_limit: opts.memoryLimit ?? DEFAULT_MEMORY_LIMIT });
    } catch (e) {
      throw new TokenprintError('IO_ERROR', `cannot open the DuckDB ledger ${path}: ${(e as Error).message}`, { path });
    }
    const con = await instance.connect();
    return new DuckDbDriver(instance, con, path);
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<SqlRow[]> {
    const r = params.length ? await this.con.runAndReadAll(sql, params as never) : await this.con.runAndReadAll(sql);
    const rows = r.getRowObjects();
    for (const row of rows) for (const k of Object.keys(row)) (row as Record<string, unknown>)[k] = plain(row[k]);
    return rows as SqlRow[];
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    const r = params.length ? await this.con.run(sql, params as never) : await this.con.run(sql);
    return Number(r.rowsChanged);
  }

  async insertRows(b: RowBatch): Promise<number> {
    if (!this.stageReady) {
      await this.con.run(`CREATE TEMP TABLE IF NOT EXISTS tp_stage AS SELECT * FROM tp_rows LIMIT 0`);
      this.stageReady = true;
    }
    const appender: DuckDBAppender = await this.con.createAppender('tp_stage', 'main', 'temp');
    const types = ROW_COLUMNS.map(([, t]) => TYPES[t]);
    const cols = b.columns();
    for (let s = 0; s < b.n; s += CHUNK) {
      const n = Math.min(CHUNK, b.n - s);
      const chunk = DuckDBDataChunk.create(types, n);
      for (let c = 0; c < cols.length; c++) {
        const src = cols[c];
        const vals = new Array<unknown>(n);
        if (ROW_COLUMNS[c][1] === 'bigint') for (let i = 0; i < n; i++) vals[i] = BigInt(src[s + i] as number);
        else for (let i = 0; i < n; i++) vals[i] = src[s + i];
        chunk.setColumnValues(c, vals as never);
      }
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
    // Keys already stored: a join whose hash table is built on the small batch and probed by scanning tp_rows
    // (memory stays flat; an anti-join written as NOT EXISTS would build on the whole table).
    const inserted = await this.run(
      `INSERT INTO tp_rows SELECT s.* FROM tp_stage s WHERE s.key NOT IN (SELECT r.key FROM tp_rows r JOIN tp_stage k ON r.key = k.key WHERE r.fs = $1)`,
      [b.fs],
    );
    await this.con.run(`DELETE FROM tp_stage`);
    return inserted;
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.con.run('BEGIN TRANSACTION');
    try {
      const out = await fn();
      await this.con.run('COMMIT');
      return out;
    } catch (e) {
      await this.con.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  async close(): Promise<void> {
    this.con.closeSync();
    this.instance.closeSync();
  }
}
