/** DuckDB adapter (embedded default): a file, or `:memory:`. Batches go in through data chunks (vectors, not rows). */
import { DuckDBInstance, DuckDBDataChunk, type DuckDBConnection, type DuckDBType, type DuckDBVector, VARCHAR, INTEGER, BIGINT, DOUBLE, DuckDBAppender } from '@duckdb/node-api';
import type { AppendType, HourlyRow, SqlDriver, SqlRow } from './store.js';
import { ROW_COLUMNS, INT_COLUMNS, FOOTPRINT_COLUMN, FOOTPRINT_DOUBLES, KEY_HASH_COLUMN, type RowBatch } from './rows.js';
import { KeyHashSet } from './key-set.js';
import { inTransaction } from './transaction.js';
import { rmdirSync } from 'node:fs';
import { TokenprintError } from '../../core/errors.js';
import { explainDbError, explained } from './ledger-errors.js';

const TYPES: Record<string, DuckDBType> = { text: VARCHAR, int: INTEGER, bigint: BIGINT, double: DOUBLE };
const ROW_TYPES = ROW_COLUMNS.map(([, t]) => TYPES[t]);
const KEY_TYPES = [INTEGER, VARCHAR, BIGINT];
const CHUNK = 2048; // DuckDB's vector size
/** Up to this many probable duplicates in a batch are checked with `key_hash IN (…)`, more with a staged join. */
const IN_LIST_MAX = 2000;
const TWO32 = 4294967296;

/** The typed array behind a numeric vector (node-api keeps it as `items`, copied into DuckDB by flush()). */
function itemsOf<T extends Int32Array | Float64Array | BigInt64Array>(v: DuckDBVector, kind: { new (n: number): T }): T | undefined {
  const items = (v as unknown as { items?: unknown }).items;
  return items instanceof kind ? items : undefined;
}

/**
 * One data chunk of tp_rows from the batch rows listed in idx[0..m). Numbers are copied into the vectors' typed
 * arrays directly (BIGINTs as two 32-bit halves: no BigInt per value); strings and nullable values go through setItem.
 */
function rowChunk(chunk: DuckDBDataChunk, b: RowBatch, idx: Int32Array, m: number): DuckDBDataChunk {
  // One chunk reused for every append: native chunk memory is freed only when JS collects a chunk, so a chunk per
  // append would hold hundreds of MB between garbage collections.
  chunk.reset();
  chunk.rowCount = m;
  const str = (c: number, src: readonly (string | null)[]) => {
    const v = chunk.getColumnVector(c);
    for (let j = 0; j < m; j++) v.setItem(j, src[idx[j]]);
    v.flush();
  };
  const num = (c: number, src: Int32Array | Float64Array) => {
    const v = chunk.getColumnVector(c);
    const it = src instanceof Int32Array ? itemsOf(v, Int32Array) : itemsOf(v, Float64Array);
    if (it !== undefined) for (let j = 0; j < m; j++) it[j] = src[idx[j]];
    else for (let j = 0; j < m; j++) v.setItem(j, src[idx[j]]);
    v.flush();
  };
  const big = (c: number, src: Float64Array) => {
    const v = chunk.getColumnVector(c);
    const it = itemsOf(v, BigInt64Array);
    if (it !== undefined) {
      const w = new Int32Array(it.buffer, it.byteOffset, m * 2); // little-endian halves (DuckDB runs on LE hosts)
      for (let j = 0; j < m; j++) {
        const x = src[idx[j]];
        w[2 * j] = x >>> 0 | 0;
        w[2 * j + 1] = Math.floor(x / TWO32);
      }
    } else for (let j = 0; j < m; j++) v.setItem(j, BigInt(src[idx[j]]));
    v.flush();
  };
  str(0, b.key);
  const fs = chunk.getColumnVector(2);
  for (let j = 0; j < m; j++) fs.setItem(j, b.fs);
  fs.flush();
  big(5, b.tsMs);
  str(8, b.tags);
  for (let k = 0; k < INT_COLUMNS.length; k++) num(INT_COLUMNS[k], b.ints[k]);
  const lat = chunk.getColumnVector(13);
  for (let j = 0; j < m; j++) {
    const x = b.latencyMs[idx[j]];
    lat.setItem(j, Number.isNaN(x) ? null : x);
  }
  lat.flush();
  for (let k = 0; k < FOOTPRINT_DOUBLES; k++) num(FOOTPRINT_COLUMN + k, b.f[k]);
  big(KEY_HASH_COLUMN, b.keyHash);
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

/**
 * DuckDB spills to `<db>.tmp/` and removes its files on a clean close; a `kill -9` leaves the directory behind
 * (empty, or with spill files no one will read). Removed when it holds nothing; spill files are DuckDB's to clean.
 */
function removeEmptySpillDir(path: string): void {
  if (path === ':memory:') return;
  try {
    rmdirSync(`${path}.tmp`); // only succeeds on an empty directory
  } catch {
    // absent, not empty, or not ours to remove: leave it
  }
}

export class DuckDbDriver implements SqlDriver {
  readonly dialect = 'duckdb' as const;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly con: DuckDBConnection,
    readonly location: string,
    /** False for a second connection (`connect`): closing it leaves the database open. */
    private readonly ownsInstance = true,
  ) {}

  /**
   * Another connection to the same database, e.g. for reads beside a writer: each sees the last committed state
   * (DuckDB's MVCC), so a report does not wait for a write transaction. Close it before the driver it came from.
   */
  async connect(): Promise<DuckDbDriver> {
    return new DuckDbDriver(this.instance, await this.instance.connect(), this.location, false);
  }

  /**
   * `readOnly`: DuckDB's READ_ONLY access mode (nothing written, not even on open: a chmod 444 file or a full disk).
   * `checkpointThreshold`: the WAL size at which a commit checkpoints (DuckDB's default, 16 MB, where unset).
   */
  static async open(path: string, opts: { memoryLimit?: string; readOnly?: boolean; checkpointThreshold?: string } = {}): Promise<DuckDbDriver> {
    if (!opts.readOnly) removeEmptySpillDir(path);
    let instance: DuckDBInstance;
    try {
      // DuckDB's buffer pool would otherwise cache up to 80% of RAM; the ledger streams, so a modest cap suffices.
      const options: Record<string, string> = { memory_limit: opts.memoryLimit ?? DEFAULT_MEMORY_LIMIT };
      if (opts.readOnly) options.access_mode = 'READ_ONLY';
      if (opts.checkpointThreshold !== undefined) options.checkpoint_threshold = opts.checkpointThreshold;
      instance = await DuckDBInstance.create(path, options);
    } catch (e) {
      const why = explainDbError(e, path);
      if (why !== e) throw why;
      throw new TokenprintError('IO_ERROR', `cannot open the DuckDB ledger ${path}: ${(e as Error).message}`, { path });
    }
    const con = await instance.connect();
    return new DuckDbDriver(instance, con, path);
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<SqlRow[]> {
    const r = await explained(this.location, () => (params.length ? this.con.runAndReadAll(sql, params as never) : this.con.runAndReadAll(sql)));
    const rows = r.getRowObjects();
    for (const row of rows) for (const k of Object.keys(row)) (row as Record<string, unknown>)[k] = plain(row[k]);
    return rows as SqlRow[];
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    // Rows written by other statements are not in the key set: rebuild it at the next insert.
    if (/tp_rows/i.test(sql)) this.keySet = undefined;
    const r = await explained(this.location, () => (params.length ? this.con.run(sql, params as never) : this.con.run(sql)));
    return Number(r.rowsChanged);
  }

  /** Hashes of the keys stored under one factor set (key-set.ts), loaded on the first insert into that set. */
  private keySet: { fs: number; set: KeyHashSet } | undefined;
  private chunk: DuckDBDataChunk | undefined;

  /** The key set of factor set `fs` with room for `more` hashes: (re)built from tp_rows.key_hash when needed. */
  private async keysOf(fs: number, more: number): Promise<KeyHashSet> {
    const cur = this.keySet;
    if (cur?.fs === fs && cur.set.fits(more)) return cur.set;
    this.keySet = undefined;
    const stored = await this.con.runAndReadAll(`SELECT count(*) AS n FROM tp_rows WHERE fs = $1`, [fs]);
    // Room for half as many again: a growing ledger rebuilds O(log n) times, each a scan of one BIGINT column.
    const set = new KeyHashSet(Math.max(1 << 16, Math.ceil(1.5 * (Number(stored.getRows()[0][0]) + more))));
    const res = await this.con.stream(`SELECT CAST(key_hash AS DOUBLE) AS h FROM tp_rows WHERE fs = $1`, [fs]);
    for (;;) {
      const chunk = await res.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const v = chunk.getColumnVector(0);
      const it = itemsOf(v, Float64Array);
      const n = chunk.rowCount;
      for (let i = 0; i < n; i++) set.add(it !== undefined ? it[i] : (v.getItem(i) as number));
    }
    this.keySet = { fs, set };
    return set;
  }

  async insertRows(b: RowBatch, skipped?: Uint8Array): Promise<number> {
    return explained(this.location, () => this.insertNew(b, skipped));
  }

  private async insertNew(b: RowBatch, skipped: Uint8Array | undefined): Promise<number> {
    const n = b.n;
    // 1. Which keys does the ledger already hold under this factor set? A key whose hash is not in the in-memory
    //    set is certainly new; the few whose hash is (a duplicate, or rarely a hash collision) are checked exactly
    //    against the stored keys. A rolled-back batch leaves its hashes in the set: harmless, they are checked.
    const set = await this.keysOf(b.fs, n);
    let probable: number[] | undefined;
    for (let i = 0; i < n; i++) {
      if (!set.add(b.keyHash[i])) (probable ??= []).push(i);
    }
    let skip: Uint8Array | undefined;
    if (probable !== undefined && probable.length <= IN_LIST_MAX) {
      // A few hits (the usual case): fetch the stored keys of those hashes. The filter on key_hash is applied in the
      // scan, so only that integer column is read in full, not the keys.
      const hashes = [...new Set(probable.map((i) => b.keyHash[i]))];
      const got = await this.con.runAndReadAll(
        `SELECT key, CAST(key_hash AS DOUBLE) AS h FROM tp_rows WHERE fs = $1 AND key_hash IN (${hashes.join(', ')})`,
        [b.fs],
      );
      const stored = new Set<string>();
      for (const [key] of got.getRows()) stored.add(String(key));
      for (const i of probable) {
        if (stored.has(b.key[i])) (skip ??= new Uint8Array(n))[i] = 1;
      }
    } else if (probable !== undefined) {
      // Many hits (a file ingested again): stage the keys and join, the hash table built on the staged side.
      // (Re)created each time: a rolled-back first batch takes a temp table created in its transaction with it.
      await this.con.run(`CREATE TEMP TABLE IF NOT EXISTS tp_stage_keys (i INTEGER NOT NULL, key VARCHAR NOT NULL, h BIGINT NOT NULL)`);
      const ka: DuckDBAppender = await this.con.createAppender('tp_stage_keys', 'main', 'temp');
      for (let s = 0; s < probable.length; s += CHUNK) {
        const m = Math.min(CHUNK, probable.length - s);
        const chunk = DuckDBDataChunk.create(KEY_TYPES, m);
        const vi = chunk.getColumnVector(0);
        const vk = chunk.getColumnVector(1);
        const vh = chunk.getColumnVector(2);
        for (let j = 0; j < m; j++) {
          const i = probable[s + j];
          vi.setItem(j, i);
          vk.setItem(j, b.key[i]);
          vh.setItem(j, BigInt(b.keyHash[i]));
        }
        vi.flush();
        vk.flush();
        vh.flush();
        ka.appendDataChunk(chunk);
      }
      ka.closeSync();
      const dup = await this.con.runAndReadAll(
        `SELECT k.i FROM tp_rows r JOIN tp_stage_keys k ON r.key_hash = k.h AND r.key = k.key WHERE r.fs = $1`,
        [b.fs],
      );
      await this.con.run(`DELETE FROM tp_stage_keys`);
      if (dup.currentRowCount > 0) {
        skip = new Uint8Array(n);
        for (const [i] of dup.getRows()) skip[Number(i)] = 1;
      }
    }
    if (skip !== undefined && skipped !== undefined) skipped.set(skip.subarray(0, n));
    // 2. The new rows go straight into tp_rows, column by column, inside the caller's transaction.
    const ra: DuckDBAppender = await this.con.createAppender('tp_rows');
    const idx = new Int32Array(CHUNK);
    let inserted = 0;
    for (let i = 0; i < n; ) {
      let m = 0;
      for (; m < CHUNK && i < n; i++) if (skip === undefined || skip[i] === 0) idx[m++] = i;
      if (m === 0) continue;
      ra.appendDataChunk(rowChunk((this.chunk ??= DuckDBDataChunk.create(ROW_TYPES)), b, idx, m));
      inserted += m;
    }
    ra.closeSync();
    return inserted;
  }

  /** Rows go through an appender into a temp table, then one upsert (a VALUES list per 250 rows took minutes). */
  async upsertHourly(rows: readonly HourlyRow[]): Promise<void> {
    await explained(this.location, async () => {
      await this.con.run(`CREATE TEMP TABLE IF NOT EXISTS tp_stage_hourly (zone VARCHAR NOT NULL, hour_ms BIGINT NOT NULL, g_per_kwh DOUBLE NOT NULL, factor_type VARCHAR NOT NULL)`);
      await this.con.run(`DELETE FROM tp_stage_hourly`);
      const a: DuckDBAppender = await this.con.createAppender('tp_stage_hourly', 'main', 'temp');
      for (const r of rows) {
        a.appendVarchar(r.zone);
        a.appendBigInt(BigInt(r.hourMs));
        a.appendDouble(r.gPerKWh);
        a.appendVarchar(r.factorType);
        a.endRow();
      }
      a.closeSync();
      await this.con.run(
        `INSERT INTO tp_grid_hourly SELECT zone, hour_ms, g_per_kwh, factor_type FROM tp_stage_hourly
         ON CONFLICT (zone, hour_ms) DO UPDATE SET g_per_kwh = EXCLUDED.g_per_kwh, factor_type = EXCLUDED.factor_type`,
      );
      await this.con.run(`DELETE FROM tp_stage_hourly`);
    });
  }

  async appendRows(table: string, types: readonly AppendType[], rows: readonly (readonly (string | number | null)[])[]): Promise<void> {
    await explained(this.location, async () => {
      const a: DuckDBAppender = await this.con.createAppender(table);
      for (const r of rows) {
        for (let i = 0; i < types.length; i++) {
          const v = r[i];
          if (v === null) a.appendNull();
          else if (types[i] === 'text') a.appendVarchar(String(v));
          else if (types[i] === 'int') a.appendInteger(Number(v));
          else a.appendBigInt(BigInt(v));
        }
        a.endRow();
      }
      a.closeSync();
    });
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    return inTransaction(
      { run: (sql) => this.run(sql), rollback: () => this.con.run('ROLLBACK'), begin: 'BEGIN TRANSACTION', explain: (e) => explainDbError(e, this.location) },
      fn,
    );
  }

  async close(): Promise<void> {
    this.con.closeSync();
    if (!this.ownsInstance) return;
    this.instance.closeSync();
    removeEmptySpillDir(this.location);
  }
}
