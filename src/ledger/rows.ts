/**
 * A batch of ledger rows in columns: numbers in typed arrays (no per-row allocation, copied straight into DuckDB
 * vectors), strings in plain arrays. `columns()` gives plain arrays for drivers that bind one array per column.
 */
import type { Footprint } from './estimator.js';
import type { UsageEvent } from '../sources/usage/event.js';
import { keyHash } from './key-set.js';

export const ROW_COLUMNS = [
  ['key', 'text'], ['event_id', 'text'], ['fs', 'int'], ['ingest', 'int'], ['line', 'int'], ['ts_ms', 'bigint'],
  ['dim', 'int'], ['label', 'int'], ['tags', 'text'],
  ['input_tokens', 'int'], ['cached_input_tokens', 'int'], ['output_tokens', 'int'], ['reasoning_tokens', 'int'], ['latency_ms', 'double'],
  ['energy_wh', 'double'], ['energy_wh_low', 'double'], ['energy_wh_high', 'double'],
  ['carbon_loc_g', 'double'], ['carbon_loc_g_low', 'double'], ['carbon_loc_g_high', 'double'],
  ['carbon_mkt_g', 'double'], ['carbon_mkt_g_low', 'double'], ['carbon_mkt_g_high', 'double'],
  ['water_ml', 'double'], ['water_ml_low', 'double'], ['water_ml_high', 'double'],
  ['embodied_g', 'double'], ['embodied_g_low', 'double'], ['embodied_g_high', 'double'],
  // 53-bit hash of `key` (key-set.ts): DuckDB's duplicate check keeps these in memory instead of joining on keys.
  ['key_hash', 'bigint'],
] as const;

export type ColumnType = (typeof ROW_COLUMNS)[number][1];

/** Integer columns kept in `ints`, in this order (ROW_COLUMNS index of each). */
export const INT_COLUMNS = [3, 4, 6, 7, 9, 10, 11, 12] as const;
/** ROW_COLUMNS index of the first of the 15 footprint doubles. */
export const FOOTPRINT_COLUMN = 14;
/** ROW_COLUMNS index of key_hash. */
export const KEY_HASH_COLUMN = 29;

export class RowBatch {
  n = 0;
  readonly key: string[] = [];
  readonly eventId: (string | null)[] = [];
  readonly tags: (string | null)[] = [];
  /** ingest, line, dim, label, input, cached input, output, reasoning tokens (INT_COLUMNS order). */
  ints: Int32Array[];
  tsMs: Float64Array;
  /** NaN where the event has no latency. */
  latencyMs: Float64Array;
  /** The 15 footprint doubles in ROW_COLUMNS order. */
  f: Float64Array[];
  /** keyHash(key) of each row (an integer < 2^53). */
  keyHash: Float64Array;
  private cap: number;
  private readonly keys = new Set<string>();

  constructor(
    readonly fs: number,
    readonly ingest: number,
    capacity = 4096,
  ) {
    this.cap = Math.max(16, capacity);
    this.ints = Array.from({ length: INT_COLUMNS.length }, () => new Int32Array(this.cap));
    this.tsMs = new Float64Array(this.cap);
    this.latencyMs = new Float64Array(this.cap);
    this.f = Array.from({ length: 15 }, () => new Float64Array(this.cap));
    this.keyHash = new Float64Array(this.cap);
  }

  /** Empties the batch, keeping its buffers (batches are reused across commits). */
  reset(): void {
    this.n = 0;
    this.key.length = 0;
    this.eventId.length = 0;
    this.tags.length = 0;
    this.keys.clear();
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

  /** False when the key is already in this batch (a duplicate within the batch). */
  push(key: string, e: UsageEvent, line: number, labelId: number, fp: Footprint, ingest = this.ingest): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    const i = this.n;
    if (i === this.cap) this.grow();
    this.key.push(key);
    this.eventId.push(e.id ?? null);
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
    this.tsMs[i] = e.timestampMs;
    this.keyHash[i] = keyHash(key);
    this.latencyMs[i] = e.latencyMs ?? NaN;
    const f = this.f;
    f[0][i] = fp.energyWh; f[1][i] = fp.energyWhLow; f[2][i] = fp.energyWhHigh;
    f[3][i] = fp.locG; f[4][i] = fp.locGLow; f[5][i] = fp.locGHigh;
    f[6][i] = fp.mktG; f[7][i] = fp.mktGLow; f[8][i] = fp.mktGHigh;
    f[9][i] = fp.waterMl; f[10][i] = fp.waterMlLow; f[11][i] = fp.waterMlHigh;
    f[12][i] = fp.embodiedG; f[13][i] = fp.embodiedGLow; f[14][i] = fp.embodiedGHigh;
    this.n = i + 1;
    return true;
  }

  /** Value of ROW_COLUMNS[c] at row i (null for a missing optional value). */
  value(c: number, i: number): string | number | null {
    switch (c) {
      case 0:
        return this.key[i];
      case 1:
        return this.eventId[i];
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
