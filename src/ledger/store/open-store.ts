/** Picks the adapter from the location: a `postgres://` / `postgresql://` URL, else a DuckDB file path. */
import { LedgerStore } from './store.js';
import { DuckDbDriver } from './duckdb-driver.js';
import { PostgresDriver } from './postgres-driver.js';

export const DEFAULT_DB = './tokenprint.duckdb';

export async function openStore(location: string = DEFAULT_DB, opts: { memoryLimit?: string } = {}): Promise<LedgerStore> {
  const memoryLimit = opts.memoryLimit ?? process.env.TOKENPRINT_DUCKDB_MEMORY_LIMIT;
  const driver = /^postgres(ql)?:\/\//i.test(location) ? await PostgresDriver.open(location) : await DuckDbDriver.open(location, { memoryLimit });
  const store = new LedgerStore(driver);
  try {
    await store.init();
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}
