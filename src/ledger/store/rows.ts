/**
 * A batch of ledger rows in columns: numbers in typed arrays (no per-row allocation, copied straight into DuckDB
 * vectors), strings in plain arrays. `columns()` gives plain arrays for drivers that bind one array per column.
 * A `RowPacket` is the same columns cut to length, small enough to cross from the parsing worker to the writer
 * (ingest-worker.ts); `appendPacket` adds one to a batch.
 */
import type { Footprint } from '../ingest/estimator.js';
import type { UsageEvent } from '../../sources/usage/event.js';
import { keyHash, KeyHashSet } from './key-set.js';

export const ROW_COLUMNS = [
  // key_is_id: 1 when `key` is the event's own id (the ledger view shows it as event_id), 0 for a content hash.
  ['key', 'text'], ['key_is_id', 'int'], ['fs', 'int'], ['ingest', 'int'], ['line', 'int'], ['ts_ms', 'bigint'],
  ['dim', 'int'], ['label', 'int'], ['tags', 'text'],
  ['input_tokens', 'int'], ['cached_input_tokens', 'int'], ['output_tokens', 'int'], ['reasoning_tokens', 'int'], ['latency_ms', 'double'],
  ['energy_wh', 'double'], ['energy_wh_low', 'double'], ['energy_wh_high', 'double'],
  ['carbon_loc_g', 'double'], ['carbon_loc_g_low', 'double'], ['carbon_loc_g_high', 'double'],
  ['carbon_mkt_g', 'double'], ['carbon_mkt_g_low', 'double'], ['carbon_mkt_g_high', 'double'],
  ['water_ml', 'double'], ['water_ml_low', 'double'], ['water_ml_high', 'double'],
  ['embodied_g', 'double'], ['embodied_g_low', 'double'], ['embodied_g_high', 'double'],
  // On-site (cooling) part of water_ml, central value; off-site = water_ml − water_onsite_ml. NULL in rows migrated
  // from schema 3 until they are restated (schema.ts migrate3to4).
  ['water_onsite_ml', 'double'],
  // 53-bit hash of `key` (key-set.ts): DuckDB's duplicate check keeps these in memory instead of joining on keys.
  ['key_hash', 'bigint'],
] as const;

export type ColumnType = (typeof ROW_COLUMNS)[number][1];

/** Integer columns kept in `ints`, in this order (ROW_COLUMNS index of each). */
export const INT_COLUMNS = [3, 4, 6, 7, 9, 10, 11, 12, 1] as const;
/** ROW_COLUMNS index of the first of the footprint doubles. */
export const FOOTPRINT_COLUMN = 14;
/** Number of footprint doubles (energy, carbon loc, carbon mkt, water, embodied × value/low/high; water on-site). */
export const FOOTPRINT_DOUBLES = 16;
/** ROW_COLUMNS index of key_hash. */
export const KEY_HASH_COLUMN = 30;

/** Rows cut to length (typed arrays exactly `n` long, transferable between threads). */
export interface RowPacket {
  readonly n: number;
  readonly key: string[];
  readonly tags: (string | null)[];
  readonly ints: Int32Array[];
  readonly tsMs: Float64Array;
  readonly latencyMs: Float64Array;
  readonly f: Float64Array[];
}

/** The ArrayBuffers of a packet (to transfer rather than copy). */
export function packetBuffers(p: RowPacket): ArrayBuffer[] {
  return [...p.ints, p.tsMs, p.latencyMs, ...p.f].map((a) => a.buffer as ArrayBuffer);
}

/** Map keys for row lookup by hash: small integers (no boxed doubles); collisions are resolved on the full key. */
const SLOT_MOD = 1 << 30;

export class RowBatch {
  n = 0;
  readonly key: string[] = [];
  readonly tags: (string | null)[] = [];
  /** ingest, line, dim, label, input, cached input, output, reasoning tokens, key_is_id (INT_COLUMNS order). */
  ints: Int32Array[];
  tsMs: Float64Array;
  /** NaN where the event has no latency. */
  latencyMs: Float64Array;
  /** The FOOTPRINT_DOUBLES footprint doubles in ROW_COLUMNS order. */
  f: Float64Array[];
  /** keyHash(key) of each row (an integer < 2^53). */
  keyHash: Float64Array;
  private cap: number;
  /**
   * Duplicates within the batch: hashes of its keys (a miss is certainly new); on the first hit, a map from hash to
   * the first row holding it (and, rarely, the other rows sharing its slot), kept from then on, confirms hits exactly
   * against the keys.
   */
  private seen: KeyHashSet;
  private firstRow: Map<number, number> | undefined;
  private sameSlot: Map<number, number[]> | undefined;
  /** Scratch for appendPacket: which rows of the packet are kept. */
  private kept = new Int32Array(0);

  constructor(
    readonly fs: number,
    readonly ingest: number,
    capacity = 4096,
    /** Drop a key already in the batch (off for a producer's packets: the batch they are appended to checks). */
    private readonly dedupe = true,
    /** The key hash (tests force collisions with their own). */
    private readonly hashOf: (key: string) => number = keyHash,
  ) {
    this.cap = Math.max(16, capacity);
    this.ints = Array.from({ length: INT_COLUMNS.length }, () => new Int32Array(this.cap));
    this.tsMs = new Float64Array(this.cap);
    this.latencyMs = new Float64Array(this.cap);
    this.f = Array.from({ length: FOOTPRINT_DOUBLES }, () => new Float64Array(this.cap));
    this.keyHash = new Float64Array(this.cap);
    this.seen = new KeyHashSet(dedupe ? this.cap : 1);
  }

  /** Empties the batch, keeping its buffers (batches are reused across commits). */
  reset(): void {
    this.n = 0;
    this.key.length = 0;
    this.tags.length = 0;
    if (this.dedupe) this.seen.clear();
    this.firstRow = undefined;
    this.sameSlot = undefined;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const g64 = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.ints = this.ints.map((a) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    });
    this.tsMs = g64(this.tsMs);
    this.latencyMs = g64(this.latencyMs);
    this.f = this.f.map(g64);
    this.keyHash = g64(this.keyHash);
    this.cap = cap;
  }

  /** Whether key `k` (hash `h`) is already in rows [0, at); records it as row `at`'s key when it is not. */
  private isDuplicate(k: string, h: number, at: number): boolean {
    if (!this.seen.fits(1)) this.rebuildSeen(at);
    const slot = h % SLOT_MOD; // a small integer key for the maps below (hits are confirmed on the full key)
    if (this.seen.add(h)) {
      if (this.firstRow !== undefined && !this.firstRow.has(slot)) this.firstRow.set(slot, at);
      else if (this.firstRow !== undefined) this.alsoRow(slot, at);
      return false;
    }
    if (this.firstRow === undefined) {
      this.firstRow = new Map();
      for (let i = 0; i < at; i++) {
        const x = this.keyHash[i] % SLOT_MOD;
        if (!this.firstRow.has(x)) this.firstRow.set(x, i);
        else this.alsoRow(x, i);
      }
    }
    const r = this.firstRow.get(slot);
    if (r === undefined) {
      this.firstRow.set(slot, at);
      return false;
    }
    if (this.key[r] === k) return true;
    const more = this.sameSlot?.get(slot);
    if (more !== undefined) for (const x of more) if (this.key[x] === k) return true;
    this.alsoRow(slot, at);
    return false;
  }

  /** Rows whose slot is already some other row's (another key: rare). */
  private alsoRow(slot: number, row: number): void {
    const m = (this.sameSlot ??= new Map());
    const rows = m.get(slot);
    if (rows === undefined) m.set(slot, [row]);
    else rows.push(row);
  }

  private rebuildSeen(upTo: number): void {
    this.seen = new KeyHashSet(this.cap * 2);
    for (let i = 0; i < upTo; i++) this.seen.add(this.keyHash[i]);
  }

  /** False when the key is already in this batch (a duplicate within the batch). */
  push(key: string, e: UsageEvent, line: number, labelId: number, fp: Footprint, ingest = this.ingest): boolean {
    // A producer's batch (no duplicate check) leaves the hash to the batch its packet is appended to.
    const h = this.dedupe ? this.hashOf(key) : 0;
    const i = this.n;
    if (i === this.cap) this.grow();
    if (this.dedupe && this.isDuplicate(key, h, i)) return false;
    this.key.push(key);
    this.tags.push(e.tags ? JSON.stringify(e.tags) : null);
    const t = this.ints;
    t[0][i] = ingest;
    t[1][i] = line;
    t[2][i] = fp.dim.id;
    t[3][i] = labelId;
    t[4][i] = e.inputTokens;
    t[5][i] = e.cachedInputTokens;
    t[6][i] = e.outputTokens;
    t[7][i] = e.reasoningTokens;
    t[8][i] = e.id !== undefined && e.id === key ? 1 : 0;
    this.tsMs[i] = e.timestampMs;
    this.keyHash[i] = h;
    this.latencyMs[i] = e.latencyMs ?? NaN;
    const f = this.f;
    f[0][i] = fp.energyWh; f[1][i] = fp.energyWhLow; f[2][i] = fp.energyWhHigh;
    f[3][i] = fp.locG; f[4][i] = fp.locGLow; f[5][i] = fp.locGHigh;
    f[6][i] = fp.mktG; f[7][i] = fp.mktGLow; f[8][i] = fp.mktGHigh;
    f[9][i] = fp.waterMl; f[10][i] = fp.waterMlLow; f[11][i] = fp.waterMlHigh;
    f[12][i] = fp.embodiedG; f[13][i] = fp.embodiedGLow; f[14][i] = fp.embodiedGHigh;
    f[15][i] = fp.waterOnsiteMl;
    this.n = i + 1;
    return true;
  }

  /** Books every row under ingest `id` (rows parsed before their ingest existed: the server's group commit). */
  setIngest(id: number): void {
    this.ints[0].fill(id, 0, this.n);
  }

  /** Appends a packet's rows, leaving out keys the batch already holds; returns the number of rows added. */
  appendPacket(p: RowPacket): number {
    const start = this.n;
    while (this.cap < start + p.n) this.grow();
    // Keys first, each checked against every earlier row (this packet's included) and put in place; a duplicate's
    // slot is reused by the next key. `kept` lists the packet rows that stay.
    const kept = this.kept.length >= p.n ? this.kept : (this.kept = new Int32Array(p.n));
    let i = start;
    for (let j = 0; j < p.n; j++) {
      const k = p.key[j];
      const h = this.hashOf(k);
      this.key[i] = k;
      this.keyHash[i] = h;
      if (this.isDuplicate(k, h, i)) continue;
      kept[i - start] = j;
      i++;
    }
    const m = i - start;
    this.key.length = i;
    if (m === p.n) {
      // The usual case, no duplicate: whole columns copied at once.
      for (let k = 0; k < this.ints.length; k++) this.ints[k].set(p.ints[k], start);
      for (let k = 0; k < FOOTPRINT_DOUBLES; k++) this.f[k].set(p.f[k], start);
      this.tsMs.set(p.tsMs, start);
      this.latencyMs.set(p.latencyMs, start);
      for (let j = 0; j < m; j++) this.tags.push(p.tags[j]);
    } else {
      const col = <T extends Int32Array | Float64Array>(dst: T, src: T) => {
        for (let r = 0; r < m; r++) dst[start + r] = src[kept[r]];
      };
      for (let k = 0; k < this.ints.length; k++) col(this.ints[k], p.ints[k]);
      for (let k = 0; k < FOOTPRINT_DOUBLES; k++) col(this.f[k], p.f[k]);
      col(this.tsMs, p.tsMs);
      col(this.latencyMs, p.latencyMs);
      for (let r = 0; r < m; r++) this.tags.push(p.tags[kept[r]]);
    }
    this.n = i;
    return m;
  }

  /** The rows as a packet (copies cut to length), for another thread. */
  toPacket(): RowPacket {
    const n = this.n;
    return {
      n,
      key: this.key.slice(),
      tags: this.tags.slice(),
      ints: this.ints.map((a) => a.slice(0, n)),
      tsMs: this.tsMs.slice(0, n),
      latencyMs: this.latencyMs.slice(0, n),
      f: this.f.map((a) => a.slice(0, n)),
    };
  }

  /** Value of ROW_COLUMNS[c] at row i (null for a missing optional value). */
  value(c: number, i: number): string | number | null {
    switch (c) {
      case 0:
        return this.key[i];
      case 2:
        return this.fs;
      case 5:
        return this.tsMs[i];
      case 8:
        return this.tags[i];
      case KEY_HASH_COLUMN:
        return this.keyHash[i];
      case 13: {
        const v = this.latencyMs[i];
        return Number.isNaN(v) ? null : v;
      }
      default: {
        const k = (INT_COLUMNS as readonly number[]).indexOf(c);
        return k >= 0 ? this.ints[k][i] : this.f[c - FOOTPRINT_COLUMN][i];
      }
    }
  }

  /** Column values in ROW_COLUMNS order, as plain arrays. */
  columns(): (readonly (string | number | null)[])[] {
    return ROW_COLUMNS.map((_, c) => Array.from({ length: this.n }, (_, i) => this.value(c, i)));
  }
}
