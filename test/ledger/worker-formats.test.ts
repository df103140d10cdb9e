/** Every input format gives the same ledger whether it is parsed in the worker thread or in-line. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseConfig } from '../../src/ledger/config.js';
import { openStore } from '../../src/ledger/store/open-store.js';
import { ingest } from '../../src/ledger/ingest/ingest.js';

const config = parseConfig(readFileSync('examples/tokenprint.yaml', 'utf8'), 'examples/tokenprint.yaml');

for (const file of ['examples/usage-sample.jsonl', 'examples/usage-sample.csv', 'examples/otlp-traces.json']) {
  test(`${file}: the worker thread and in-line parsing store the same rows`, async () => {
    const out: unknown[] = [];
    for (const worker of [false, true]) {
      const store = await openStore(':memory:');
      try {
        const s = await ingest(store, config, [file], { worker });
        assert.ok(s.accepted > 0, `${file} has events`);
        const rows = await store.driver.query(`SELECT key, event_id, line, model, team, energy_wh, carbon_mkt_g_low, water_ml_high FROM tp_ledger ORDER BY key`);
        out.push({ read: s.read, accepted: s.accepted, rejected: s.rejected, duplicates: s.duplicates, ignored: s.files[0].ignoredSpans, rows });
      } finally {
        await store.close();
      }
    }
    assert.deepEqual(out[1], out[0]);
  });
}
