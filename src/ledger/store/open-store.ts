/** Picks the adapter from the location: a `postgres://` / `postgresql://` URL, else a DuckDB file path. */
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { LedgerStore, NeedsWriteError } from './store.js';
import { LedgerError } from './ledger-errors.js';
import { DuckDbDriver } from './duckdb-driver.js';
import { PostgresDriver } from './postgres-driver.js';
import { InvalidInputError } from '../../core/errors.js';

export const DEFAULT_DB = './tokenprint.duckdb';

/**
 * Extensions of the files a ledger is fed from or exported to: `--db usage.jsonl` is a mistake (DuckDB would make
 * a database of that name, or read the data file as one), so such a path is refused rather than written.
 */
const DATA_FILE_EXTENSIONS = new Set(['.jsonl', '.ndjson', '.json', '.csv', '.tsv', '.parquet', '.gz', '.zst', '.yaml', '.yml', '.txt', '.log', '.xlsx', '.html', '.md']);

/** Refuses a DuckDB ledger path that names a data file (see DATA_FILE_EXTENSIONS). */
export function checkLedgerPath(location: string): void {
  const ext = extname(location).toLowerCase();
  if (DATA_FILE_EXTENSIONS.has(ext)) {
    throw new InvalidInputError(
      '--db',
      `${location} names a ${ext} data file, not a ledger: the ledger is a DuckDB file (e.g. --db ledger.duckdb) or a postgres:// URL. Usage files are the arguments of \`tokenprint ingest\`.`,
      { location },
    );
  }
}

/**
 * Opens the ledger at `location`. With `readOnly` (commands that only read: report, rejects, disclose, audit), a
 * DuckDB file is opened in READ_ONLY mode, so a read-only file or a full disk can still be reported on; a ledger that
 * needs writing before it can be read (created, migrated from an older schema) is then opened for writing once.
 */
export interface OpenOptions {
  readonly memoryLimit?: string;
  readonly readOnly?: boolean;
  /** DuckDB: the WAL size at which a commit checkpoints (the server raises it: src/server/tenants.ts). */
  readonly checkpointThreshold?: string;
}

export async function openStore(location: string = DEFAULT_DB, opts: OpenOptions = {}): Promise<LedgerStore> {
  const memoryLimit = opts.memoryLimit ?? process.env.TOKENPRINT_DUCKDB_MEMORY_LIMIT;
  const pg = /^postgres(ql)?:\/\//i.test(location);
  if (!pg) checkLedgerPath(location);
  if (!pg && opts.readOnly && existsSync(location)) {
    const store = new LedgerStore(await DuckDbDriver.open(location, { memoryLimit, readOnly: true }));
    try {
      await store.init({ readOnly: true });
      return store;
    } catch (e) {
      await store.close();
      if (!(e instanceof NeedsWriteError)) throw e;
      try {
        return await openWritable(location, { memoryLimit, checkpointThreshold: opts.checkpointThreshold });
      } catch (w) {
        if (w instanceof LedgerError && w.reason === 'read-only') {
          throw new LedgerError('read-only', `${e.message}, and it cannot be written (${w.message}). Run a writing command (\`npx tokenprint ingest\` or \`restate\`) on a writable copy once, then read it anywhere.`, { location });
        }
        throw w;
      }
    }
  }
  return pg ? openInit(new LedgerStore(await PostgresDriver.open(location))) : openWritable(location, { memoryLimit, checkpointThreshold: opts.checkpointThreshold });
}

async function openWritable(location: string, o: { memoryLimit?: string; checkpointThreshold?: string }): Promise<LedgerStore> {
  return openInit(new LedgerStore(await DuckDbDriver.open(location, o)));
}

async function openInit(store: LedgerStore): Promise<LedgerStore> {
  try {
    await store.init();
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}

/** A second connection to a DuckDB ledger, for reads beside its writer (see DuckDbDriver.connect). */
export async function openDuckDbReader(store: LedgerStore): Promise<LedgerStore> {
  if (!(store.driver instanceof DuckDbDriver)) throw new InvalidInputError('--db', `${store.driver.location} is not a DuckDB ledger`);
  return new LedgerStore(await store.driver.connect());
}

/** Where the ledger is: the location given, else the config's `db`, else TOKENPRINT_DB, else ./tokenprint.duckdb. */
export function ledgerLocation(given?: string, config?: { readonly db?: string }): string {
  return given ?? config?.db ?? process.env.TOKENPRINT_DB ?? DEFAULT_DB;
}

/** Whether a ledger is there: a PostgreSQL URL is taken as existing (the server says otherwise); a DuckDB path must exist. */
export function ledgerExists(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location) || existsSync(location);
}
