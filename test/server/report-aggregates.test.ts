/**
 * GET /v1/report over a tenant ledger holding per-request rows and usage buckets: the same use case as the CLI report
 * (buckets' requests counted, uncounted buckets named), and a filtered report sums buckets as the unfiltered one does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testServer, events, type TestServer } from './helpers.js';
import { openStore } from '../../src/ledger/store/open-store.js';
import { ingest } from '../../src/ledger/ingest/ingest.js';
import { buildReport, type Report } from '../../src/ledger/report/report.js';
import { defaultConfig, parseConfig, type LedgerConfig } from '../../src/ledger/config.js';
import { tenantDbPath } from '../../src/server/tenants.js';

/** Ingests `files` into the tenant's ledger before the server first opens it; the CLI report of it (by `by`). */
async function seedTenant(s: TestServer, tenant: string, config: LedgerConfig, files: string[], by: Report['by'] = []): Promise<Report> {
  if (s.storage.kind !== 'duckdb') throw new Error('the test server stores tenants in DuckDB files');
  mkdirSync(join(s.storage.dataDir, 'tenants'), { recursive: true });
  const store = await openStore(tenantDbPath(s.storage.dataDir, tenant));
  try {
    await ingest(store, config, files);
    return await buildReport(store, { by });
  } finally {
    await store.close();
  }
}

test('GET /v1/report counts buckets as the CLI report does, filtered or not', async () => {
  const s = await testServer();
  try {
    const reader = (await s.key('bkt', 'read')).key;
    // The tenant's ledger, written before the server first opens it: requests and buckets.
    const file = join(s.dir, 'rows.jsonl');
    writeFileSync(file, events(50, 'r'));
    const want = await seedTenant(s, 'bkt', defaultConfig(), [file, 'test/fixtures/usage/openai-usage-completions.json', 'test/fixtures/usage/anthropic-usage-report.json'], ['provider']);
    assert.deepEqual([want.total.buckets, want.total.bucketsWithoutRequestCount], [3, 1]);
    const got = (await (await s.call('/v1/report?by=provider', { key: reader })).json()) as Report;
    assert.deepEqual(
      [got.total.requests, got.total.buckets, got.total.bucketsWithoutRequestCount, got.total.inputTokens],
      [want.total.requests, 3, 1, want.total.inputTokens],
    );
    assert.equal(got.total.energyKWh.value, want.total.energyKWh.value);
    // the CSV export (the dashboard's download) carries the same counts beside requests
    const csv = (await (await s.call('/v1/report?by=provider&format=csv', { key: reader })).text()).trim().split('\n');
    const head = csv[0].split(',');
    const total = csv[csv.length - 1].split(',');
    const col = (name: string) => Number(total[head.indexOf(name)]);
    assert.deepEqual([col('requests'), col('buckets'), col('buckets_without_request_count')], [want.total.requests, 3, 1]);
    assert.equal(col('share_aggregate'), want.total.methodMix.aggregate);
    const anthropic = want.rows.find((r) => r.keys.provider === 'anthropic');
    const filtered = (await (await s.call('/v1/report?provider=anthropic', { key: reader })).json()) as Report;
    assert.ok(anthropic);
    assert.deepEqual(
      [filtered.total.requests, filtered.total.buckets, filtered.total.bucketsWithoutRequestCount, filtered.total.methodMix.aggregate],
      [anthropic.requests, anthropic.buckets, 1, anthropic.methodMix.aggregate],
    );
  } finally {
    await s.stop();
  }
});

test('a fallback booked on a bucket without a request count is named as a bucket, not as 0 requests', async () => {
  const s = await testServer();
  try {
    const reader = (await s.key('fb', 'read')).key;
    // Anthropic's usage report (no request count) for a model the catalog does not know, booked leniently.
    const file = join(s.dir, 'anthropic-unknown-model.json');
    writeFileSync(file, readFileSync('test/fixtures/usage/anthropic-usage-report.json', 'utf8').replaceAll('claude-sonnet-4-20250514', 'claude-nonesuch-9'));
    const want = await seedTenant(s, 'fb', parseConfig('unknownModels: lenient'), [file]);
    assert.equal(want.fallbacks.length, 1);
    assert.match(want.fallbacks[0].note, /claude-nonesuch-9/);
    assert.deepEqual([want.fallbacks[0].requests, want.fallbacks[0].buckets, want.fallbacks[0].bucketsWithoutRequestCount], [0, 1, 1]);
    const got = (await (await s.call('/v1/report', { key: reader })).json()) as Report;
    assert.deepEqual(got.fallbacks, want.fallbacks);
  } finally {
    await s.stop();
  }
});
