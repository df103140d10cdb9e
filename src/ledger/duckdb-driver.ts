/** DuckDB adapter (embedded default): a file, or `:memory:`. Batches go in through data chunks (vectors, not rows). */
import { DuckDBInstance, DuckDBDataChunk, type DuckDBConnection, type DuckDBType, VARCHAR, INTEGER, BIGINT, DOUBLE, DuckDBAppender } from '@duckdb/node-api';
import type { SqlDriver, SqlRow } from './store.js';
import { ROW_COLUMNS, INT_COLUMNS, FOOTPRINT_COLUMN, type RowBatch } from './rows.js';
import { TokenprintError } from '../core/errors.js';

const TYPES: Record<string, DuckDBType> = { text: VARCHAR, int: INTEGER, bigint: BIGINT, double: DOUBLE };
const ROW_TYPES = ROW_COLUMNS.map(([, t]) => TYPES[t]);
const KEY_TYPES = [INTEGER, VARCHAR];
const CHUNK = 2048; // DuckDB's vector size

/** One data chunk of tp_rows from the batch rows listed in idx[0..m). */
function rowChunk(b: RowBatch, idx: Int32Array, m: number): DuckDBDataChunk {
  const chunk = DuckDBDataChunk.create(ROW_TYPES, m);
  const str = (c: number, src: readonly (string | null)[]) => {
    const v = chunk.getColumnVector(c);
    for (let j = 0; j < m; j++) v.setItem(j, src[idx[j]]);
    v.flush();
  };
  const num = (c: number, src: Int32Array | Float64Array) => {
    const v = chunk.getColumnVector(c);
    for (let j = 0; j < m; j++) v.setItem(j, src[idx[j]]);
    v.flush();
  };
  str(0, b.key);
  str(1, b.eventId);
  const fs = chunk.getColumnVector(2);
  for (let j = 0; j < m; j++) fs.setItem(j, b.fs);
  fs.flush();
  const ts = chunk.getColumnVector(5);
  for (let j = 0; j < m; j++) ts.setItem(j, BigInt(b.tsMs[idx[j]]));
  ts.flush();
  str(8, b.tags);
  for (let k = 0; k < INT_COLUMNS.length; k++) num(INT_COLUMNS[k], b.ints[k]);
  const lat = chunk.getColumnVector(13);
  for (let j = 0; j < m; j++) {
    const x = b.latencyMs[idx[j]];
    lat.setItem(j, Number.isNaN(x) ? null : x);
  }
  lat.flush();
  for (let k = 0; k < 15; k++) num(FOOTPRINT_COLUMN + k, b.f[k]);
  return chunk;
}
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
    // (Re)created each time: a rolled-back first batch takes a temp table created in its transaction with it.
    await this.con.run(`CREATE TEMP TABLE IF NOT EXISTS tp_stage_keys (i INTEGER NOT NULL, key VARCHAR NOT NULL)`);
    const n = b.n;
    // 1. Which keys does the ledger already hold under this factor set? Only the batch's keys are staged; the join
    //    builds its hash table on them (the small side) and probes it with one scan of tp_rows.key, so memory stays
    //    flat in ledger size (an ART index would hold every key in memory).
    const ka: DuckDBAppender = await this.con.createAppender('tp_stage_keys', 'main', 'temp');
    for (let s = 0; s < n; s += CHUNK) {
      const m = Math.min(CHUNK, n - s);
      const chunk = DuckDBDataChunk.create(KEY_TYPES, m);
      const vi = chunk.getColumnVector(0);
      const vk = chunk.getColumnVector(1);
      for (let i = 0; i < m; i++) {
        vi.setItem(i, s + i);
        vk.setItem(i, b.key[s + i]);
      }
      vi.flush();
      vk.flush();
      ka.appendDataChunk(chunk);
    }
    ka.closeSync();
    const dup = await this.con.runAndReadAll(`SELECT k.i FROM tp_rows r JOIN tp_stage_keys k ON r.key = k.key WHERE r.fs = $1`, [b.fs]);
    await this.con.run(`DELETE FROM tp_stage_keys`);
    let skip: Uint8Array | undefined;
    if (dup.currentRowCount > 0) {
      skip = new Uint8Array(n);
      for (const [i] of dup.getRows()) skip[Number(i)] = 1;
    }
    // 2. The new rows go straight into tp_rows, column by column, inside the caller's transaction.
    const ra: DuckDBAppender = await this.con.createAppender('tp_rows');
    const idx = new Int32Array(CHUNK);
    let inserted = 0;
    for (let i = 0; i < n; ) {
      let m = 0;
      for (; m < CHUNK && i < n; i++) if (skip === undefined || skip[i] === 0) idx[m++] = i;
      if (m === 0) continue;
      ra.appendDataChunk(rowChunk(b, idx, m));
      inserted += m;
    }
    ra.closeSync();
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
