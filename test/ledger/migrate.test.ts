/**
 * Older ledgers open as the current schema on every adapter, rows, ids and order kept: schema 2 (event_id column
 * becomes key_is_id) and schema 3 (no on-site water: n/a until restated).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../src/ledger/store/open-store.js';
import { SCHEMA_VERSION, schemaStatements } from '../../src/ledger/store/schema.js';
import { ROW_COLUMNS } from '../../src/ledger/store/rows.js';
import { targets } from './helpers/stores.js';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSample, SAMPLE_CONFIG } from '../../src/ledger/sample.js';
import { parseConfig } from '../../src/ledger/config.js';
import { ingest } from '../../src/ledger/ingest/ingest.js';
import { restate } from '../../src/ledger/ingest/restate.js';
import { buildReport } from '../../src/ledger/report/report.js';
import { reportCsv, reportMarkdown } from '../../src/ledger/report/report-render.js';

const ts = targets();
after(async () => { for (const t of ts) await t.cleanup(); });

for (const target of ts) {
  test(`${target.name}: schema 2 → 4 migration keeps every row and turns event_id into key_is_id`, async () => {
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

for (const target of ts) {
  test(`${target.name}: schema 3 → 4 migration keeps every row; on-site water is n/a (not 0) until restated, then splits the total`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-migrate-'));
    try {
      const usage = join(dir, 'usage.jsonl');
      const lines: string[] = [];
      generateSample((l) => lines.push(l), { events: 400, seed: 3 });
      writeFileSync(usage, lines.join('\n') + '\n');
      const config = parseConfig(SAMPLE_CONFIG);
      const location = await target.fresh();
      let store = await openStore(location);
      await ingest(store, config, [usage]);
      const fresh = await buildReport(store);
      assert.ok(fresh.total.waterOnsiteL !== null && fresh.total.waterOnsiteL > 0);
      // Re-create tp_rows as schema 3 had it: every column but water_onsite_ml, same rows.
      const d = store.driver;
      const old = ROW_COLUMNS.filter(([n]) => n !== 'water_onsite_ml').map(([n]) => n).join(', ');
      await d.run(`DROP VIEW tp_ledger`);
      await d.run(`CREATE TABLE tp_rows_s3 AS SELECT ${old} FROM tp_rows`);
      await d.run(`DROP TABLE tp_rows`);
      await d.run(`ALTER TABLE tp_rows_s3 RENAME TO tp_rows`);
      await d.run(`UPDATE tp_meta SET v = '3' WHERE k = 'schema'`);
      await store.close();

      store = await openStore(location); // migrates
      try {
        const v = await store.driver.query(`SELECT v FROM tp_meta WHERE k = 'schema'`);
        assert.equal(v[0].v, SCHEMA_VERSION);
        const cols = await store.driver.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'tp_rows' ORDER BY ordinal_position`);
        assert.deepEqual(cols.map((c) => c.column_name), ROW_COLUMNS.map(([n]) => n), 'columns in appender order');
        const migrated = await buildReport(store, { by: ['team'] });
        assert.equal(migrated.total.requests, fresh.total.requests);
        assert.ok(Math.abs(migrated.total.waterL.value - fresh.total.waterL.value) <= 1e-9 * fresh.total.waterL.value, 'total water kept');
        assert.equal(migrated.total.waterOnsiteL, null, 'rows from schema 3 have no on-site part: n/a, never 0');
        assert.equal(migrated.total.waterOffsiteL, null);
        assert.match(reportMarkdown(migrated), /n\/a/);
        assert.match(reportCsv(migrated).split('\n')[1], /,,/, 'an empty CSV cell, not 0');
        // Same factors, but rows lack the split: restate computes it (a new factor set).
        const s = await restate(store, config);
        assert.equal(s.restated, fresh.total.requests);
        const after = await buildReport(store);
        const on = after.total.waterOnsiteL ?? NaN, off = after.total.waterOffsiteL ?? NaN;
        // Same doubles summed in another order: 1e-9 relative.
        assert.ok(Math.abs(on - (fresh.total.waterOnsiteL ?? NaN)) <= 1e-9 * on, `on-site after restate ${on} vs fresh ${fresh.total.waterOnsiteL}`);
        assert.ok(Math.abs(on + off - after.total.waterL.value) <= 1e-9 * after.total.waterL.value, 'on-site + off-site = total');
        // Now nothing is left to restate under the same factors.
        await assert.rejects(restate(store, config), /unchanged/);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
