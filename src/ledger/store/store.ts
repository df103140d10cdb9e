/**
 * The storage port. `SqlDriver` is what an adapter provides (DuckDB: duckdb-driver.ts, PostgreSQL:
 * postgres-driver.ts); `LedgerStore` is the ledger's own vocabulary over it, written once in portable SQL.
 */
import type { RowBatch } from './rows.js';
import type { Dim } from '../ingest/estimator.js';
import { type Dialect, schemaStatements, SCHEMA_VERSION, migrate2to3 } from './schema.js';
import { ConflictingInputError } from '../../core/errors.js';

export type SqlRow = Record<string, unknown>;

export interface SqlDriver {
  readonly dialect: Dialect;
  /** Where the data lives, for messages (a file path or a URL without password). */
  readonly location: string;
  query(sql: string, params?: readonly unknown[]): Promise<SqlRow[]>;
  /** Runs a statement; returns the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Inserts a batch into tp_rows, skipping keys the batch's factor set already holds; returns rows inserted. */
  insertRows(batch: RowBatch): Promise<number>;
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

export interface IngestFileRow {
  readonly fileNo: number;
  readonly path: string;
  readonly fingerprint: string;
  readonly format: string;
  readonly linesDone: number;
  readonly read: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly ignoredSpans: number;
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
  /** Progress of the file the batch came from (absent for restatements). */
  readonly checkpoint?: { ingest: number; fileNo: number; linesDone: number; read: number; rejected: number; accepted: number; ignoredSpans: number };
}

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : typeof v === 'string' ? Number(v) : (v as number));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export class LedgerStore {
  constructor(readonly driver: SqlDriver) {}

  get dialect(): Dialect {
    return this.driver.dialect;
  }

  async init(): Promise<void> {
    await this.driver.run(`CREATE TABLE IF NOT EXISTS tp_meta (k VARCHAR PRIMARY KEY, v VARCHAR NOT NULL)`);
    const old = await this.driver.query(`SELECT v FROM tp_meta WHERE k = 'schema'`);
    if (old.length && String(old[0].v) === '2') {
      await this.driver.transaction(async () => {
        for (const s of migrate2to3(this.driver.dialect)) await this.driver.run(s);
      });
    }
    for (const s of schemaStatements(this.driver.dialect)) await this.driver.run(s);
    const v = await this.driver.query(`SELECT v FROM tp_meta WHERE k = 'schema'`);
    if (v.length === 0) await this.driver.run(`INSERT INTO tp_meta (k, v) VALUES ('schema', $1)`, [SCHEMA_VERSION]);
    else if (String(v[0].v) !== SCHEMA_VERSION) {
      throw new ConflictingInputError(`${this.driver.location} holds ledger schema ${String(v[0].v)}; this tokenprint writes ${SCHEMA_VERSION} (schema 2 added tp_rows.key_hash; schema 2 ledgers are migrated to 3 automatically). Re-create the ledger: move the old file (or drop its tp_* tables) and ingest the usage files again.`);
    }
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

  async rowCount(fs: number): Promise<number> {
    const r = await this.driver.query(`SELECT count(*) AS n FROM tp_rows WHERE fs = $1`, [fs]);
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
    return this.driver.transaction(async () => {
      const r = await this.driver.query(`SELECT COALESCE(MAX(id), 0) + 1 AS id FROM tp_ingests`);
      const id = num(r[0].id);
      await this.driver.run(`INSERT INTO tp_ingests (id, signature, fs, started_at, status) VALUES ($1, $2, $3, $4, 'running')`, [
        id, signature, fs, new Date().toISOString(),
      ]);
      for (let i = 0; i < files.length; i++) {
        await this.driver.run(
          `INSERT INTO tp_ingest_files (ingest, file_no, path, fingerprint, format, lines_done, n_read, n_accepted, n_rejected, n_duplicates, ignored_spans) VALUES ($1, $2, $3, $4, $5, 0, 0, 0, 0, 0, 0)`,
          [id, i, files[i].path, files[i].fingerprint, files[i].format],
        );
      }
      return id;
    });
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
      for (const d of b.dims) {
        await this.driver.run(
          `INSERT INTO tp_dims (id, provider, model, deployment, region, est_model, zone, hardware, method, boundary, scope, loc_basis, mkt_basis, fallback)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING`,
          [d.id, d.provider, d.model, d.deployment, d.region, d.estModel, d.zone, d.hardware, d.method, d.boundary, d.scope, d.locBasis, d.mktBasis, d.fallback],
        );
      }
      for (const l of b.labels) {
        await this.driver.run(`INSERT INTO tp_labels (id, team, app) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [l.id, l.team, l.app]);
      }
      const inserted = b.rows.n > 0 ? await this.driver.insertRows(b.rows) : 0;
      for (let i = 0; i < b.rejects.length; i += 200) {
        const part = b.rejects.slice(i, i + 200);
        const vals = part.map((_, j) => `($${j * 5 + 1}, $${j * 5 + 2}, $${j * 5 + 3}, $${j * 5 + 4}, $${j * 5 + 5})`).join(', ');
        await this.driver.run(
          `INSERT INTO tp_rejects (ingest, file, line, reason, raw) VALUES ${vals}`,
          part.flatMap((r) => [r.ingest, r.file, r.line, r.reason, r.raw]),
        );
      }
      const c = b.checkpoint;
      if (c) {
        const dup = c.accepted - inserted;
        await this.driver.run(
          `UPDATE tp_ingest_files SET lines_done = $3, n_read = n_read + $4, n_accepted = n_accepted + $5, n_rejected = n_rejected + $6, n_duplicates = n_duplicates + $7, ignored_spans = ignored_spans + $8 WHERE ingest = $1 AND file_no = $2`,
          [c.ingest, c.fileNo, c.linesDone, c.read, inserted, c.rejected, dup, c.ignoredSpans],
        );
      }
      return inserted;
    });
  }

  async rejects(ingest?: number, limit = 1000): Promise<RejectRow[]> {
    const rows = await this.driver.query(
      ingest === undefined
        ? `SELECT ingest, file, line, reason, raw FROM tp_rejects ORDER BY ingest, file, line LIMIT ${limit}`
        : `SELECT ingest, file, line, reason, raw FROM tp_rejects WHERE ingest = $1 ORDER BY file, line LIMIT ${limit}`,
      ingest === undefined ? [] : [ingest],
    );
    return rows.map((r) => ({ ingest: num(r.ingest), file: String(r.file), line: num(r.line), reason: String(r.reason), raw: strOrNull(r.raw) }));
  }

  async rejectCount(ingest?: number): Promise<number> {
    const r = await this.driver.query(
      ingest === undefined ? `SELECT count(*) AS n FROM tp_rejects` : `SELECT count(*) AS n FROM tp_rejects WHERE ingest = $1`,
      ingest === undefined ? [] : [ingest],
    );
    return num(r[0].n);
  }

  /** Replaces the hourly intensity of the given zones/hours (upsert). */
  async putHourly(rows: readonly { zone: string; hourMs: number; gPerKWh: number; factorType: string }[]): Promise<void> {
    await this.driver.transaction(async () => {
      for (let i = 0; i < rows.length; i += 250) {
        const part = rows.slice(i, i + 250);
        const vals = part.map((_, j) => `($${j * 4 + 1}, $${j * 4 + 2}, $${j * 4 + 3}, $${j * 4 + 4})`).join(', ');
        await this.driver.run(`INSERT INTO tp_grid_hourly (zone, hour_ms, g_per_kwh, factor_type) VALUES ${vals} ON CONFLICT (zone, hour_ms) DO UPDATE SET g_per_kwh = EXCLUDED.g_per_kwh, factor_type = EXCLUDED.factor_type`, part.flatMap((r) => [r.zone, r.hourMs, r.gPerKWh, r.factorType]));
      }
    });
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
