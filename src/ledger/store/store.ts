/**
 * The storage port. `SqlDriver` is what an adapter provides (DuckDB: duckdb-driver.ts, PostgreSQL:
 * postgres-driver.ts); `LedgerStore` is the ledger's own vocabulary over it, written once in portable SQL.
 */
import type { RowBatch } from './rows.js';
import { AGGREGATE_COLUMNS, aggregateValues, sameUsage, type AggregateRow } from './aggregate-rows.js';
import type { Dim } from '../ingest/estimator.js';
import { type Dialect, schemaStatements, SCHEMA_VERSION, migrateStatements, expectedColumns, EXPECTED_TABLES } from './schema.js';
import { ConflictingInputError } from '../../core/errors.js';
import { LedgerError } from './ledger-errors.js';

export type SqlRow = Record<string, unknown>;

export interface HourlyRow {
  readonly zone: string;
  readonly hourMs: number;
  readonly gPerKWh: number;
  readonly factorType: string;
}

/** A column's type for `SqlDriver.appendRows`. */
export type AppendType = 'int' | 'bigint' | 'text';

export interface SqlDriver {
  readonly dialect: Dialect;
  /** Where the data lives, for messages (a file path or a URL without password). */
  readonly location: string;
  query(sql: string, params?: readonly unknown[]): Promise<SqlRow[]>;
  /** Runs a statement; returns the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /**
   * Inserts a batch into tp_rows, skipping keys the batch's factor set already holds; returns rows inserted. When
   * `skipped` is given (at least `batch.n` long), the rows left out are marked 1 in it.
   */
  insertRows(batch: RowBatch, skipped?: Uint8Array): Promise<number>;
  /** Inserts or replaces hourly intensities (unique zone/hour pairs) in tp_grid_hourly, inside the caller's transaction. */
  upsertHourly(rows: readonly HourlyRow[]): Promise<void>;
  /**
   * Appends whole rows (every column, in the table's order; `types` says each column's type) inside the caller's
   * transaction without a statement to parse and plan. Optional: a driver without it gets INSERT statements.
   */
  appendRows?(table: string, types: readonly AppendType[], rows: readonly (readonly (string | number | null)[])[]): Promise<void>;
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface FactorSetRow {
  readonly id: number;
  readonly signature: string;
  readonly createdAt: string;
  readonly note: string | null;
  readonly config: string;
  readonly active: boolean;
}

/** One usage file's reconciling counts: `read = accepted + rejected + duplicates`; blank lines are not records. */
export interface IngestCounts {
  readonly read: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly ignoredSpans: number;
  /** Blank lines (not records, beside read). */
  readonly blank: number;
}

export interface IngestFileRow extends IngestCounts {
  readonly fileNo: number;
  readonly path: string;
  readonly fingerprint: string;
  readonly format: string;
  readonly linesDone: number;
}

export interface RejectRow {
  readonly ingest: number;
  readonly file: string;
  readonly line: number;
  readonly reason: string;
  readonly raw: string | null;
}

/** What one batch commit writes, atomically with its checkpoint. */
export interface BatchCommit {
  readonly rows: RowBatch;
  readonly dims: readonly Dim[];
  readonly labels: readonly { id: number; team: string | null; app: string | null }[];
  readonly rejects: readonly RejectRow[];
  /** Aggregate records (buckets) and the file they came from (for the reject of a bucket booked with other totals). */
  readonly aggregates?: { readonly rows: readonly AggregateRow[]; readonly file: string };
  /** Progress of the file the batch came from (absent for restatements). */
  readonly checkpoint?: { ingest: number; fileNo: number; linesDone: number; read: number; rejected: number; accepted: number; ignoredSpans: number; blank: number };
}

/** One file of a group ingest (`LedgerStore.commitIngest`): where its rows are in the group's batch, its rejects and counts. */
export interface GroupFile {
  readonly path: string;
  readonly fingerprint: string;
  readonly format: string;
  readonly rowsFrom: number;
  readonly rowsTo: number;
  readonly rejects: readonly Omit<RejectRow, 'ingest'>[];
  readonly linesDone: number;
  readonly read: number;
  /** Records that passed validation and estimation (inserted + duplicates). */
  readonly accepted: number;
  readonly ignoredSpans: number;
  /** Its aggregate records (buckets), booked as `commit` books them: a bucket already stored is a duplicate, one with other totals a reject. */
  readonly aggregates?: readonly AggregateRow[];
  readonly blank: number;
}

/**
 * Text as every store can hold it: NUL (which PostgreSQL text refuses) written as the visible escape `\u0000`, so
 * a rejected line's raw text is kept, and reads the same, on DuckDB and PostgreSQL. Lone surrogates are left to
 * the UTF-8 encoder (U+FFFD on both).
 */
export function storableText(s: string): string {
  return s.includes('\u0000') ? s.replaceAll('\u0000', '\\u0000') : s;
}

/** Column types of tp_ingests and tp_ingest_files, in their order (schema.ts), for `SqlDriver.appendRows`. */
const INGEST_TYPES: readonly AppendType[] = ['int', 'text', 'int', 'text', 'text', 'text'];
const INGEST_FILE_TYPES: readonly AppendType[] = ['int', 'int', 'text', 'text', 'text', 'bigint', 'bigint', 'bigint', 'bigint', 'bigint', 'bigint', 'bigint'];

/** Advisory-lock key of the ledger's writer lock (PostgreSQL): "tokp" in ASCII; any constant shared by all runs. */
const WRITER_LOCK_KEY = 0x746f6b70;

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : typeof v === 'string' ? Number(v) : (v as number));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Opening a ledger read-only found it needs writing first (to be created, migrated or repaired). */
export class NeedsWriteError extends Error {}

export class LedgerStore {
  constructor(readonly driver: SqlDriver) {}

  get dialect(): Dialect {
    return this.driver.dialect;
  }

  /**
   * Opens the ledger's schema: creates it in an empty database, migrates schemas 2, 3 and 4, and refuses, before writing
   * anything, a ledger from a newer tokenprint, one whose tp_meta lost its version, or one whose tables were
   * altered. An existing, current ledger is only read (report works on a read-only file or a full disk).
   */
  /**
   * Checks the schema and brings the ledger to this version (creates it, migrates, re-creates a dropped view). With
   * `readOnly`, nothing is written: a ledger that would need writing throws NeedsWriteError instead.
   */
  async init(o: { readOnly?: boolean } = {}): Promise<void> {
    const d = this.driver;
    const tables = await this.tables();
    const write = (what: string): void => {
      if (o.readOnly) throw new NeedsWriteError(`${d.location} ${what}`);
    };
    if (tables.size === 0) {
      write('holds no ledger yet');
      await this.create();
      return;
    }
    const meta = tables.has('tp_meta') ? await d.query(`SELECT v FROM tp_meta WHERE k = 'schema'`) : [];
    if (meta.length === 0) {
      throw new LedgerError('damaged', `${d.location} has tokenprint tables (${[...tables].sort().join(', ')}) but no schema version in tp_meta: it was edited or is damaged, so tokenprint will not guess. Restore it from a backup, or move it aside and ingest the usage files again.`, { location: d.location });
    }
    const version = String(meta[0].v);
    if (version === '2' || version === '3' || version === '4') {
      write(`holds ledger schema ${version}, which needs a one-time migration to ${SCHEMA_VERSION}`);
      await d.transaction(async () => {
        for (const s of migrateStatements(d.dialect, Number(version) as 2 | 3 | 4)) await d.run(s);
      });
    } else if (/^\d+$/.test(version) && Number(version) > Number(SCHEMA_VERSION)) {
      throw new ConflictingInputError(`${d.location} holds ledger schema ${version}, written by a newer tokenprint; this one reads schema ${SCHEMA_VERSION}. Upgrade tokenprint (npm install tokenprint@latest) to use this ledger; it was not changed.`);
    } else if (/^\d+$/.test(version) && Number(version) < 2) {
      throw new ConflictingInputError(`${d.location} holds ledger schema ${version}, older than the migrations this tokenprint carries (2 → ${SCHEMA_VERSION}). Re-create the ledger: move the old file (or drop its tp_* tables) and ingest the usage files again.`);
    } else if (version !== SCHEMA_VERSION) {
      throw new LedgerError('damaged', `${d.location} holds an unknown ledger schema '${version.slice(0, 40)}' (this tokenprint writes ${SCHEMA_VERSION}). Restore it from a backup, or move it aside and ingest the usage files again.`, { location: d.location });
    }
    const problems = await this.schemaProblems();
    if (problems.length > 0) {
      throw new LedgerError('damaged', `${d.location}: the ledger's tables were altered (${problems.join('; ')}), so tokenprint cannot read or write it safely. Restore it from a backup, or move it aside and ingest the usage files again.`, { location: d.location, problems });
    }
    // A table or the view missing (an older tokenprint's ledger, a dropped view): create what is missing.
    if (EXPECTED_TABLES.some((t) => !tables.has(t)) || !tables.has('tp_ledger')) {
      write('lacks a table or the tp_ledger view');
      for (const s of schemaStatements(d.dialect)) await d.run(s);
    }
  }

  private async create(): Promise<void> {
    await this.driver.transaction(async () => {
      for (const s of schemaStatements(this.driver.dialect)) await this.driver.run(s);
      await this.driver.run(`INSERT INTO tp_meta (k, v) VALUES ('schema', $1)`, [SCHEMA_VERSION]);
    });
  }

  /** Names of the tp_* tables and views in the ledger's schema. */
  private async tables(): Promise<Set<string>> {
    const r = await this.driver.query(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE 'tp\\_%' ESCAPE '\\'`);
    return new Set(r.map((x) => String(x.t)));
  }

  /** How the stored tables differ from the columns this tokenprint reads and writes (tp_rows also in order). */
  private async schemaProblems(): Promise<string[]> {
    const r = await this.driver.query(
      `SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND table_name LIKE 'tp\\_%' ESCAPE '\\' ORDER BY table_name, ordinal_position`,
    );
    const stored = new Map<string, string[]>();
    for (const x of r) {
      const t = String(x.t);
      if (!stored.has(t)) stored.set(t, []);
      stored.get(t)!.push(String(x.c).toLowerCase());
    }
    const out: string[] = [];
    for (const [t, want] of Object.entries(expectedColumns(this.driver.dialect))) {
      const got = stored.get(t);
      if (got === undefined) continue; // created when missing
      const missing = want.filter((c) => !got.includes(c));
      const extra = got.filter((c) => !want.includes(c));
      if (missing.length) out.push(`${t} lacks ${missing.join(', ')}`);
      if (extra.length) out.push(`${t} has unexpected ${extra.join(', ')}`);
      if (!missing.length && !extra.length && t === 'tp_rows' && got.join() !== want.join()) out.push('tp_rows has its columns in another order');
    }
    return out;
  }

  /**
   * Takes the ledger's writer lock and returns its release. PostgreSQL: a session advisory lock, so concurrent
   * `ingest`/`restate` runs queue instead of sharing an ingest id or racing for factor-set, ingest, dim and label
   * ids (the server drops the lock with the session, also after `kill -9`). `onWait` is called when another
   * writer holds it. DuckDB: the file lock already admits one writing process.
   */
  async writerLock(onWait?: () => void): Promise<() => Promise<void>> {
    if (this.dialect !== 'postgres') return async () => undefined;
    const got = await this.driver.query(`SELECT pg_try_advisory_lock($1) AS ok`, [WRITER_LOCK_KEY]);
    if (got[0].ok !== true) {
      onWait?.();
      await this.driver.query(`SELECT pg_advisory_lock($1)`, [WRITER_LOCK_KEY]);
    }
    return async () => {
      await this.driver.query(`SELECT pg_advisory_unlock($1)`, [WRITER_LOCK_KEY]).catch(() => undefined);
    };
  }

  async factorSets(): Promise<FactorSetRow[]> {
    const rows = await this.driver.query(`SELECT id, signature, created_at, note, config, active FROM tp_factor_sets ORDER BY id`);
    return rows.map((r) => ({
      id: num(r.id),
      signature: String(r.signature),
      createdAt: String(r.created_at),
      note: strOrNull(r.note),
      config: String(r.config),
      active: r.active === true || r.active === 1,
    }));
  }

  async activeFactorSet(): Promise<FactorSetRow | undefined> {
    return (await this.factorSets()).find((f) => f.active);
  }

  async addFactorSet(signature: string, config: string, note: string | null, activate: boolean): Promise<number> {
    return this.driver.transaction(async () => {
      const r = await this.driver.query(`SELECT COALESCE(MAX(id), 0) + 1 AS id FROM tp_factor_sets`);
      const id = num(r[0].id);
      if (activate) await this.driver.run(`UPDATE tp_factor_sets SET active = FALSE`);
      await this.driver.run(
        `INSERT INTO tp_factor_sets (id, signature, created_at, note, config, active) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, signature, new Date().toISOString(), note, config, activate],
      );
      return id;
    });
  }

  async activate(fs: number): Promise<void> {
    await this.driver.transaction(async () => {
      await this.driver.run(`UPDATE tp_factor_sets SET active = FALSE`);
      await this.driver.run(`UPDATE tp_factor_sets SET active = TRUE WHERE id = $1`, [fs]);
    });
  }

  /** The distinct (provider, model, deployment, region) keys booked under factor set `fs`, sorted. */
  async usageKeys(fs: number): Promise<{ provider: string; model: string; deployment?: string; region?: string }[]> {
    const rows = await this.driver.query(`SELECT DISTINCT provider, model, deployment, region FROM tp_ledger WHERE fs = $1 ORDER BY 1, 2, 3, 4`, [fs]);
    return rows.map((k) => ({
      provider: String(k.provider),
      model: String(k.model),
      deployment: k.deployment === null ? undefined : String(k.deployment),
      region: k.region === null ? undefined : String(k.region),
    }));
  }

  /** The latest event time (an aggregate's window start) under factor set `fs`, ms since the epoch (0 for an empty set). */
  async lastEventMs(fs: number): Promise<number> {
    const r = await this.driver.query(`SELECT MAX(ts_ms) AS t FROM tp_ledger WHERE fs = $1`, [fs]);
    return Number(r[0]?.t ?? 0);
  }

  /** Records (per-request rows and aggregates) booked under factor set `fs`. */
  async rowCount(fs: number): Promise<number> {
    const r = await this.driver.query(`SELECT (SELECT count(*) FROM tp_rows WHERE fs = $1) + (SELECT count(*) FROM tp_aggregates WHERE fs = $1) AS n`, [fs]);
    return num(r[0].n);
  }

  async dimIds(): Promise<Map<number, string>> {
    const rows = await this.driver.query(
      `SELECT id, provider, model, deployment, region, est_model, zone, hardware, method, boundary, scope, loc_basis, mkt_basis, fallback FROM tp_dims`,
    );
    return new Map(
      rows.map((r) => [
        num(r.id),
        [r.provider, r.model, r.deployment, r.region, r.est_model, r.zone, r.hardware, r.method, r.boundary, r.scope, r.loc_basis, r.mkt_basis, r.fallback]
          .map((x) => (x === null || x === undefined ? '' : String(x)))
          .join('\u0001'),
      ]),
    );
  }

  async labelIds(): Promise<Map<number, string>> {
    const rows = await this.driver.query(`SELECT id, team, app FROM tp_labels`);
    return new Map(rows.map((r) => [num(r.id), `${r.team ?? ''}\u0001${r.app ?? ''}`]));
  }

  async findRunning(signature: string): Promise<number | undefined> {
    const r = await this.driver.query(`SELECT id FROM tp_ingests WHERE signature = $1 AND status = 'running' ORDER BY id DESC`, [signature]);
    return r.length ? num(r[0].id) : undefined;
  }

  async createIngest(signature: string, fs: number, files: readonly { path: string; fingerprint: string; format: string }[]): Promise<number> {
    this.knownNextId = undefined;
    return this.driver.transaction(async () => {
      const id = await this.nextIngestId();
      await this.driver.run(`INSERT INTO tp_ingests (id, signature, fs, started_at, status) VALUES ($1, $2, $3, $4, 'running')`, [
        id, signature, fs, new Date().toISOString(),
      ]);
      for (let i = 0; i < files.length; i++) {
        await this.driver.run(
          `INSERT INTO tp_ingest_files (ingest, file_no, path, fingerprint, format, lines_done, n_read, n_accepted, n_rejected, n_duplicates, ignored_spans, n_blank) VALUES ($1, $2, $3, $4, $5, 0, 0, 0, 0, 0, 0, 0)`,
          [id, i, files[i].path, files[i].fingerprint, files[i].format],
        );
      }
      return id;
    });
  }

  /**
   * DuckDB: the next free ingest id once a group commit has taken one (the file is locked to this process, so only
   * this store adds ingests), which saves a `MAX(id)` query per group commit (docs/server.md, "Measured").
   * Undefined: ask the ledger. Dropped by `createIngest` and by a failed commit; an id taken by any other writer would
   * fail the commit on tp_ingests' primary key, never book two ingests under one id.
   */
  private knownNextId: number | undefined;

  private async nextIngestId(): Promise<number> {
    if (this.knownNextId !== undefined) return this.knownNextId;
    const r = await this.driver.query(`SELECT COALESCE(MAX(id), 0) + 1 AS id FROM tp_ingests`);
    return num(r[0].id);
  }

  /**
   * A whole ingest of several small files, parsed beforehand, in one transaction (the HTTP API's group commit):
   * the ingest (done), the dims and labels first seen, the rows of every file in one batch (duplicates within the
   * group already left out; each file holds rows [rowsFrom, rowsTo) of it), the rejects and each file's counts.
   * Rows and rejects get the new ingest id. Returns the ingest id and the rows each file inserted, in order.
   */
  async commitIngest(
    signature: string,
    fs: number,
    dims: readonly Dim[],
    labels: readonly { id: number; team: string | null; app: string | null }[],
    rows: RowBatch,
    files: readonly GroupFile[],
  ): Promise<{ ingestId: number; inserted: number[]; refused: number[] }> {
    const d = this.driver;
    try {
      const out = await d.transaction(async () => {
        const ingestId = await this.nextIngestId();
        const now = new Date().toISOString();
        // Through an appender where the driver has one (DuckDB): the group commit's small rows cost a statement each
        // otherwise, about as much as appending the group's rows (docs/server.md, "Measured").
        if (d.appendRows) await d.appendRows('tp_ingests', INGEST_TYPES, [[ingestId, signature, fs, now, now, 'done']]);
        else await d.run(`INSERT INTO tp_ingests (id, signature, fs, started_at, finished_at, status) VALUES ($1, $2, $3, $4, $4, 'done')`, [ingestId, signature, fs, now]);
        await this.writeDims(dims, labels);
        rows.setIngest(ingestId);
        const skipped = new Uint8Array(rows.n);
        if (rows.n > 0) await d.insertRows(rows, skipped);
        const inserted = files.map((f) => {
          let n = f.rowsTo - f.rowsFrom;
          for (let i = f.rowsFrom; i < f.rowsTo; i++) n -= skipped[i];
          return n;
        });
        // Aggregates file by file, in order: a bucket booked by a file before in the group is a duplicate of this one.
        const refused = files.map(() => 0);
        const bucketRejects: RejectRow[] = [];
        for (const [i, f] of files.entries()) {
          if (!f.aggregates?.length) continue;
          const a = await this.insertAggregates(f.aggregates.map((r) => ({ ...r, ingest: ingestId })), fs);
          inserted[i] += a.inserted;
          refused[i] = a.conflicts.length;
          for (const c of a.conflicts) bucketRejects.push({ ingest: ingestId, file: f.path, line: c.row.line, reason: c.reason, raw: null });
        }
        await this.writeRejects([...files.flatMap((f) => f.rejects.map((r) => ({ ...r, ingest: ingestId }))), ...bucketRejects]);
        const fileRow = (f: GroupFile, i: number) => {
          const n = inserted[i];
          const r = refused[i];
          return [ingestId, i, f.path, f.fingerprint, f.format, f.linesDone, f.read, n, f.rejects.length + r, f.accepted - n - r, f.ignoredSpans, f.blank];
        };
        if (d.appendRows) {
          await d.appendRows('tp_ingest_files', INGEST_FILE_TYPES, files.map(fileRow));
          return { ingestId, inserted, refused };
        }
        for (let i = 0; i < files.length; i += 50) {
          const part = files.slice(i, i + 50);
          const vals = part.map((_, j) => `(${Array.from({ length: 12 }, (_, k) => `$${j * 12 + k + 1}`).join(', ')})`).join(', ');
          await d.run(
            `INSERT INTO tp_ingest_files (ingest, file_no, path, fingerprint, format, lines_done, n_read, n_accepted, n_rejected, n_duplicates, ignored_spans, n_blank) VALUES ${vals}`,
            part.flatMap((f, j) => fileRow(f, i + j)),
          );
        }
        return { ingestId, inserted, refused };
      });
      if (d.dialect === 'duckdb') this.knownNextId = out.ingestId + 1;
      return out;
    } catch (e) {
      this.knownNextId = undefined; // the ledger decides again what the next id is
      throw e;
    }
  }

  async ingestFiles(ingest: number): Promise<IngestFileRow[]> {
    const rows = await this.driver.query(`SELECT * FROM tp_ingest_files WHERE ingest = $1 ORDER BY file_no`, [ingest]);
    return rows.map((r) => ({
      fileNo: num(r.file_no),
      path: String(r.path),
      fingerprint: String(r.fingerprint),
      format: String(r.format),
      linesDone: num(r.lines_done),
      read: num(r.n_read),
      accepted: num(r.n_accepted),
      rejected: num(r.n_rejected),
      duplicates: num(r.n_duplicates),
      ignoredSpans: num(r.ignored_spans),
      blank: num(r.n_blank),
    }));
  }

  async ingestInfo(ingest: number): Promise<{ id: number; fs: number; status: string; startedAt: string; finishedAt: string | null } | undefined> {
    const r = await this.driver.query(`SELECT id, fs, status, started_at, finished_at FROM tp_ingests WHERE id = $1`, [ingest]);
    if (!r.length) return undefined;
    return { id: num(r[0].id), fs: num(r[0].fs), status: String(r[0].status), startedAt: String(r[0].started_at), finishedAt: strOrNull(r[0].finished_at) };
  }

  async lastIngest(): Promise<number | undefined> {
    const r = await this.driver.query(`SELECT MAX(id) AS id FROM tp_ingests`);
    return r.length && r[0].id !== null ? num(r[0].id) : undefined;
  }

  async finishIngest(ingest: number): Promise<void> {
    await this.driver.run(`UPDATE tp_ingests SET status = 'done', finished_at = $2 WHERE id = $1`, [ingest, new Date().toISOString()]);
  }

  /** Writes rows, new dims/labels, rejects and the checkpoint in one transaction; returns rows inserted. */
  async commit(b: BatchCommit): Promise<number> {
    return this.driver.transaction(async () => {
      await this.writeDims(b.dims, b.labels);
      let inserted = b.rows.n > 0 ? await this.driver.insertRows(b.rows) : 0;
      let rejects = b.rejects;
      let conflicts = 0;
      if (b.aggregates && b.aggregates.rows.length > 0) {
        const a = await this.insertAggregates(b.aggregates.rows, b.rows.fs);
        inserted += a.inserted;
        conflicts = a.conflicts.length;
        if (conflicts > 0) rejects = [...rejects, ...a.conflicts.map((c) => ({ ingest: c.row.ingest, file: b.aggregates!.file, line: c.row.line, reason: c.reason, raw: null }))];
      }
      await this.writeRejects(rejects);
      const c = b.checkpoint;
      if (c) {
        const dup = c.accepted - inserted - conflicts;
        await this.driver.run(
          `UPDATE tp_ingest_files SET lines_done = $3, n_read = n_read + $4, n_accepted = n_accepted + $5, n_rejected = n_rejected + $6, n_duplicates = n_duplicates + $7, ignored_spans = ignored_spans + $8, n_blank = n_blank + $9 WHERE ingest = $1 AND file_no = $2`,
          [c.ingest, c.fileNo, c.linesDone, c.read, inserted, c.rejected + conflicts, dup, c.ignoredSpans, c.blank],
        );
      }
      return inserted;
    });
  }

  /** Dims and labels (content-addressed: one already stored is left as it is), inside the caller's transaction. */
  private async writeDims(dims: readonly Dim[], labels: readonly { id: number; team: string | null; app: string | null }[]): Promise<void> {
    for (const d of dims) {
      await this.driver.run(
        `INSERT INTO tp_dims (id, provider, model, deployment, region, est_model, zone, hardware, method, boundary, scope, loc_basis, mkt_basis, fallback)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING`,
        [d.id, d.provider, d.model, d.deployment, d.region, d.estModel, d.zone, d.hardware, d.method, d.boundary, d.scope, d.locBasis, d.mktBasis, d.fallback],
      );
    }
    for (const l of labels) {
      await this.driver.run(`INSERT INTO tp_labels (id, team, app) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [l.id, l.team, l.app]);
    }
  }

  private async writeRejects(rejects: readonly RejectRow[]): Promise<void> {
    for (let i = 0; i < rejects.length; i += 200) {
      const part = rejects.slice(i, i + 200);
      const vals = part.map((_, j) => `($${j * 5 + 1}, $${j * 5 + 2}, $${j * 5 + 3}, $${j * 5 + 4}, $${j * 5 + 5})`).join(', ');
      await this.driver.run(
        `INSERT INTO tp_rejects (ingest, file, line, reason, raw) VALUES ${vals}`,
        part.flatMap((r) => [r.ingest, storableText(r.file), r.line, storableText(r.reason), r.raw === null ? null : storableText(r.raw)]),
      );
    }
  }

  /**
   * Inserts aggregate records under factor set `fs`, each bucket once: a key already stored (or earlier in `rows`)
   * with the same counts is a duplicate (a re-ingested file, an overlapping re-pull) and adds nothing; with other
   * counts it is refused with the reason (the first booking stays). Returns the rows inserted and the refused ones.
   */
  private async insertAggregates(rows: readonly AggregateRow[], fs: number): Promise<{ inserted: number; conflicts: { row: AggregateRow; reason: string }[] }> {
    const conflicts: { row: AggregateRow; reason: string }[] = [];
    const counts = (a: { requests: number | null; inputTokens: number; cachedInputTokens: number; outputTokens: number; reasoningTokens: number }) =>
      `${a.requests === null ? 'requests unknown' : `${a.requests} requests`}, ${a.inputTokens} input (${a.cachedInputTokens} cached), ${a.outputTokens} output (${a.reasoningTokens} reasoning) tokens`;
    const conflict = (row: AggregateRow, booked: Parameters<typeof counts>[0]) =>
      conflicts.push({
        row,
        reason: `bucket ${row.key} is already in the ledger with other totals (booked: ${counts(booked)}; this record: ${counts(row)}). A bucket pulled before its window ended is incomplete; the ledger keeps the first booking. Pull only closed windows (--until before the current bucket), or ingest the complete pull into a new ledger.`,
      });
    const fresh = new Map<string, AggregateRow>();
    for (const r of rows) {
      const seen = fresh.get(r.key);
      if (seen === undefined) fresh.set(r.key, r);
      else if (!sameUsage(seen, r)) conflict(r, seen);
    }
    const keys = [...fresh.keys()];
    for (let i = 0; i < keys.length; i += 500) {
      const part = keys.slice(i, i + 500);
      const got = await this.driver.query(
        `SELECT key, requests, input_tokens, cached_input_tokens, output_tokens, reasoning_tokens FROM tp_aggregates WHERE fs = $1 AND key IN (${part.map((_, j) => `$${j + 2}`).join(', ')})`,
        [fs, ...part],
      );
      for (const g of got) {
        const k = String(g.key);
        const r = fresh.get(k)!;
        const booked = {
          requests: g.requests === null ? null : num(g.requests),
          inputTokens: num(g.input_tokens),
          cachedInputTokens: num(g.cached_input_tokens),
          outputTokens: num(g.output_tokens),
          reasoningTokens: num(g.reasoning_tokens),
        };
        if (!sameUsage(booked, r)) conflict(r, booked);
        fresh.delete(k);
      }
    }
    const add = [...fresh.values()];
    const names = AGGREGATE_COLUMNS.map(([n]) => n).join(', ');
    const w = AGGREGATE_COLUMNS.length;
    for (let i = 0; i < add.length; i += 100) {
      const part = add.slice(i, i + 100);
      const vals = part.map((_, j) => `(${AGGREGATE_COLUMNS.map((_, c) => `$${j * w + c + 1}`).join(', ')})`).join(', ');
      await this.driver.run(`INSERT INTO tp_aggregates (${names}) VALUES ${vals}`, part.flatMap((r) => aggregateValues(r, fs)));
    }
    return { inserted: add.length, conflicts };
  }

  /**
   * Rejects of one ingest, or of all: a file ingested again records its rejects under each ingest (its counts stay
   * true), but the ledger-wide list shows each refused line once, under the latest ingest that refused it.
   */
  async rejects(ingest?: number, limit = 1000): Promise<RejectRow[]> {
    const rows = await this.driver.query(
      ingest === undefined
        ? `SELECT MAX(ingest) AS ingest, file, line, reason, raw FROM tp_rejects GROUP BY file, line, reason, raw ORDER BY ingest, file, line LIMIT ${limit}`
        : `SELECT ingest, file, line, reason, raw FROM tp_rejects WHERE ingest = $1 ORDER BY file, line LIMIT ${limit}`,
      ingest === undefined ? [] : [ingest],
    );
    return rows.map((r) => ({ ingest: num(r.ingest), file: String(r.file), line: num(r.line), reason: String(r.reason), raw: strOrNull(r.raw) }));
  }

  /** Rejects of one ingest, or distinct refused lines over all ingests (as `rejects` lists them). */
  async rejectCount(ingest?: number): Promise<number> {
    const r = await this.driver.query(
      ingest === undefined
        ? `SELECT count(*) AS n FROM (SELECT 1 AS x FROM tp_rejects GROUP BY file, line, reason, raw) AS d`
        : `SELECT count(*) AS n FROM tp_rejects WHERE ingest = $1`,
      ingest === undefined ? [] : [ingest],
    );
    return num(r[0].n);
  }

  /**
   * Replaces the hourly intensity of the given zones/hours (upsert), in one transaction; a zone/hour given twice
   * keeps its last value. Bulk paths per driver: a year of hourly data for 25 zones (219,000 rows) in one go.
   */
  async putHourly(rows: readonly HourlyRow[]): Promise<void> {
    const last = new Map<string, HourlyRow>();
    for (const r of rows) last.set(`${r.zone}\u0001${r.hourMs}`, r);
    const unique = last.size === rows.length ? rows : [...last.values()];
    await this.driver.transaction(() => this.driver.upsertHourly(unique));
  }

  async hourly(): Promise<Map<string, Map<number, number>>> {
    const rows = await this.driver.query(`SELECT zone, hour_ms, g_per_kwh FROM tp_grid_hourly`);
    const m = new Map<string, Map<number, number>>();
    for (const r of rows) {
      const z = String(r.zone);
      let zm = m.get(z);
      if (!zm) m.set(z, (zm = new Map()));
      zm.set(num(r.hour_ms), num(r.g_per_kwh));
    }
    return m;
  }

  /** A digest of the hourly grid data (part of the factor-set signature). */
  async hourlyDigest(): Promise<string> {
    const r = await this.driver.query(`SELECT zone, count(*) AS n, sum(g_per_kwh) AS s, min(hour_ms) AS a, max(hour_ms) AS b FROM tp_grid_hourly GROUP BY zone ORDER BY zone`);
    return r.map((x) => `${String(x.zone)}:${num(x.n)}:${num(x.s).toPrecision(12)}:${num(x.a)}:${num(x.b)}`).join('|');
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}
