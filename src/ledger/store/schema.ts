/**
 * The ledger's tables and its reporting view, in SQL both DuckDB and PostgreSQL run (types adjusted per dialect).
 * docs/ledger.md documents them and the portable view a warehouse can run over its own usage table.
 */
import { ROW_COLUMNS } from './rows.js';
import { AGGREGATE_COLUMNS, AGGREGATE_NOT_NULL } from './aggregate-rows.js';

export type Dialect = 'duckdb' | 'postgres';

/**
 * 2: tp_rows.key_hash (BIGINT) added. 3: tp_rows.event_id (a copy of key) replaced by key_is_id. 4: tp_rows.water_onsite_ml
 * (the on-site part of water_ml) added. 5: tp_aggregates (aggregate usage records: buckets) added, and tp_ledger shows
 * them beside the per-request rows (columns kind, requests, window_end_ms, groups); tp_ingest_files.n_blank (blank
 * lines of each file, beside n_read) added.
 */
export const SCHEMA_VERSION = '5';

/**
 * Statements that bring a schema-2, -3 or -4 ledger to schema 5 (run in one transaction).
 *
 * From 2 or 3: tp_rows is rebuilt with its columns in the current order (the DuckDB appender writes by position).
 * From schema 2, event_id becomes key_is_id. water_onsite_ml is NULL in every migrated row — those rows were
 * estimated before the split was stored; the report shows their on-site and off-site water as n/a (never 0) until
 * `tokenprint restate` recomputes them.
 * From 4 (and after the above): tp_aggregates is created empty, tp_ingest_files gets n_blank (blank lines; 0 for
 * the files ingested before, whose blank lines were not counted) and the view is re-created over both tables.
 */
export function migrateStatements(d: Dialect, from: 2 | 3 | 4): string[] {
  const s = [`DROP VIEW IF EXISTS tp_ledger`];
  if (from < 4) {
    const cols = ROW_COLUMNS.map(([n, ty]) => `${n} ${t(d, ty)}${NOT_NULL.includes(n) ? ' NOT NULL' : ''}`);
    const select = ROW_COLUMNS.map(([n]) => {
      if (n === 'key_is_id' && from === 2) return `CASE WHEN event_id IS NULL THEN 0 ELSE 1 END`;
      if (n === 'water_onsite_ml') return `CAST(NULL AS ${t(d, 'double')})`;
      return n;
    });
    s.push(
      `CREATE TABLE tp_rows_v4 (${cols.join(', ')})`,
      `INSERT INTO tp_rows_v4 SELECT ${select.join(', ')} FROM tp_rows`,
      `DROP TABLE tp_rows`,
      `ALTER TABLE tp_rows_v4 RENAME TO tp_rows`,
    );
    if (d === 'postgres') s.push(`CREATE UNIQUE INDEX IF NOT EXISTS tp_rows_key_fs ON tp_rows (key, fs)`);
  }
  // DuckDB adds no column with a constraint: the default fills every row, and new rows always give the value.
  s.push(`ALTER TABLE tp_ingest_files ADD COLUMN IF NOT EXISTS n_blank BIGINT ${d === 'postgres' ? 'NOT NULL ' : ''}DEFAULT 0`);
  s.push(aggregatesTable(d), viewStatement(d), `UPDATE tp_meta SET v = '${SCHEMA_VERSION}' WHERE k = 'schema'`);
  return s;
}

/** tp_aggregates: few rows (buckets), so both stores keep a primary-key index on (key, fs). */
function aggregatesTable(d: Dialect): string {
  const cols = AGGREGATE_COLUMNS.map(([n, ty]) => `${n} ${t(d, ty)}${AGGREGATE_NOT_NULL.includes(n) ? ' NOT NULL' : ''}`);
  return `CREATE TABLE IF NOT EXISTS tp_aggregates (${cols.join(', ')}, PRIMARY KEY (key, fs))`;
}

const NOT_NULL: readonly string[] = ['key', 'key_is_id', 'fs', 'ingest', 'line', 'ts_ms', 'dim', 'label', 'key_hash'];

function t(dialect: Dialect, type: 'text' | 'int' | 'bigint' | 'double' | 'bool'): string {
  switch (type) {
    case 'text':
      return 'VARCHAR';
    case 'int':
      return 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'double':
      return dialect === 'postgres' ? 'DOUBLE PRECISION' : 'DOUBLE';
    case 'bool':
      return 'BOOLEAN';
  }
}

export function schemaStatements(d: Dialect): string[] {
  const rowCols = ROW_COLUMNS.map(([n, ty]) => `${n} ${t(d, ty)}${NOT_NULL.includes(n) ? ' NOT NULL' : ''}`);
  const dbl = t(d, 'double');
  const s = [
    `CREATE TABLE IF NOT EXISTS tp_meta (k VARCHAR PRIMARY KEY, v VARCHAR NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS tp_factor_sets (id INTEGER PRIMARY KEY, signature VARCHAR NOT NULL, created_at VARCHAR NOT NULL, note VARCHAR, config VARCHAR NOT NULL, active BOOLEAN NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS tp_ingests (id INTEGER PRIMARY KEY, signature VARCHAR NOT NULL, fs INTEGER NOT NULL, started_at VARCHAR NOT NULL, finished_at VARCHAR, status VARCHAR NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS tp_ingest_files (ingest INTEGER NOT NULL, file_no INTEGER NOT NULL, path VARCHAR NOT NULL, fingerprint VARCHAR NOT NULL, format VARCHAR NOT NULL, lines_done BIGINT NOT NULL, n_read BIGINT NOT NULL, n_accepted BIGINT NOT NULL, n_rejected BIGINT NOT NULL, n_duplicates BIGINT NOT NULL, ignored_spans BIGINT NOT NULL, n_blank BIGINT NOT NULL, PRIMARY KEY (ingest, file_no))`,
    `CREATE TABLE IF NOT EXISTS tp_dims (id INTEGER PRIMARY KEY, provider VARCHAR NOT NULL, model VARCHAR NOT NULL, deployment VARCHAR, region VARCHAR, est_model VARCHAR NOT NULL, zone VARCHAR, hardware VARCHAR, method VARCHAR NOT NULL, boundary VARCHAR NOT NULL, scope VARCHAR NOT NULL, loc_basis VARCHAR NOT NULL, mkt_basis VARCHAR NOT NULL, fallback VARCHAR)`,
    `CREATE TABLE IF NOT EXISTS tp_labels (id INTEGER PRIMARY KEY, team VARCHAR, app VARCHAR)`,
    `CREATE TABLE IF NOT EXISTS tp_rows (${rowCols.join(', ')})`,
    `CREATE TABLE IF NOT EXISTS tp_rejects (ingest INTEGER NOT NULL, file VARCHAR NOT NULL, line BIGINT NOT NULL, reason VARCHAR NOT NULL, raw VARCHAR)`,
    `CREATE TABLE IF NOT EXISTS tp_grid_hourly (zone VARCHAR NOT NULL, hour_ms BIGINT NOT NULL, g_per_kwh ${dbl} NOT NULL, factor_type VARCHAR NOT NULL, PRIMARY KEY (zone, hour_ms))`,
    aggregatesTable(d),
  ];
  // DuckDB's ART index would hold every key in memory; its anti-join scan is cheaper. Postgres gets a B-tree.
  if (d === 'postgres') s.push(`CREATE UNIQUE INDEX IF NOT EXISTS tp_rows_key_fs ON tp_rows (key, fs)`);
  s.push(viewStatement(d));
  return s;
}

/** The ledger's tables (tp_ledger is the view over them). */
export const EXPECTED_TABLES = ['tp_meta', 'tp_factor_sets', 'tp_ingests', 'tp_ingest_files', 'tp_dims', 'tp_labels', 'tp_rows', 'tp_rejects', 'tp_grid_hourly', 'tp_aggregates'] as const;

/** Column names of each table, in order, read from the CREATE statements above (one definition of the schema). */
export function expectedColumns(d: Dialect): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of schemaStatements(d)) {
    const m = /^CREATE TABLE IF NOT EXISTS (\w+) \((.*)\)$/s.exec(s);
    if (m === null) continue;
    const cols = m[2].split(/, (?![^(]*\))/).map((c) => c.trim().split(' ')[0].toLowerCase());
    out[m[1]] = cols.filter((c) => c !== 'primary');
  }
  return out;
}

/**
 * tp_ledger: per-request rows and aggregate records side by side. `kind` is `request` or `aggregate`; `requests` is 1
 * for a row, the bucket's count for an aggregate (NULL: the source does not count requests); an aggregate's `ts_ms`
 * is its window start (it belongs to the day and month its window starts in) and `window_end_ms` its end; its method
 * tier is the per-request tier of its mean request with ` (aggregate)` appended.
 */
export function viewStatement(d: Dialect): string {
  const time = (col: string) => {
    const ts = d === 'duckdb' ? `epoch_ms(${col})` : `(to_timestamp(${col} / 1000.0) AT TIME ZONE 'UTC')`;
    const day = d === 'duckdb' ? `strftime(${ts}, '%Y-%m-%d')` : `to_char(${ts}, 'YYYY-MM-DD')`;
    const month = d === 'duckdb' ? `strftime(${ts}, '%Y-%m')` : `to_char(${ts}, 'YYYY-MM')`;
    return `${ts} AS ts, ${day} AS day, ${month} AS month`;
  };
  const text = t(d, 'text');
  const rowNames = ROW_COLUMNS.filter(([n]) => !['dim', 'label', 'key_hash'].includes(n)).map(([n]) => n as string);
  const rowCols = rowNames.map((n) => (n === 'key_is_id' ? `CASE WHEN r.key_is_id = 1 THEN r.key END AS event_id` : `r.${n}`));
  const aggCols = rowNames.map((n) => {
    if (n === 'key_is_id') return `CAST(NULL AS ${text}) AS event_id`;
    if (n === 'ts_ms') return `a.start_ms AS ts_ms`;
    if (n === 'tags') return `CAST(NULL AS ${text}) AS tags`;
    if (n === 'latency_ms') return `CAST(NULL AS ${t(d, 'double')}) AS latency_ms`;
    return `a.${n}`;
  });
  const dims = (method: string) =>
    `d.provider, d.model, d.deployment, d.region, d.est_model, d.zone, d.hardware, ${method} AS method, d.boundary, d.scope, d.loc_basis, d.mkt_basis, d.fallback,
  l.team, l.app`;
  return `CREATE OR REPLACE VIEW tp_ledger AS SELECT ${rowCols.join(', ')}, ${time('r.ts_ms')},
  ${dims('d.method')},
  'request' AS kind, CAST(1 AS BIGINT) AS requests, CAST(NULL AS BIGINT) AS window_end_ms, CAST(NULL AS ${text}) AS groups
FROM tp_rows r JOIN tp_dims d ON d.id = r.dim JOIN tp_labels l ON l.id = r.label
UNION ALL
SELECT ${aggCols.join(', ')}, ${time('a.start_ms')},
  ${dims(`d.method || ' (aggregate)'`)},
  'aggregate' AS kind, a.requests, a.end_ms AS window_end_ms, a.groups
FROM tp_aggregates a JOIN tp_dims d ON d.id = a.dim JOIN tp_labels l ON l.id = a.label`;
}
