/**
 * The same ledger tests run against every storage adapter: DuckDB always, PostgreSQL when TOKENPRINT_TEST_PG is
 * a connection URL (scripts/with-postgres.sh starts a throw-away server and sets it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface StoreTarget {
  readonly name: 'duckdb' | 'postgres';
  /** A fresh, empty database location (file path or URL). */
  fresh(): Promise<string>;
  cleanup(): Promise<void>;
}

export function targets(): StoreTarget[] {
  const dirs: string[] = [];
  const duck: StoreTarget = {
    name: 'duckdb',
    async fresh() {
      const d = mkdtempSync(join(tmpdir(), 'tp-ledger-'));
      dirs.push(d);
      return join(d, 'ledger.duckdb');
    },
    async cleanup() {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
  const url = process.env.TOKENPRINT_TEST_PG;
  if (!url) {
    process.stderr.write('# ledger tests: TOKENPRINT_TEST_PG not set, PostgreSQL variant skipped (scripts/with-postgres.sh runs it)\n');
    return [duck];
  }
  const made: string[] = [];
  const pgTarget: StoreTarget = {
    name: 'postgres',
    async fresh() {
      const name = `tp_${process.pid}_${made.length}_${Math.floor(Math.random() * 1e6)}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      made.push(name);
      const u = new URL(url);
      u.pathname = `/${name}`;
      return u.toString();
    },
    async cleanup() {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      for (const n of made) await admin.query(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
      await admin.end();
    },
  };
  return [duck, pgTarget];
}
