/**
 * The parsing half of ingestion: reads a usage file from a line on, validates each record once, estimates it, and
 * yields packets of rows (with the records refused, the dims and labels first seen, and the last line consumed).
 * It runs in a worker thread for large inputs (ingest-worker.ts), so that parsing and estimating overlap with the
 * database writes on the main thread, or in-line for small ones; both run this same code.
 */
import { createHash } from 'node:crypto';
import type { UsageEvent, UsageFormat } from '../../sources/usage/event.js';
import { readUsage } from '../../sources/usage/reader.js';
import type { LedgerConfig } from '../config.js';
import { LedgerEstimator, emptyFootprint, type Dim, type UnknownModelCount } from './estimator.js';
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

/** One reader batch, estimated. A commit never splits a packet, so `lastLine` is always a safe checkpoint. */
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
    const batch = this.batch;
    for await (const rb of readUsage(task.path, { format: task.format, skipLines: task.skipLines })) {
      const rejects: RejectRow[] = [];
      let accepted = 0;
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
        accepted++;
        // A key seen earlier in the same commit is a duplicate: counted by `accepted - inserted` at commit. The key
        // is the record's as read, so a changed mapping never makes an id-less event look new.
        batch.push(eventKey(r.event), e, r.line, this.labels.id(e.team, e.app), fp);
      }
      const aggregates: AggregateRow[] = [];
      const geos = new Map<string, UnmappedGeoCount>();
      for (const a of rb.aggregates ?? []) {
        const joined = joinDeployment(this.init.config, a.aggregate, task.deployment ?? this.init.deployment);
        const row = typeof joined === 'string' ? joined : aggregateRow(this.estimator, this.labels, this.mapping, { line: a.line, aggregate: joined }, this.init.fs, this.init.ingestId);
        if (typeof row === 'string') {
          rejects.push({ ingest: this.init.ingestId, file: task.path, line: a.line, reason: row, raw: a.raw.slice(0, 1000) });
          continue;
        }
        accepted++;
        aggregates.push(row);
        const geo = typeof joined === 'string' ? undefined : unmappedGeo(this.init.config, this.mapping, joined);
        if (geo !== undefined) countUnmappedGeo(geos, geo, 1);
      }
      const rows = batch.toPacket();
      batch.reset();
      yield {
        rows,
        rejects,
        dims: this.estimator.takeNewDims(),
        labels: this.labels.takeNew(),
        aggregates,
        read: rb.records.length + (rb.aggregates?.length ?? 0),
        accepted,
        ignoredSpans: rb.ignoredSpans,
        blank: rb.blankLines ?? 0,
        unknownModels: this.estimator.takeUnknownModels(),
        unmappedGeos: [...geos.values()],
        lastLine: rb.lastLine,
      };
    }
  }
}
