/**
 * Ingestion: stream usage files, validate each record once, estimate it, and write batches that commit together
 * with a per-file checkpoint. Re-running the same command after a crash (even `kill -9`) resumes the interrupted
 * ingest at its last committed line, so the ledger ends with exactly the totals of one clean run. Events already
 * in the ledger (same id, else same content) are counted as duplicates and add nothing.
 */
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { UsageEvent, UsageFormat } from '../sources/usage/event.js';
import { readUsage } from '../sources/usage/reader.js';
import { detectFormat } from '../sources/usage/detect.js';
import { InvalidInputError } from '../core/errors.js';
import type { LedgerConfig } from './config.js';
import { LedgerEstimator, emptyFootprint } from './estimator.js';
import type { LedgerStore, RejectRow } from './store.js';
import { RowBatch } from './rows.js';
import { Labels } from './labels.js';
import { factorSetForIngest } from './factor-set.js';

export interface IngestOptions {
  readonly format?: UsageFormat;
  /** Records per committed batch. */
  readonly batchSize?: number;
  readonly onProgress?: (p: { file: string; records: number; line: number }) => void;
  /** Called after each commit (tests use it to kill a run mid-way). */
  readonly onCommit?: (p: { file: string; linesDone: number }) => void;
}

export interface IngestSummary {
  readonly ingestId: number;
  readonly factorSet: number;
  readonly resumed: boolean;
  readonly files: readonly { path: string; format: string; read: number; accepted: number; rejected: number; duplicates: number; ignoredSpans: number }[];
  readonly read: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly energyKWh: number;
  readonly carbonKg: { readonly location: number; readonly market: number };
  readonly waterL: number;
  readonly embodiedKg: number;
}

/** Identity of a file's content without reading it all: size, mtime and a hash of its first 64 KiB. */
export async function fingerprint(path: string): Promise<string> {
  const st = await stat(path);
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(65536, st.size));
    await fh.read(buf, 0, buf.length, 0);
    return `${st.size}:${Math.floor(st.mtimeMs)}:${createHash('sha256').update(buf).digest('hex').slice(0, 16)}`;
  } finally {
    await fh.close();
  }
}

/** The idempotency key: the event id, else a hash of the event's content. */
export function eventKey(e: UsageEvent): string {
  if (e.id !== undefined) return e.id;
  return 'h:' + createHash('sha1').update(JSON.stringify(e)).digest('base64url').slice(0, 24);
}

export async function ingest(store: LedgerStore, config: LedgerConfig, paths: readonly string[], o: IngestOptions = {}): Promise<IngestSummary> {
  if (paths.length === 0) throw new InvalidInputError('FILE', 'give at least one usage file (JSONL, CSV or OTLP-JSON, optionally gzipped)');
  const fs = await factorSetForIngest(store, config);
  const files: { path: string; fingerprint: string; format: UsageFormat }[] = [];
  for (const p of paths) {
    const abs = resolve(p);
    try {
      await stat(abs);
    } catch {
      throw new InvalidInputError('FILE', `${p} does not exist or cannot be read`);
    }
    files.push({ path: abs, fingerprint: await fingerprint(abs), format: o.format ?? (await detectFormat(abs)).format });
  }
  const signature = createHash('sha256')
    .update(JSON.stringify({ fs, files: files.map((f) => [f.path, f.fingerprint, f.format]) }))
    .digest('hex')
    .slice(0, 24);
  let ingestId = await store.findRunning(signature);
  const resumed = ingestId !== undefined;
  if (ingestId === undefined) ingestId = await store.createIngest(signature, fs, files);
  const progress = await store.ingestFiles(ingestId);
  const estimator = new LedgerEstimator(config, await store.hourly(), await store.dimIds());
  const labels = new Labels(await store.labelIds());
  const batchSize = o.batchSize ?? 50_000;
  const fp = emptyFootprint();

  const spare: RowBatch[] = [];
  // DuckDB's buffer pool: ingest streams, so a small cap keeps memory flat (TOKENPRINT_DUCKDB_MEMORY_LIMIT overrides).
  const restoreLimit = await limitMemory(store);
  try {
    for (const f of progress) {
      // Two batches, reused: one being filled while the other commits.
      let batch = spare.pop() ?? new RowBatch(fs, ingestId, batchSize + 8192);
      let rejects: RejectRow[] = [];
      let read = 0;
      let accepted = 0;
      let ignored = 0;
      let lastLine = f.linesDone;
      let records = f.read;
      // One commit in flight while the next batch is parsed and estimated (DuckDB works on its own thread).
      let inflight: Promise<void> = Promise.resolve();
      const flush = async () => {
        const commit = {
          rows: batch,
          dims: estimator.takeNewDims(),
          labels: labels.takeNew(),
          rejects,
          checkpoint: { ingest: ingestId, fileNo: f.fileNo, linesDone: lastLine, read, rejected: rejects.length, accepted, ignoredSpans: ignored },
        };
        rejects = [];
        read = 0;
        accepted = 0;
        ignored = 0;
        await inflight;
        batch = spare.pop() ?? new RowBatch(fs, ingestId, batchSize + 8192);
        const done = commit.checkpoint.linesDone;
        inflight = store.commit(commit).then(() => {
          commit.rows.reset();
          spare.push(commit.rows);
          o.onCommit?.({ file: f.path, linesDone: done });
        });
        inflight.catch(() => undefined); // awaited (and rethrown) at the next flush or at the end of the file
      };
      for await (const rb of readUsage(f.path, { format: f.format as UsageFormat, skipLines: f.linesDone })) {
        for (const r of rb.records) {
          read++;
          if (!r.ok) {
            rejects.push({ ingest: ingestId, file: f.path, line: r.line, reason: r.reason, raw: r.raw.slice(0, 1000) });
            continue;
          }
          const why = estimator.estimate(r.event, fp);
          if (why !== undefined) {
            rejects.push({ ingest: ingestId, file: f.path, line: r.line, reason: why, raw: r.raw.slice(0, 1000) });
            continue;
          }
          accepted++;
          // A key seen earlier in this batch is a duplicate: counted by `accepted - inserted` at commit.
          batch.push(eventKey(r.event), r.event, r.line, labels.id(r.event.team, r.event.app), fp);
        }
        ignored += rb.ignoredSpans;
        lastLine = rb.lastLine;
        records += rb.records.length;
        o.onProgress?.({ file: f.path, records, line: lastLine });
        if (read >= batchSize) await flush();
      }
      if (read > 0 || ignored > 0 || lastLine > f.linesDone) await flush();
      await inflight;
    }
  } finally {
    await restoreLimit();
  }
  await store.finishIngest(ingestId);
  return summarize(store, ingestId, resumed);
}

/** Memory cap DuckDB gets while ingesting (its buffer pool only caches; the rows stream through). */
export const INGEST_MEMORY_LIMIT = '64MB';

async function limitMemory(store: LedgerStore): Promise<() => Promise<void>> {
  if (store.dialect !== 'duckdb' || process.env.TOKENPRINT_DUCKDB_MEMORY_LIMIT) return async () => undefined;
  const r = await store.driver.query(`SELECT current_setting('memory_limit') AS v`);
  const before = String(r[0].v);
  await store.driver.run(`SET memory_limit = '${INGEST_MEMORY_LIMIT}'`);
  return async () => {
    await store.driver.run(`SET memory_limit = '${before.replace(/[^0-9A-Za-z. ]/g, '')}'`);
  };
}

export async function summarize(store: LedgerStore, ingestId: number, resumed = false): Promise<IngestSummary> {
  const info = await store.ingestInfo(ingestId);
  if (!info) throw new InvalidInputError('--ingest', `no ingest ${ingestId} in ${store.driver.location}`);
  const files = await store.ingestFiles(ingestId);
  const t = await store.driver.query(
    `SELECT COALESCE(SUM(energy_wh), 0) AS e, COALESCE(SUM(carbon_loc_g), 0) AS l, COALESCE(SUM(carbon_mkt_g), 0) AS m, COALESCE(SUM(water_ml), 0) AS w, COALESCE(SUM(embodied_g), 0) AS b FROM tp_rows WHERE ingest = $1 AND fs = $2`,
    [ingestId, info.fs],
  );
  const n = (k: string) => Number(t[0][k]);
  const sum = (k: 'read' | 'accepted' | 'rejected' | 'duplicates') => files.reduce((a, f) => a + f[k], 0);
  return {
    ingestId,
    factorSet: info.fs,
    resumed,
    files: files.map((f) => ({ path: f.path, format: f.format, read: f.read, accepted: f.accepted, rejected: f.rejected, duplicates: f.duplicates, ignoredSpans: f.ignoredSpans })),
    read: sum('read'),
    accepted: sum('accepted'),
    rejected: sum('rejected'),
    duplicates: sum('duplicates'),
    energyKWh: n('e') / 1000,
    carbonKg: { location: n('l') / 1000, market: n('m') / 1000 },
    waterL: n('w') / 1000,
    embodiedKg: n('b') / 1000,
  };
}
