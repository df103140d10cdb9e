/** A batch of ledger rows in columns (cheap to append to DuckDB data chunks or to pass to Postgres as arrays). */
import type { Footprint } from './estimator.js';
import type { UsageEvent } from '../sources/usage/event.js';

export const ROW_COLUMNS = [
  ['key', 'text'], ['event_id', 'text'], ['fs', 'int'], ['ingest', 'int'], ['line', 'int'], ['ts_ms', 'bigint'],
  ['dim', 'int'], ['label', 'int'], ['tags', 'text'],
  ['input_tokens', 'int'], ['cached_input_tokens', 'int'], ['output_tokens', 'int'], ['reasoning_tokens', 'int'], ['latency_ms', 'double'],
  ['energy_wh', 'double'], ['energy_wh_low', 'double'], ['energy_wh_high', 'double'],
  ['carbon_loc_g', 'double'], ['carbon_loc_g_low', 'double'], ['carbon_loc_g_high', 'double'],
  ['carbon_mkt_g', 'double'], ['carbon_mkt_g_low', 'double'], ['carbon_mkt_g_high', 'double'],
  ['water_ml', 'double'], ['water_ml_low', 'double'], ['water_ml_high', 'double'],
  ['embodied_g', 'double'], ['embodied_g_low', 'double'], ['embodied_g_high', 'double'],
] as const;

export type ColumnType = (typeof ROW_COLUMNS)[number][1];

export class RowBatch {
  n = 0;
  readonly key: string[] = [];
  readonly eventId: (string | null)[] = [];
  readonly line: number[] = [];
  readonly ingests: number[] = [];
  readonly tsMs: number[] = [];
  readonly dim: number[] = [];
  readonly label: number[] = [];
  readonly tags: (string | null)[] = [];
  readonly inputTokens: number[] = [];
  readonly cachedInputTokens: number[] = [];
  readonly outputTokens: number[] = [];
  readonly reasoningTokens: number[] = [];
  readonly latencyMs: (number | null)[] = [];
  /** The 15 footprint doubles in ROW_COLUMNS order, one array each. */
  readonly f: number[][] = Array.from({ length: 15 }, () => []);
  private readonly keys = new Set<string>();

  constructor(
    readonly fs: number,
    readonly ingest: number,
  ) {}

  /** False when the key is already in this batch (a duplicate within the batch). */
  push(key: string, e: UsageEvent, line: number, labelId: number, fp: Footprint, ingest = this.ingest): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    this.key.push(key);
    this.eventId.push(e.id ?? null);
    this.line.push(line);
    this.ingests.push(ingest);
    this.tsMs.push(e.timestampMs);
    this.dim.push(fp.dim.id);
    this.label.push(labelId);
    this.tags.push(e.tags ? JSON.stringify(e.tags) : null);
    this.inputTokens.push(e.inputTokens);
    this.cachedInputTokens.push(e.cachedInputTokens);
    this.outputTokens.push(e.outputTokens);
    this.reasoningTokens.push(e.reasoningTokens);
    this.latencyMs.push(e.latencyMs ?? null);
    const f = this.f;
    f[0].push(fp.energyWh); f[1].push(fp.energyWhLow); f[2].push(fp.energyWhHigh);
    f[3].push(fp.locG); f[4].push(fp.locGLow); f[5].push(fp.locGHigh);
    f[6].push(fp.mktG); f[7].push(fp.mktGLow); f[8].push(fp.mktGHigh);
    f[9].push(fp.waterMl); f[10].push(fp.waterMlLow); f[11].push(fp.waterMlHigh);
    f[12].push(fp.embodiedG); f[13].push(fp.embodiedGLow); f[14].push(fp.embodiedGHigh);
    this.n++;
    return true;
  }

  /** Column values in ROW_COLUMNS order. */
  columns(): (readonly (string | number | null)[])[] {
    const n = this.n;
    const fill = (v: number) => new Array<number>(n).fill(v);
    return [
      this.key, this.eventId, fill(this.fs), this.ingests, this.line, this.tsMs, this.dim, this.label, this.tags,
      this.inputTokens, this.cachedInputTokens, this.outputTokens, this.reasoningTokens, this.latencyMs,
      ...this.f,
    ];
  }
}
