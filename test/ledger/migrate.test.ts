/** A schema-2 ledger (event_id column) opens as schema 3 (key_is_id), on every adapter: rows, ids and order kept. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../src/ledger/store/open-store.js';
import { SCHEMA_VERSION, schemaStatements } from '../../src/ledger/store/schema.js';
import { ROW_COLUMNS } from '../../src/ledger/store/rows.js';
import { targets } from './helpers/stores.js';

const ts = targets();
after(async () => { for (const t of ts) await t.cleanup(); });

for (const target of ts) {
  test(`${target.name}: schema 2 → 3 migration keeps every row and turns event_id into key_is_id`, async () => {
    const location = await target.fresh();
    let store = await openStore(location);
    const d = store.driver;
    // Re-create tp_rows as schema 2 had it: event_id VARCHAR where key_is_id now stands.
    const create = schemaStatements(d.dialect).find((s) => s.startsWith('CREATE TABLE IF NOT EXISTS tp_rows '));
    assert.ok(create?.includes('key_is_id INTEGER NOT NULL'));
    await d.run(`DROP VIEW tp_ledger`);
    await d.run(`DROP TABLE tp_rows`);
    await d.run(create!.replace('key_is_id INTEGER NOT NULL', 'event_id VARCHAR'));
    const vals = (key: string, id: string | null, e: number) =>
      ROW_COLUMNS.map(([n, t]) => (n === 'key' ? `'${key}'` : n === 'key_is_id' ? (id === null ? 'NULL' : `'${id}'`) : n === 'energy_wh' ? String(e) : t === 'text' ? 'NULL' : '1')).join(', ');
    await d.run(`INSERT INTO tp_rows VALUES (${vals('req-1', 'req-1', 2.5)}), (${vals('h:abc', null, 1.5)})`);
    await d.run(`UPDATE tp_meta SET v = '2' WHERE k = 'schema'`);
    await store.close();

    store = await openStore(location); // migrates
    try {
      const v = await store.driver.query(`SELECT v FROM tp_meta WHERE k = 'schema'`);
      assert.equal(v[0].v, SCHEMA_VERSION);
      const rows = await store.driver.query(`SELECT key, key_is_id, energy_wh FROM tp_rows ORDER BY key`);
      assert.deepEqual(rows.map((r) => [r.key, Number(r.key_is_id), Number(r.energy_wh)]), [['h:abc', 0, 1.5], ['req-1', 1, 2.5]]);
      const cols = await store.driver.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'tp_rows' ORDER BY ordinal_position`);
      assert.deepEqual(cols.map((c) => c.column_name), ROW_COLUMNS.map(([n]) => n), 'columns in appender order');
      // The view shows event_id again: the key where it is the event's id, null for a content hash.
      await store.driver.run(`INSERT INTO tp_dims (id, provider, model, est_model, method, boundary, scope, loc_basis, mkt_basis) VALUES (1, 'openai', 'm', 'm', 'modeled:provider', 'facility', 'scope3.1', 'provider', 'provider')`);
      await store.driver.run(`INSERT INTO tp_labels (id, team, app) VALUES (1, NULL, NULL)`);
      const ids = await store.driver.query(`SELECT key, event_id FROM tp_ledger ORDER BY key`);
      assert.deepEqual(ids.map((r) => [r.key, r.event_id]), [['h:abc', null], ['req-1', 'req-1']]);
    } finally {
      await store.close();
    }
  });
}
