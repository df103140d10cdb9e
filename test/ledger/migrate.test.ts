/** A schema-2 ledger (event_id column) opens as schema 3 (key_is_id): rows, ids and totals carried over. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDbDriver } from '../../src/ledger/duckdb-driver.js';
import { LedgerStore } from '../../src/ledger/store.js';
import { SCHEMA_VERSION, viewStatement } from '../../src/ledger/schema.js';
import { ROW_COLUMNS } from '../../src/ledger/rows.js';

test('schema 2 → 3 migration keeps every row and turns event_id into key_is_id', async () => {
  const driver = await DuckDbDriver.open(':memory:');
  const store = new LedgerStore(driver);
  await store.init();
  // Re-create tp_rows as schema 2 had it: event_id VARCHAR in place of key_is_id.
  const v2cols = ROW_COLUMNS.map(([n, t]) => (n === 'key_is_id' ? 'event_id VARCHAR' : `${n} ${{ text: 'VARCHAR', int: 'INTEGER', bigint: 'BIGINT', double: 'DOUBLE' }[t]}`));
  await driver.run(`DROP VIEW tp_ledger`);
  await driver.run(`DROP TABLE tp_rows`);
  await driver.run(`CREATE TABLE tp_rows (${v2cols.join(', ')})`);
  const vals = (key: string, id: string | null, e: number) =>
    ROW_COLUMNS.map(([n, t]) => (n === 'key' ? `'${key}'` : n === 'key_is_id' ? (id === null ? 'NULL' : `'${id}'`) : n === 'energy_wh' ? String(e) : t === 'text' ? 'NULL' : '1')).join(', ');
  await driver.run(`INSERT INTO tp_rows VALUES (${vals('req-1', 'req-1', 2.5)}), (${vals('h:abc', null, 1.5)})`);
  await driver.run(`UPDATE tp_meta SET v = '2' WHERE k = 'schema'`);
  assert.ok(viewStatement('duckdb').includes('event_id'));
  await store.init();
  const v = await driver.query(`SELECT v FROM tp_meta WHERE k = 'schema'`);
  assert.equal(v[0].v, SCHEMA_VERSION);
  const rows = await driver.query(`SELECT key, key_is_id, energy_wh FROM tp_rows ORDER BY key`);
  assert.deepEqual(rows, [
    { key: 'h:abc', key_is_id: 0, energy_wh: 1.5 },
    { key: 'req-1', key_is_id: 1, energy_wh: 2.5 },
  ]);
  const cols = await driver.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'tp_rows' ORDER BY ordinal_position`);
  assert.deepEqual(cols.map((c) => c.column_name), ROW_COLUMNS.map(([n]) => n), 'columns in appender order');
  await driver.close();
});
