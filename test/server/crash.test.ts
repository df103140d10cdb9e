/**
 * `kill -9` of the server mid-batch, and restart: a batch is either wholly in, or replayed from the spool at the
 * next start, and a client retry only finds duplicates. The ledger ends equal to one CLI ingest of the same events.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyFile } from '../../src/server/key-file.js';
import { newKey } from '../../src/server/keys.js';
import { openStore } from '../../src/ledger/store/open-store.js';
import { ingest } from '../../src/ledger/ingest/ingest.js';
import { buildReport } from '../../src/ledger/report/report.js';
import { defaultConfig } from '../../src/ledger/config.js';
import { startServerProcess } from './process.js';
import { events } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tp-serve-kill-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function post(url: string, key: string, body: string): Promise<{ ok: true; accepted: number; duplicates: number } | { ok: false }> {
  try {
    const r = await fetch(`${url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' }, body });
    const j = (await r.json()) as { accepted: number; duplicates: number };
    return { ok: true, ...j };
  } catch {
    return { ok: false }; // the connection died with the server
  }
}

test('kill -9 after spooling and after committing: restart and retry leave exactly one copy of every event', async () => {
  const data = join(dir, 'data');
  const { record, key } = await newKey('acme', 'ingest', null);
  await new KeyFile(join(data, 'keys.json')).add(record);
  const a = events(1000, 'crash-a');
  const b = events(1000, 'crash-b');

  // 1. killed right after the body reached the spool, before any of it was committed
  let p = await startServerProcess(['--db', data], { TOKENPRINT_SERVE_KILL_AT: 'spooled' });
  assert.deepEqual(await post(p.url, key, a), { ok: false });
  assert.equal((await p.exited).signal, 'SIGKILL');
  assert.equal(readdirSync(join(data, 'spool', 'acme')).length, 1, 'the batch waits in the spool');

  // 2. the next start replays the spool; this one is killed after committing batch b, before answering
  p = await startServerProcess(['--db', data], { TOKENPRINT_SERVE_KILL_AT: 'committed' });
  assert.deepEqual(await post(p.url, key, b), { ok: false });
  assert.equal((await p.exited).signal, 'SIGKILL');

  // 3. a clean start; the client retries both batches it got no answer for: all duplicates
  p = await startServerProcess(['--db', data]);
  try {
    const ra = await post(p.url, key, a);
    const rb = await post(p.url, key, b);
    assert.deepEqual(ra, { ok: true, ...(ra.ok ? ra : {}), accepted: 0, duplicates: 1000 });
    assert.deepEqual(rb, { ok: true, ...(rb.ok ? rb : {}), accepted: 0, duplicates: 1000 });
  } finally {
    await p.stop();
  }
  assert.deepEqual(readdirSync(join(data, 'spool', 'acme')), [], 'spool empty');

  // the server's ledger equals one CLI ingest of a + b
  writeFileSync(join(dir, 'ab.jsonl'), a + b);
  const cli = await openStore(join(dir, 'cli.duckdb'));
  const served = await openStore(join(data, 'tenants', 'acme.duckdb'));
  try {
    await ingest(cli, defaultConfig(), [join(dir, 'ab.jsonl')]);
    const want = await buildReport(cli, { by: ['model'] });
    const got = await buildReport(served, { by: ['model'] });
    assert.equal(got.total.requests, 2000);
    assert.equal(got.total.inputTokens, want.total.inputTokens);
    // the same rows summed in a different insertion order: equal up to double rounding (1e-12 relative)
    assert.ok(Math.abs(got.total.carbonKg.location.value - want.total.carbonKg.location.value) <= 1e-12 * want.total.carbonKg.location.value);
  } finally {
    await cli.close();
    await served.close();
  }
});
