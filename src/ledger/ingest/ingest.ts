/**
 * Ingestion: stream usage files, validate each record once, estimate it, and write batches that commit together
 * with a per-file checkpoint. Re-running the same command after a crash (even `kill -9`) resumes the interrupted
 * ingest at its last committed line, so the ledger ends with exactly the totals of one clean run. Events already
 * in the ledger (same id, else same content) are counted as duplicates and add nothing.
 */
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { UsageFormat } from '../../sources/usage/event.js';
import { detectFormat } from '../../sources/usage/detect.js';
import { InvalidInputError } from '../../core/errors.js';
import type { LedgerConfig } from '../config.js';
import type { Dim, UnknownModelCount } from './estimator.js';
import { countUnmappedGeo, type UnmappedGeoCount } from './aggregate-record.js';
import type { LedgerStore, RejectRow } from '../store/store.js';
import type { AggregateRow } from '../store/aggregate-rows.js';
import { RowBatch } from '../store/rows.js';
import type { LabelRow, Packet, ProducerInit } from './ingest-packets.js';
import { InlineSource, WorkerSource, type PacketSource } from './packet-source.js';
import { factorSetForIngest } from '../store/factor-set.js';
import { ingestTotals, setDuckDbSettings, waterPartsL } from '../store/queries.js';

export interface IngestOptions {
  readonly format?: UsageFormat;
  /** Records per committed batch. */
  readonly batchSize?: number;
  readonly onProgress?: (p: { file: string; records: number; line: number }) => void;
  /** Called after each commit (tests use it to kill a run mid-way). */
  readonly onCommit?: (p: { file: string; linesDone: number }) => void;
  /** Parse in a worker thread (default: when the input is at least WORKER_MIN_BYTES). */
  readonly worker?: boolean;
  /** Called when another writer holds the ledger (PostgreSQL) and this ingest waits for it. */
  readonly onLockWait?: () => void;
  /** The config deployment that self-hosted buckets (vLLM metrics) ran on, when their served model name is not it. */
  readonly deployment?: string;
}

export interface IngestSummary {
  readonly ingestId: number;
  readonly factorSet: number;
  readonly resumed: boolean;
  readonly files: readonly { path: string; format: string; read: number; accepted: number; rejected: number; duplicates: number; ignoredSpans: number; blank: number }[];
  /** Records read: `read = accepted + rejected + duplicates`. */
  readonly read: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly duplicates: number;
  /** Blank (empty or whitespace-only) lines of line-based files: not records, so beside `read`, not in it. */
  readonly blank: number;
  readonly energyKWh: number;
  readonly carbonKg: { readonly location: number; readonly market: number };
  /** Total water, L: on-site (cooling) + off-site (electricity generation). */
  readonly waterL: number;
  /** The on-site and off-site parts of waterL, L; null when a row of this ingest predates the split (schema < 4). */
  readonly waterOnsiteL: number | null;
  readonly waterOffsiteL: number | null;
  readonly embodiedKg: number;
  /**
   * Provider models neither the catalog nor the config's mapping knows, listed once per ingest with their event
   * counts in this run (their rows are rejected or booked leniently per `unknownModels`, as each row says). Absent
   * when there are none.
   */
  readonly unknownModels?: readonly UnknownModelCount[];
  /**
   * Anthropic `inference_geo` values that mapping.zones does not map, listed once per ingest with their bucket counts
   * in this run and the zone their buckets were booked in instead (the provider's region). Absent when there are none.
   */
  readonly unmappedGeos?: readonly UnmappedGeoCount[];
}

/** Identity of a file's content without reading it all: size, mtime and a hash of its first 64 KiB. */
export async function fingerprint(path: string): Promise<string> {
  const st = await stat(path);
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(FINGERPRINT_BYTES, st.size));
    await fh.read(buf, 0, buf.length, 0);
    return printOf(st.size, st.mtimeMs, buf);
  } finally {
    await fh.close();
  }
}

/** Bytes of a file's head its fingerprint hashes. */
const FINGERPRINT_BYTES = 65536;
const printOf = (size: number, mtimeMs: number, head: Uint8Array) => `${size}:${Math.floor(mtimeMs)}:${createHash('sha256').update(head).digest('hex').slice(0, 16)}`;

/** `fingerprint` of a file whose whole content is in hand (a request body just written), given its mtime. */
export function fingerprintOf(content: Uint8Array, mtimeMs: number): string {
  return printOf(content.length, mtimeMs, content.subarray(0, FINGERPRINT_BYTES));
}

export async function ingest(store: LedgerStore, config: LedgerConfig, paths: readonly string[], o: IngestOptions = {}): Promise<IngestSummary> {
  if (paths.length === 0) throw new InvalidInputError('FILE', 'give at least one usage file (JSONL, CSV or OTLP-JSON, optionally gzipped)');
  const sizes: { path: string; bytes: number }[] = [];
  for (const p of paths) {
    const abs = resolve(p);
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(abs);
    } catch {
      throw new InvalidInputError('FILE', `${p} does not exist or cannot be read`);
    }
    // A device, pipe or directory has no stable content to fingerprint and resume from (and /dev/zero never ends).
    if (!st.isFile()) throw new InvalidInputError('FILE', `${p} is not a regular file: save the usage records to a file and ingest that`);
    sizes.push({ path: abs, bytes: st.size });
  }
  // A large input is parsed in a worker thread, started now so that it loads while the ledger is prepared.
  const worker = useWorker(o.worker, sizes.reduce((a, f) => a + f.bytes, 0)) ? new WorkerSource() : undefined;
  try {
    const unlock = await store.writerLock(o.onLockWait);
    try {
      const fs = await factorSetForIngest(store, config);
      return await ingestFiles(store, config, fs, sizes, worker, o);
    } finally {
      await unlock();
    }
  } finally {
    await worker?.close();
  }
}

async function ingestFiles(
  store: LedgerStore,
  config: LedgerConfig,
  fs: number,
  sizes: readonly { path: string; bytes: number }[],
  worker: WorkerSource | undefined,
  o: IngestOptions,
): Promise<IngestSummary> {
  const files: { path: string; fingerprint: string; format: UsageFormat }[] = [];
  for (const { path } of sizes) files.push({ path, fingerprint: await fingerprint(path), format: o.format ?? (await detectFormat(path)).format });
  const signature = createHash('sha256')
    .update(JSON.stringify({ fs, files: files.map((f) => [f.path, f.fingerprint, f.format]) }))
    .digest('hex')
    .slice(0, 24);
  let ingestId = await store.findRunning(signature);
  const resumed = ingestId !== undefined;
  if (ingestId === undefined) ingestId = await store.createIngest(signature, fs, files);
  const progress = await store.ingestFiles(ingestId);
  const init: ProducerInit = { config, hourly: await store.hourly(), dimIds: await store.dimIds(), labelIds: await store.labelIds(), fs, ingestId, deployment: o.deployment };
  const source: PacketSource = worker?.start(init) ?? new InlineSource(init);
  const batchSize = o.batchSize ?? DEFAULT_BATCH_SIZE;

  const unknown = new Map<string, UnknownModelCount>();
  const geos = new Map<string, UnmappedGeoCount>();
  const spare: RowBatch[] = [];
  // DuckDB's settings for a streaming bulk load (restored afterwards).
  const restore = await tuneForIngest(store);
  // One commit in flight while the next batch is filled (DuckDB and PostgreSQL work off the JS thread).
  let inflight: Promise<void> = Promise.resolve();
  try {
    for (const f of progress) {
      // Two batches, reused: one being filled while the other commits.
      let batch = spare.pop() ?? new RowBatch(fs, ingestId, batchSize + 16384);
      let rejects: RejectRow[] = [];
      let dims: Dim[] = [];
      let labels: LabelRow[] = [];
      let aggregates: AggregateRow[] = [];
      let read = 0;
      let accepted = 0;
      let ignored = 0;
      let blank = 0;
      let lastLine = f.linesDone;
      let records = f.read;
      const flush = async () => {
        const commit = {
          rows: batch,
          dims,
          labels,
          rejects,
          aggregates: { rows: aggregates, file: f.path },
          checkpoint: { ingest: ingestId, fileNo: f.fileNo, linesDone: lastLine, read, rejected: rejects.length, accepted, ignoredSpans: ignored, blank },
        };
        rejects = [];
        dims = [];
        labels = [];
        aggregates = [];
        read = 0;
        accepted = 0;
        ignored = 0;
        blank = 0;
        await inflight;
        batch = spare.pop() ?? new RowBatch(fs, ingestId, batchSize + 16384);
        const done = commit.checkpoint.linesDone;
        inflight = store.commit(commit).then(() => {
          commit.rows.reset();
          spare.push(commit.rows);
          o.onCommit?.({ file: f.path, linesDone: done });
        });
        inflight.catch(() => undefined); // awaited (and rethrown) at the next flush or at the end of the file
      };
      const packets = source.packets({ path: f.path, format: f.format as UsageFormat, skipLines: f.linesDone });
      let readError: unknown;
      let ended = false;
      try {
        for (;;) {
          let next: IteratorResult<Packet>;
          try {
            next = await packets.next();
          } catch (e) {
            readError = e; // the file cannot be read further (e.g. corrupt gzip): keep what was read, then report
            break;
          }
          if (next.done) {
            ended = true;
            break;
          }
          const p = next.value;
          batch.appendPacket(p.rows);
          for (const r of p.rejects) rejects.push(r);
          for (const d of p.dims) dims.push(d);
          for (const l of p.labels) labels.push(l);
          for (const a of p.aggregates) aggregates.push(a);
          read += p.read;
          accepted += p.accepted;
          ignored += p.ignoredSpans;
          blank += p.blank;
          for (const u of p.unknownModels) {
            const k = `${u.provider}\u0001${u.model}\u0001${u.outcome}`;
            unknown.set(k, { ...u, events: (unknown.get(k)?.events ?? 0) + u.events });
          }
          for (const g of p.unmappedGeos) countUnmappedGeo(geos, g, g.buckets);
          lastLine = p.lastLine;
          records += p.read;
          o.onProgress?.({ file: f.path, records, line: lastLine });
          if (read >= batchSize) await flush();
        }
      } finally {
        // Stopped early (a failed commit, a read error): close the reader (file handle, worker listeners).
        if (!ended) await packets.return(undefined).catch(() => undefined);
      }
      if (read > 0 || ignored > 0 || lastLine > f.linesDone) await flush();
      await inflight;
      if (readError !== undefined) throw readError;
    }
  } finally {
    // Never leave a commit running on the connection (a settings change or close during it can crash DuckDB).
    await inflight.catch(() => undefined);
    await restore();
  }
  await store.finishIngest(ingestId);
  return summarize(store, ingestId, resumed, [...unknown.values()].sort((a, b) => b.events - a.events), [...geos.values()].sort((a, b) => b.buckets - a.buckets));
}

/**
 * Rows per committed batch (each commit is one transaction with its checkpoint). Measured on 2 cores, 1M events:
 * 10,000 is ≈ 35% slower and ≈ 90 MB smaller at peak (bench line `--batch-size 10000`); 75,000–100,000 no faster.
 */
export const DEFAULT_BATCH_SIZE = 50_000;

/**
 * Inputs at least this large are parsed in a worker thread (TOKENPRINT_INGEST_WORKER=0|1 forces either way). The
 * worker costs ≈ 0.1–0.15 s to start; measured on 2 cores (3 runs each), it was slower at 8 MiB (35,000 events:
 * 0.62–0.72 s vs 0.54–0.60 s in-line) and 16 MiB (70,000: 0.92–0.98 vs 0.80–0.83 s), and about even at 33 MiB
 * (140,000: 1.08–1.52 vs 1.31–1.47 s); at 1M events it is ≈ 1.6–2× faster (≈ 230k vs 100–145k events/s).
 */
export const WORKER_MIN_BYTES = 32 << 20;

function useWorker(option: boolean | undefined, bytes: number): boolean {
  if (option !== undefined) return option;
  const env = process.env.TOKENPRINT_INGEST_WORKER;
  if (env === '0' || env === '1') return env === '1';
  return bytes >= WORKER_MIN_BYTES;
}

/** Memory cap DuckDB gets while ingesting (its buffer pool only caches; the rows stream through). */
export const INGEST_MEMORY_LIMIT = '64MB';

/**
 * DuckDB settings for the duration of an ingest, each restored afterwards:
 * - memory_limit: a small buffer pool (TOKENPRINT_DUCKDB_MEMORY_LIMIT overrides): memory flat in input size;
 * - disabled_compression_methods: the analysis of FSST (strings) and ALP/ALPRD/Chimp/Patas (doubles) costs more
 *   CPU than every other part of the write, and buys ~5% of file size on ledger rows (keys are unique, footprints
 *   are full-precision doubles); dictionary, RLE, bit-packing and frame-of-reference stay on;
 * - allocator_flush_threshold: return freed memory to the system after each task above 8 MB rather than 128 MB
 *   (no effect on peak RSS that this machine's noise let us measure; it only lowers the retained baseline);
 * - threads = 1: a commit's work runs on the thread that asks for it; DuckDB's other scheduler thread would only
 *   spin waiting for tasks, on a core the parsing worker needs (measured: ≈ 7% faster on 2 cores).
 */
export async function tuneForIngest(store: LedgerStore): Promise<() => Promise<void>> {
  if (store.dialect !== 'duckdb') return async () => undefined;
  const settings: [string, string][] = [
    ['disabled_compression_methods', 'fsst,alp,alprd,chimp,patas'],
    ['allocator_flush_threshold', '8MB'],
    ['threads', '1'],
  ];
  if (!process.env.TOKENPRINT_DUCKDB_MEMORY_LIMIT) settings.push(['memory_limit', INGEST_MEMORY_LIMIT]);
  return setDuckDbSettings(store, settings);
}

export async function summarize(
  store: LedgerStore,
  ingestId: number,
  resumed = false,
  unknownModels: readonly UnknownModelCount[] = [],
  unmappedGeos: readonly UnmappedGeoCount[] = [],
): Promise<IngestSummary> {
  const info = await store.ingestInfo(ingestId);
  if (!info) throw new InvalidInputError('--ingest', `no ingest ${ingestId} in ${store.driver.location}`);
  const files = await store.ingestFiles(ingestId);
  const t = await ingestTotals(store, ingestId, info.fs);
  const n = (k: string) => Number(t[k]);
  const sum = (k: 'read' | 'accepted' | 'rejected' | 'duplicates' | 'blank') => files.reduce((a, f) => a + f[k], 0);
  return {
    ingestId,
    factorSet: info.fs,
    resumed,
    files: files.map((f) => ({ path: f.path, format: f.format, read: f.read, accepted: f.accepted, rejected: f.rejected, duplicates: f.duplicates, ignoredSpans: f.ignoredSpans, blank: f.blank })),
    read: sum('read'),
    accepted: sum('accepted'),
    rejected: sum('rejected'),
    duplicates: sum('duplicates'),
    blank: sum('blank'),
    energyKWh: n('e') / 1000,
    carbonKg: { location: n('l') / 1000, market: n('m') / 1000 },
    waterL: n('w') / 1000,
    ...waterPartsL(t),
    embodiedKg: n('b') / 1000,
    ...(unknownModels.length > 0 ? { unknownModels } : {}),
    ...(unmappedGeos.length > 0 ? { unmappedGeos } : {}),
  };
}
