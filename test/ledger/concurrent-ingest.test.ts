/**
 * Concurrent writers on PostgreSQL (the store meant for them): two `ingest` runs of the same file at once must not
 * share an ingest (each reads the file once: read = lines, no reject recorded twice), and the ledger ends with one
 * copy of each event. DuckDB allows one writer per file; the second gets a clear message (open-store.test.ts).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSample, SAMPLE_CONFIG } from '../../src/ledger/sample.js';
import { parseConfig } from '../../src/ledger/config.js';
import { openStore } from '../../src/ledger/store/open-store.js';
import { ingest } from '../../src/ledger/ingest/ingest.js';
import { targets } from './helpers/stores.js';

const dir = mkdtempSync(join(tmpdir(), 'tp-concurrent-'));
const usage = join(dir, 'usage.jsonl');
const lines: string[] = [];
generateSample((l) => lines.push(l), { events: 3000, seed: 11 });
writeFileSync(usage, lines.join('\n') + '\n');
const config = parseConfig(SAMPLE_CONFIG);
const pgTarget = targets().find((t) => t.name === 'postgres');
after(async () => {
  await pgTarget?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

test('postgres: two simultaneous ingests of one file each read it once and store each event once', { skip: pgTarget ? false : 'PostgreSQL not configured (TOKENPRINT_TEST_PG)' }, async () => {
  const url = await pgTarget!.fresh();
  const [a, b] = [await openStore(url), await openStore(url)];
  try {
    const [sa, sb] = await Promise.all([ingest(a, config, [usage], { batchSize: 200 }), ingest(b, config, [usage], { batchSize: 200 })]);
    assert.notEqual(sa.ingestId, sb.ingestId, 'each run has its own ingest');
    for (const s of [sa, sb]) {
      assert.equal(s.read, s.accepted + s.rejected + s.duplicates);
      assert.equal(s.rejected, sa.rejected, 'both refuse the same lines');
    }
    assert.equal(sa.read, sb.read, 'each run read the file once');
    assert.ok(sa.rejected > 0);
    // One run stored the events, the other found them all already there.
    assert.equal(Math.min(sa.accepted, sb.accepted), 0);
    const first = sa.accepted > 0 ? sa : sb;
    const n = await a.driver.query(`SELECT count(*) AS n FROM tp_rows`);
    assert.equal(Number(n[0].n), first.accepted);
    const r = await a.driver.query(`SELECT ingest, count(*) AS n FROM tp_rejects GROUP BY ingest ORDER BY ingest`);
    assert.deepEqual(r.map((x) => Number(x.n)), [sa.rejected, sb.rejected], 'each ingest recorded its rejects once');
  } finally {
    await a.close();
    await b.close();
  }
});
