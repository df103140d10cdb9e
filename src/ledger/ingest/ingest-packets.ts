/**
 * The parsing half of ingestion: reads a usage file from a line on, validates each record once, estimates it, and
 * yields packets of rows (with the records refused, the dims and labels first seen, and the last line consumed).
 * It runs in a worker thread for large inputs (ingest-worker.ts), so that parsing and estimating overlap with the
 * database writes on the main thread, or in-line for small ones; both run this same code.
 */
import { createHash } from 'node:crypto';
import type { UsageEvent, UsageFormat } from '../../sources/usage/event.js';
import { readUsage } from '../../sources/usage/reader.js';
import type { RecordBatch } from '../../sources/usage/usage-reader.js';
import type { LedgerConfig } from '../config.js';
import { LedgerEstimator, emptyFootprint, type Dim, type Footprint, type UnknownModelCount } from './estimator.js';
import { UsageMapping } from '../mapping.js';
import type { RejectRow } from '../store/store.js';
import { RowBatch, type RowPacket } from '../store/rows.js';
import { Labels } from './labels.js';
import type { AggregateRow } from '../store/aggregate-rows.js';
import { aggregateRow, countUnmappedGeo, unmappedGeo, type UnmappedGeoCount } from './aggregate-record.js';
import { joinDeployment } from './deployment-join.js';

/** What a producer needs to estimate rows exactly as the writer will store them. */
export interface ProducerInit {
  readonly config: LedgerConfig;
  readonly hourly: Map<string, Map<number, number>>;
  /** id → content of the dims and labels already stored (ids stay stable across runs). */
  readonly dimIds: Map<number, string>;
  readonly labelIds: Map<number, string>;
  readonly fs: number;
  readonly ingestId: number;
  /** `ingest --deployment`: the deployment self-hosted buckets (vLLM metrics) ran on. */
  readonly deployment?: string;
}

export interface FileTask {
  readonly path: string;
  readonly format: UsageFormat;
  /** Lines already committed by an interrupted run of the same ingest. */
  readonly skipLines: number;
  /** This file's `--deployment` for self-hosted buckets (vLLM metrics), instead of the producer's. */
  readonly deployment?: string;
}

export interface LabelRow {
  readonly id: number;
  readonly team: string | null;
  readonly app: string | null;
}

/**
 * Reader batches (up to PACKET_ROWS rows), estimated. A commit never splits a packet, so `lastLine` is always a safe
 * checkpoint.
 */
export interface Packet {
  readonly rows: RowPacket;
  readonly rejects: RejectRow[];
  readonly dims: Dim[];
  readonly labels: LabelRow[];
  /** Aggregate records (buckets) estimated, from aggregate formats. */
  readonly aggregates: AggregateRow[];
  readonly read: number;
  readonly accepted: number;
  readonly ignoredSpans: number;
  /** Blank lines (not records, counted beside `read`). */
  readonly blank: number;
  /** Provider models the catalog and the mapping do not know, with their events in this packet. */
  readonly unknownModels: UnknownModelCount[];
  /** `inference_geo` values mapping.zones does not map, with their booked buckets in this packet (and the zone used). */
  readonly unmappedGeos: UnmappedGeoCount[];
  /** Every line up to and including this one is accounted for by this packet and the ones before it. */
  readonly lastLine: number;
}

/** The idempotency key: the event id, else a hash of the event's content. */
export function eventKey(e: UsageEvent): string {
  if (e.id !== undefined) return e.id;
  return 'h:' + createHash('sha1').update(JSON.stringify(e)).digest('base64url').slice(0, 24);
}

/** Rows (or rejects, or buckets) after which a packet is cut: about one 1 MiB read of JSONL. */
const PACKET_ROWS = 4096;

/** A packet being gathered from reader batches. */
interface OpenPacket {
  readonly rejects: RejectRow[];
  readonly aggregates: AggregateRow[];
  readonly geos: Map<string, UnmappedGeoCount>;
  read: number;
  accepted: number;
  ignoredSpans: number;
  blank: number;
  lastLine: number;
  /** Reader batches in it. */
  batches: number;
}

const openPacket = (): OpenPacket => ({ rejects: [], aggregates: [], geos: new Map(), read: 0, accepted: 0, ignoredSpans: 0, blank: 0, lastLine: 0, batches: 0 });

export class PacketProducer {
  private readonly estimator: LedgerEstimator;
  private readonly labels: Labels;
  private readonly batch: RowBatch;
  /** The config's label rules, applied to every reader's events here (zones and models: in the estimator). */
  private readonly labelRules: UsageMapping | undefined;
  /** The whole mapping, for aggregate buckets (aggregate-record.ts). */
  private readonly mapping: UsageMapping;

  constructor(private readonly init: ProducerInit) {
    this.estimator = new LedgerEstimator(init.config, init.hourly, init.dimIds);
    this.labels = new Labels(init.labelIds);
    const mapping = new UsageMapping(init.config);
    this.mapping = mapping;
    this.labelRules = mapping.hasLabelRules ? mapping : undefined;
    // No duplicate check here: the writer's batch checks every key once, across packets (RowBatch.appendPacket).
    this.batch = new RowBatch(init.fs, init.ingestId, 8192, false);
  }

  async *packets(task: FileTask): AsyncGenerator<Packet> {
    const fp = emptyFootprint();
    this.batch.reset(); // nothing left from a file given up half way
    // A packet gathers reader batches (512 lines at most, lines.ts) up to PACKET_ROWS rows: small reads keep the
    // parser's live set small, and packets stay large for the writer (and the thread hop).
    let p = openPacket();
    const reader = readUsage(task.path, { format: task.format, skipLines: task.skipLines })[Symbol.asyncIterator]();
    let finished = false;
    try {
      for (;;) {
        let next: IteratorResult<RecordBatch>;
        try {
          next = await reader.next();
        } catch (e) {
          // A read error (e.g. corrupt gzip) after some lines: those lines are handed over first, as the error says.
          finished = true;
          if (p.batches > 0) yield this.cut(p);
          throw e;
        }
        if (next.done) break;
        this.take(next.value, p, task, fp);
        if (this.batch.n >= PACKET_ROWS || p.rejects.length >= PACKET_ROWS || p.aggregates.length >= PACKET_ROWS) {
          yield this.cut(p);
          p = openPacket();
        }
      }
      finished = true;
      if (p.batches > 0) yield this.cut(p);
    } finally {
      // Given up before the end (the caller stopped): close the file.
      if (!finished) await reader.return?.(undefined);
    }
  }

  /** One reader batch's records and buckets, validated and estimated, into the packet being gathered. */
  private take(rb: RecordBatch, p: OpenPacket, task: FileTask, fp: Footprint): void {
    const rejects = p.rejects;
    for (const r of rb.records) {
      if (!r.ok) {
        rejects.push({ ingest: this.init.ingestId, file: task.path, line: r.line, reason: r.reason, raw: r.raw.slice(0, 1000) });
        continue;
      }
      const e = this.labelRules === undefined ? r.event : this.labelRules.label(r.event);
      const why = this.estimator.estimate(e, fp);
      if (why !== undefined) {
        rejects.push({ ingest: this.init.ingestId, file: task.path, line: r.line, reason: why, raw: r.raw.slice(0, 1000) });
        continue;
      }
      p.accepted++;
      // A key seen earlier in the same commit is a duplicate: counted by `accepted - inserted` at commit. The key
      // is the record's as read, so a changed mapping never makes an id-less event look new.
      this.batch.push(eventKey(r.event), e, r.line, this.labels.id(e.team, e.app), fp);
    }
    for (const a of rb.aggregates ?? []) {
      const joined = joinDeployment(this.init.config, a.aggregate, task.deployment ?? this.init.deployment);
      const row = typeof joined === 'string' ? joined : aggregateRow(this.estimator, this.labels, this.mapping, { line: a.line, aggregate: joined }, this.init.fs, this.init.ingestId);
      if (typeof row === 'string') {
        rejects.push({ ingest: this.init.ingestId, file: task.path, line: a.line, reason: row, raw: a.raw.slice(0, 1000) });
        continue;
      }
      p.accepted++;
      p.aggregates.push(row);
      const geo = typeof joined === 'string' ? undefined : unmappedGeo(this.init.config, this.mapping, joined);
      if (geo !== undefined) countUnmappedGeo(p.geos, geo, 1);
    }
    p.read += rb.records.length + (rb.aggregates?.length ?? 0);
    p.ignoredSpans += rb.ignoredSpans;
    p.blank += rb.blankLines ?? 0;
    p.lastLine = rb.lastLine;
    p.batches++;
  }

  /** The packet gathered so far, with the rows, dims, labels and unknown models made since the last one. */
  private cut(p: OpenPacket): Packet {
    const rows = this.batch.toPacket();
    this.batch.reset();
    return {
      rows,
      rejects: p.rejects,
      dims: this.estimator.takeNewDims(),
      labels: this.labels.takeNew(),
      aggregates: p.aggregates,
      read: p.read,
      accepted: p.accepted,
      ignoredSpans: p.ignoredSpans,
      blank: p.blank,
      unknownModels: this.estimator.takeUnknownModels(),
      unmappedGeos: [...p.geos.values()],
      lastLine: p.lastLine,
    };
  }
}
