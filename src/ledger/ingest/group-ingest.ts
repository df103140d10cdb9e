/**
 * Group ingest: many small usage files that arrive over time (the HTTP API's request bodies) go into the ledger
 * together, one transaction for a whole group, with the same validation, estimates, reject records and
 * `read = accepted + rejected + duplicates` counts per file as `ingest()`. A file is parsed, validated and estimated
 * as soon as it arrives (`prepare`, which touches no database, so it overlaps the commit before it); `commit` then
 * writes every prepared file of the group at once and returns each file's own counts. Aggregate records (usage
 * buckets of the provider and gateway formats) are booked with the group as `ingest()` books them
 * (`LedgerStore.commitIngest`): a bucket already stored is a duplicate, one stored with other totals a reject.
 *
 * One `GroupIngest` lives as long as its writer: the factor set, grid data and the dim and label ids are read once
 * (`open`), and the estimator's prepared deployments are reused by every file. The caller serialises `commit`s (one
 * writer per ledger). If a commit fails, the state built since is dropped: the next commit reloads it from the
 * ledger and parses again the files prepared with the old state, so a rolled-back dim is never referenced.
 *
 * With `worker: true` the files are parsed, validated and estimated in worker threads (the CLI's ingest worker,
 * packet-source.ts; `parsers` of them, files handed out in turn, each worker one file at a time), so the caller's
 * thread only commits (and, in the server, answers HTTP and reads). Dims and labels are content-addressed, so a
 * worker restarted after a crash, or a second worker, may report again one that is stored already; it is written
 * with ON CONFLICT DO NOTHING.
 */
import { createHash } from 'node:crypto';
import type { UsageFormat } from '../../sources/usage/event.js';
import type { LedgerConfig } from '../config.js';
import type { Dim } from './estimator.js';
import type { GroupFile, IngestCounts, LedgerStore, RejectRow } from '../store/store.js';
import { RowBatch, type RowPacket } from '../store/rows.js';
import { factorSetForIngest } from '../store/factor-set.js';
import type { LabelRow, ProducerInit } from './ingest-packets.js';
import { InlineSource, WorkerSource, type PacketSource } from './packet-source.js';
import { TokenprintError } from '../../core/errors.js';
import { fingerprint } from './ingest.js';
import { ConflictingInputError } from '../../core/errors.js';
import type { AggregateRow } from '../store/aggregate-rows.js';

/** A file parsed and estimated, waiting for its group's commit. */
export interface PreparedFile {
  readonly path: string;
  readonly format: UsageFormat;
  readonly fingerprint: string;
  /** Its rows, as the producer cut them (duplicates are left out when the group's batch is built). */
  readonly rows: readonly RowPacket[];
  readonly rejects: Omit<RejectRow, 'ingest'>[];
  /** Its aggregate records (usage buckets, from aggregate formats), booked at commit under the group's ingest id. */
  readonly aggregates: readonly AggregateRow[];
  /** The deployment its self-hosted buckets (vLLM metrics) ran on (`ingest --deployment`). */
  readonly deployment?: string;
  readonly read: number;
  /** Records that passed validation and estimation, duplicates within the file included. */
  readonly valid: number;
  readonly ignoredSpans: number;
  readonly blank: number;
  readonly lastLine: number;
  /** The state it was estimated with (a commit after a failed one parses it again). */
  readonly generation: number;
}

export interface FileCounts extends IngestCounts {
  readonly path: string;
  readonly format: UsageFormat;
}

export interface GroupSummary {
  readonly ingestId: number;
  readonly factorSet: number;
  readonly files: readonly FileCounts[];
}

/** The text of a dim or label as `LedgerStore.dimIds` / `labelIds` give it (to compare with what is stored). */
function dimContent(d: Dim): string {
  return [d.provider, d.model, d.deployment, d.region, d.estModel, d.zone, d.hardware, d.method, d.boundary, d.scope, d.locBasis, d.mktBasis, d.fallback]
    .map((x) => x ?? '')
    .join('\u0001');
}
const labelContent = (l: LabelRow) => `${l.team ?? ''}\u0001${l.app ?? ''}`;

export interface GroupIngestOptions {
  /** Parse, validate and estimate in a worker thread (default: on the calling thread). */
  readonly worker?: boolean;
  /**
   * With `worker`: how many worker threads parse files side by side (default 1). Files go to them in turn; a commit
   * takes them in the order they finished, which is an order they could have arrived in (each request is answered
   * with the counts of the order committed).
   */
  readonly parsers?: number;
}

function sourceFor(init: ProducerInit, worker: boolean): PacketSource {
  return worker ? new WorkerSource().start(init) : new InlineSource(init);
}

async function closeSource(s: PacketSource): Promise<void> {
  if (s instanceof WorkerSource) await s.close();
}

export class GroupIngest {
  private readonly sources: PacketSource[];
  /** Each source parses one file at a time (a worker runs one file at a time; in-line parsing gains nothing from overlap). */
  private readonly parsing: Promise<unknown>[];
  private turn = 0;
  private generation = 0;
  private stale = false;
  /** Dims and labels the producer made that the ledger may not hold yet (written by the next commit). */
  private readonly pendingDims = new Map<number, Dim>();
  private readonly pendingLabels = new Map<number, LabelRow>();
  /** The group's rows, reused by every commit (it grows to the largest group). */
  private batch: RowBatch;

  private constructor(
    private readonly store: LedgerStore,
    private readonly config: LedgerConfig,
    private fs: number,
    private init: ProducerInit,
    private readonly worker: boolean,
    parsers: number,
  ) {
    const n = worker ? Math.max(1, Math.floor(parsers)) : 1;
    this.sources = Array.from({ length: n }, () => sourceFor(init, worker));
    this.parsing = this.sources.map(() => Promise.resolve());
    this.batch = new RowBatch(fs, 0, 1 << 16);
  }

  /** Opens the group ingest of a ledger (the caller holds the ledger's writer role, as for `commit`). */
  static async open(store: LedgerStore, config: LedgerConfig, o: GroupIngestOptions = {}): Promise<GroupIngest> {
    const { fs, init } = await GroupIngest.load(store, config);
    return new GroupIngest(store, config, fs, init, o.worker ?? false, o.parsers ?? 1);
  }

  private static async load(store: LedgerStore, config: LedgerConfig): Promise<{ fs: number; init: ProducerInit }> {
    const unlock = await store.writerLock();
    try {
      const fs = await factorSetForIngest(store, config);
      // Rows get their ingest id at commit (RowBatch.setIngest), so the producer books them under 0.
      const init: ProducerInit = { config, hourly: await store.hourly(), dimIds: await store.dimIds(), labelIds: await store.labelIds(), fs, ingestId: 0 };
      return { fs, init };
    } finally {
      await unlock();
    }
  }

  get factorSet(): number {
    return this.fs;
  }

  /**
   * Parses, validates and estimates one file (read whole: a request body); touches no database. `deployment` is
   * `ingest --deployment`: the config deployment its self-hosted buckets (vLLM metrics) ran on. `print`: its
   * fingerprint, when the caller had the content in hand (`fingerprintOf`); else the file is read for it.
   */
  prepare(path: string, format: UsageFormat, deployment?: string, print?: string): Promise<PreparedFile> {
    const k = this.turn++ % this.sources.length;
    const r = this.parsing[k].then(() => this.parse(k, path, format, deployment, print));
    this.parsing[k] = r.catch(() => undefined);
    return r;
  }

  private async parse(k: number, path: string, format: UsageFormat, deployment?: string, print?: string): Promise<PreparedFile> {
    const generation = this.generation;
    const source = this.sources[k];
    try {
      return await this.parseWith(source, generation, path, format, deployment, print);
    } catch (e) {
      // Not the file's own error (a bad body is a TokenprintError): the worker may be gone; the next file gets a new one.
      if (!(e instanceof TokenprintError) && this.worker && this.sources[k] === source) {
        this.sources[k] = sourceFor(this.init, true);
        void closeSource(source).catch(() => undefined);
      }
      throw e;
    }
  }

  private async parseWith(source: PacketSource, generation: number, path: string, format: UsageFormat, deployment?: string, print?: string): Promise<PreparedFile> {
    const rows: RowPacket[] = [];
    const rejects: Omit<RejectRow, 'ingest'>[] = [];
    const aggregates: AggregateRow[] = [];
    let read = 0;
    let valid = 0;
    let ignoredSpans = 0;
    let blank = 0;
    let lastLine = 0;
    for await (const p of source.packets({ path, format, skipLines: 0, deployment })) {
      rows.push(p.rows);
      for (const a of p.aggregates) aggregates.push(a);
      for (const r of p.rejects) rejects.push({ file: r.file, line: r.line, reason: r.reason, raw: r.raw });
      if (generation === this.generation) {
        for (const d of p.dims) this.pendingDims.set(d.id, d);
        for (const l of p.labels) this.pendingLabels.set(l.id, l);
      }
      read += p.read;
      valid += p.accepted;
      ignoredSpans += p.ignoredSpans;
      blank += p.blank;
      lastLine = p.lastLine;
    }
    return { path, format, deployment, fingerprint: print ?? (await fingerprint(path)), rows, rejects, aggregates, read, valid, ignoredSpans, blank, lastLine, generation };
  }

  /** Commits the prepared files in one transaction; each file's counts, in order. Call one at a time. */
  async commit(files: readonly PreparedFile[]): Promise<GroupSummary> {
    if (this.stale) await this.reload();
    const current: PreparedFile[] = [];
    for (const f of files) current.push(f.generation === this.generation ? f : await this.prepare(f.path, f.format, f.deployment, f.fingerprint));
    const dims = [...this.pendingDims.values()];
    const labels = [...this.pendingLabels.values()];
    const signature = createHash('sha256')
      .update(JSON.stringify({ fs: this.fs, files: current.map((f) => [f.path, f.fingerprint, f.format]) }))
      .digest('hex')
      .slice(0, 24);
    const unlock = await this.store.writerLock();
    try {
      if (this.store.dialect === 'postgres') await this.checkShared(dims, labels);
      // One batch for the group: a key seen earlier in it (this file or one before) is a duplicate of this file.
      const batch = this.batch;
      batch.reset();
      const group: GroupFile[] = [];
      for (const f of current) {
        const rowsFrom = batch.n;
        for (const p of f.rows) batch.appendPacket(p);
        group.push({
          path: f.path,
          fingerprint: f.fingerprint,
          format: f.format,
          rowsFrom,
          rowsTo: batch.n,
          rejects: f.rejects,
          aggregates: f.aggregates,
          linesDone: f.lastLine,
          read: f.read,
          accepted: f.valid,
          ignoredSpans: f.ignoredSpans,
          blank: f.blank,
        });
      }
      const { ingestId, inserted, refused } = await this.store.commitIngest(signature, this.fs, dims, labels, batch, group);
      for (const d of dims) this.pendingDims.delete(d.id);
      for (const l of labels) this.pendingLabels.delete(l.id);
      return {
        ingestId,
        factorSet: this.fs,
        files: current.map((f, i) => ({
          path: f.path,
          format: f.format,
          read: f.read,
          accepted: inserted[i],
          rejected: f.rejects.length + refused[i],
          duplicates: f.valid - inserted[i] - refused[i],
          ignoredSpans: f.ignoredSpans,
          blank: f.blank,
        })),
      };
    } catch (e) {
      // What this commit meant to write is not in the ledger: start again from what is.
      this.stale = true;
      throw e;
    } finally {
      await unlock();
    }
  }

  /**
   * PostgreSQL, where other processes write the same ledger: the factor set must still be the active one, and the
   * ids this process gave new dims and labels must not have been taken by other content meanwhile (ids come from a
   * hash of the content, so this needs a hash collision between processes; it is refused, not merged).
   */
  private async checkShared(dims: readonly Dim[], labels: readonly LabelRow[]): Promise<void> {
    const active = await this.store.activeFactorSet();
    if (active?.id !== this.fs) throw new ConflictingInputError(`the ledger's active factor set changed (${this.fs} → ${active?.id ?? 'none'}) while this writer was open`);
    if (dims.length) {
      const stored = await this.store.dimIds();
      const clash = dims.find((d) => stored.has(d.id) && stored.get(d.id) !== dimContent(d));
      if (clash) throw new ConflictingInputError(`dim id ${clash.id} was given to other content by another writer`);
    }
    if (labels.length) {
      const stored = await this.store.labelIds();
      const clash = labels.find((l) => stored.has(l.id) && stored.get(l.id) !== labelContent(l));
      if (clash) throw new ConflictingInputError(`label id ${clash.id} was given to other content by another writer`);
    }
  }

  /** Stops the parsing worker (once the files given to it are parsed). */
  async close(): Promise<void> {
    await Promise.all(this.parsing);
    await Promise.all(this.sources.map((s) => closeSource(s)));
  }

  private async reload(): Promise<void> {
    const { fs, init } = await GroupIngest.load(this.store, this.config);
    this.fs = fs;
    this.init = init;
    for (let k = 0; k < this.sources.length; k++) {
      const old = this.sources[k];
      this.sources[k] = sourceFor(init, this.worker);
      // Files already handed to the old source finish there (they are parsed again: their generation is old).
      void this.parsing[k].then(() => closeSource(old)).catch(() => undefined);
    }
    if (this.batch.fs !== fs) this.batch = new RowBatch(fs, 0, 1 << 16);
    this.pendingDims.clear();
    this.pendingLabels.clear();
    this.generation++;
    this.stale = false;
  }
}
