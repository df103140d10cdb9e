/**
 * Two server processes on one PostgreSQL database (a schema per tenant, keys in one table): concurrent writers on
 * both, overlapping batches, reports read from either; the ledger equals one CLI ingest of the same events.
 * Runs when TOKENPRINT_TEST_PG is set (scripts/with-postgres.sh).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { KeyTable } from '../../src/server/store/key-pg.js';
import { newKey } from '../../src/server/keys.js';
import { openStore } from '../../src/ledger/store/open-store.js';
import { ingest } from '../../src/ledger/ingest/ingest.js';
import { buildReport } from '../../src/ledger/report/report.js';
import { defaultConfig } from '../../src/ledger/config.js';
import { startServerProcess } from './process.js';
import { events } from './helpers.js';

const base = process.env.TOKENPRINT_TEST_PG;
const dir = mkdtempSync(join(tmpdir(), 'tp-serve-pg-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('two server processes share one PostgreSQL ledger per tenant: nothing lost, nothing doubled', { skip: base ? false : 'TOKENPRINT_TEST_PG not set (scripts/with-postgres.sh runs it)' }, async () => {
  const db = `tp_serve_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${db}`);
  const url = base!.replace(/\/[^/?]+(\?|$)/, `/${db}$1`);
  try {
    const keys = await KeyTable.open(url);
    const a = await newKey('acme', 'admin', null);
    const g = await newKey('globex', 'admin', null);
    await keys.add(a.record);
    await keys.add(g.record);
    await keys.close();
    const p1 = await startServerProcess(['--db', url, '--spool', join(dir, 'spool1')]);
    const p2 = await startServerProcess(['--db', url, '--spool', join(dir, 'spool2')]);
    try {
      const batches = Array.from({ length: 8 }, (_, i) => events(500, `pg-${i}`));
      const post = (u: string, key: string, body: string) =>
        fetch(`${u}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' }, body }).then(async (r) => {
          assert.equal(r.status, 200, await r.clone().text());
          return (await r.json()) as { read: number; accepted: number; duplicates: number; rejected: number };
        });
      // every batch to both processes at once (each event arrives twice), plus globex's own batch
      const results = await Promise.all([
        ...batches.flatMap((b) => [post(p1.url, a.key, b), post(p2.url, a.key, b)]),
        post(p2.url, g.key, events(10, 'globex')),
        fetch(`${p1.url}/v1/report`, { headers: { authorization: `Bearer ${a.key}` } }).then((r) => r.status),
      ]);
      const counts = results.slice(0, 16) as { read: number; accepted: number; duplicates: number; rejected: number }[];
      assert.equal(counts.reduce((s, c) => s + c.accepted, 0), 4000, 'each event accepted once across both processes');
      assert.equal(counts.reduce((s, c) => s + c.duplicates, 0), 4000);
      const rep = async (u: string, key: string) => (await (await fetch(`${u}/v1/report?by=team`, { headers: { authorization: `Bearer ${key}` } })).json()) as { total: { requests: number; energyKWh: { value: number } } };
      const r1 = await rep(p1.url, a.key);
      const r2 = await rep(p2.url, a.key);
      assert.equal(r1.total.requests, 4000);
      assert.deepEqual(r1.total, r2.total);
      assert.equal((await rep(p1.url, g.key)).total.requests, 10, "globex sees only its own, from either process");

      writeFileSync(join(dir, 'all.jsonl'), batches.join(''));
      const cli = await openStore(join(dir, 'cli.duckdb'));
      try {
        await ingest(cli, defaultConfig(), [join(dir, 'all.jsonl')]);
        const want = await buildReport(cli);
        // DuckDB vs PostgreSQL sums of the same doubles: equal up to summation order (1e-12 relative)
        assert.ok(Math.abs(r1.total.energyKWh.value - want.total.energyKWh.value) <= 1e-12 * want.total.energyKWh.value);
      } finally {
        await cli.close();
      }
    } finally {
      await p1.stop();
      await p2.stop();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.end();
  }
});
